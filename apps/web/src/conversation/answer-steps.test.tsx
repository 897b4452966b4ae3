import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../chat/chat-message.js';
import { getWeather } from '../demo-tools/get-weather.js';
import { MessageItem } from './message-item.js';

const base: ChatMessage = { id: 'a', role: 'assistant', content: '' };
const call = {
  id: 'call_a',
  name: 'get_weather',
  argumentsText: '{"city":"Par',
  isComplete: false,
};

describe('AnswerSteps in MessageItem', () => {
  it('streams reasoning under a live "Thinking…" label, instead of "Waiting…"', () => {
    render(
      <MessageItem
        message={{
          ...base,
          status: 'streaming',
          reasoning: 'Let me see',
          metrics: { startedAt: 0, deltaCount: 0 },
        }}
      />,
    );
    expect(screen.getByRole('status').textContent).toBe('Thinking…');
    expect(screen.getByText('Let me see')).toBeTruthy();
    expect(screen.queryByText('Waiting…')).toBeNull();
    expect(screen.queryByRole('button', { name: /Thought for/ })).toBeNull();
  });

  it('folds the reasoning into "Thought for N s" once the answer starts, and opens it', () => {
    render(
      <MessageItem
        message={{
          ...base,
          content: 'The answer',
          status: 'streaming',
          reasoning: 'Let me see',
          metrics: { startedAt: 0, deltaCount: 1, reasoningMs: 2400 },
        }}
      />,
    );
    expect(screen.queryByText('Thinking…')).toBeNull();
    const toggle = screen.getByRole('button', { name: 'Thought for 2 s' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(screen.getByText('Let me see').hidden).toBe(true);
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(screen.getByText('Let me see').hidden).toBe(false);
  });

  it('says "Thought for 1 s" for a short reasoning, never 0 s', () => {
    render(
      <MessageItem
        message={{
          ...base,
          status: 'done',
          reasoning: 'Quick',
          metrics: { startedAt: 0, deltaCount: 0, reasoningMs: 120 },
        }}
      />,
    );
    expect(screen.getByRole('button', { name: 'Thought for 1 s' })).toBeTruthy();
  });

  it('shows a tool call as a card: arguments as they stream, then its result', () => {
    const { rerender } = render(
      <MessageItem message={{ ...base, status: 'streaming', toolCalls: [call] }} />,
    );
    const card = screen.getByRole('region', { name: 'Tool call get_weather' });
    expect(card.textContent).toContain('Calling…');
    expect(card.textContent).toContain('{"city":"Par');
    expect(screen.queryByText('Waiting…')).toBeNull();
    rerender(
      <MessageItem
        message={{
          ...base,
          status: 'done',
          finishReason: 'tool_calls',
          toolCalls: [
            {
              ...call,
              argumentsText: '{"city":"Paris"}',
              arguments: { city: 'Paris' },
              isComplete: true,
              result: { forecast: 'Sunny' },
            },
          ],
        }}
      />,
    );
    expect(card.textContent).toContain('Done');
    expect(card.textContent).toContain('"forecast": "Sunny"');
  });
});

describe('getWeather (demo tool)', () => {
  it('answers a fixed forecast for the city asked', async () => {
    const execute = typeof getWeather === 'function' ? getWeather : getWeather.execute;
    expect(await execute?.({ city: 'Kraków' }, { ...call, isComplete: true })).toMatchObject({
      city: 'Kraków',
      forecast: 'Sunny with a light breeze',
      temperature: 21,
    });
  });
});
