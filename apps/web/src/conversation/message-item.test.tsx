import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { describeEnding } from './describe-ending.js';
import { formatMetrics } from './format-metrics.js';
import { MessageItem } from './message-item.js';

describe('MessageItem', () => {
  it("shows the user's text as written, not as markdown", () => {
    render(
      <MessageItem message={{ id: 'u', role: 'user', content: '# not a heading <b>x</b>' }} />,
    );
    expect(screen.queryByRole('heading')).toBeNull();
    expect(screen.getByText('# not a heading <b>x</b>')).toBeTruthy();
  });

  it('marks a stopped answer and shows its metrics discreetly', () => {
    const { container } = render(
      <MessageItem
        message={{
          id: 'a',
          role: 'assistant',
          content: 'Partial',
          status: 'stopped',
          metrics: {
            startedAt: 0,
            deltaCount: 3,
            timeToFirstTokenMs: 212.4,
            tokensPerSecond: 48.6,
          },
        }}
      />,
    );
    expect(container.querySelector('.ending-badge')?.textContent).toBe('Stopped');
    expect(container.querySelector('.metrics')?.textContent).toBe('first token 212 ms · 49 tok/s');
  });

  it('shows a waiting indicator before the first token', () => {
    render(
      <MessageItem message={{ id: 'a', role: 'assistant', content: '', status: 'streaming' }} />,
    );
    expect(screen.getByRole('status').textContent).toBe('Waiting…');
  });
});

describe('describeEnding', () => {
  it('names every way an answer can end short, and nothing for a normal end', () => {
    expect(describeEnding({ status: 'stopped' })).toBe('Stopped');
    expect(describeEnding({ status: 'done', finishReason: 'abort' })).toBe('Stopped');
    expect(describeEnding({ status: 'error' })).toBe('Interrupted');
    expect(describeEnding({ status: 'done', finishReason: 'length' })).toBe(
      'Cut off at the length limit',
    );
    expect(describeEnding({ status: 'done', finishReason: 'content_filter' })).toBe(
      'Stopped by the content filter',
    );
    expect(describeEnding({ status: 'done', finishReason: 'stop' })).toBeUndefined();
    expect(describeEnding({ status: 'streaming' })).toBeUndefined();
  });
});

describe('formatMetrics', () => {
  it('formats what is known and skips the rest', () => {
    expect(formatMetrics({})).toBe('');
    expect(
      formatMetrics({ metrics: { startedAt: 0, deltaCount: 0, timeToFirstTokenMs: 1530 } }),
    ).toBe('first token 1.5 s');
    expect(
      formatMetrics({
        metrics: { startedAt: 0, deltaCount: 1, tokensPerSecond: 4.26 },
        usage: { promptTokens: 1, completionTokens: 1 },
      }),
    ).toBe('4.3 tok/s · 1 token');
  });
});
