import { act, fireEvent, render, screen } from '@testing-library/react';
import { Profiler, type ReactNode } from 'react';
import type { CodeHighlighterPlugin, HighlightResult } from 'streamdown';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CodeBlock } from './code-block.js';
import { type MarkdownFrame, MarkdownFrameContext } from './markdown-frame-context.js';

function fakeHighlighter(result: HighlightResult | null) {
  const highlight = vi.fn(() => result);
  const plugin: CodeHighlighterPlugin = {
    name: 'shiki',
    type: 'code-highlighter',
    getThemes: () => ['github-light', 'github-dark'],
    getSupportedLanguages: () => [],
    supportsLanguage: () => true,
    highlight,
  };
  return { plugin, highlight };
}

describe('CodeBlock', () => {
  it('renders the tokens the highlighter returns, with light and dark colours', () => {
    const { plugin } = fakeHighlighter({
      tokens: [
        [
          { content: 'const', htmlStyle: { color: '#d73a49', '--shiki-dark': '#f97583' } },
          { content: ' a = 1;' },
        ],
        [],
        [{ content: 'a;' }],
      ],
    });
    const { container } = render(
      <CodeBlock code={'const a = 1;\n\na;'} language="ts" highlighter={plugin} />,
    );
    const lines = container.querySelectorAll('code > .line');
    expect(lines).toHaveLength(3);
    const keyword = lines[0]?.querySelector('span') as HTMLElement;
    expect(keyword.textContent).toBe('const');
    expect(keyword.style.getPropertyValue('--token-light')).toBe('#d73a49');
    expect(keyword.style.getPropertyValue('--token-dark')).toBe('#f97583');
    expect(container.querySelector('[data-streamdown="code-block-header"]')?.textContent).toContain(
      'ts',
    );
  });

  it('shows plain lines when there is no highlighter', () => {
    const { container } = render(<CodeBlock code={'a\nb'} language="" highlighter={undefined} />);
    expect([...container.querySelectorAll('code > .line')].map((line) => line.textContent)).toEqual(
      ['a', 'b'],
    );
    expect(container.querySelector('[data-streamdown="code-block-header"]')?.textContent).toContain(
      'text',
    );
  });

  it('copies the code and says so', async () => {
    const writeText = vi.fn(async () => {});
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText } });
    render(<CodeBlock code="npm test" language="sh" highlighter={undefined} />);
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Copy code' }));
    });
    expect(writeText).toHaveBeenCalledWith('npm test');
    expect(screen.getByText('Copied')).toBeTruthy();
  });
});

/** A highlighter that answers plain at first and calls back with colours when `deliver()` runs. */
function slowHighlighter() {
  const plain: HighlightResult = { tokens: [[{ content: 'a();', offset: 0 }]] };
  const final: HighlightResult = { tokens: [[{ content: 'a();', offset: 0, color: '#c00' }]] };
  let hasArrived = false;
  const callbacks: Array<(result: HighlightResult) => void> = [];
  const plugin: CodeHighlighterPlugin = {
    ...fakeHighlighter(null).plugin,
    highlight: (_options, callback) => {
      if (hasArrived) return final;
      if (callback) callbacks.push(callback);
      return plain;
    },
  };
  const deliver = () => {
    hasArrived = true;
    for (const callback of callbacks.splice(0)) callback(final);
  };
  return { plugin, deliver };
}

describe('CodeBlock: when the final colours arrive', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  function renderIn(frame: MarkdownFrame, plugin: CodeHighlighterPlugin) {
    const commits = { count: 0 };
    const tree = (value: MarkdownFrame): ReactNode => (
      <Profiler id="block" onRender={() => commits.count++}>
        <MarkdownFrameContext value={value}>
          <CodeBlock code="a();" language="js" highlighter={plugin} />
        </MarkdownFrameContext>
      </Profiler>
    );
    const rendered = render(tree(frame));
    const color = () =>
      (
        rendered.container.querySelector('code .line span') as HTMLElement | null
      )?.style.getPropertyValue('--token-light');
    return {
      ...rendered,
      commits,
      color,
      rerenderIn: (value: MarkdownFrame) => rendered.rerender(tree(value)),
    };
  }

  it('a finished answer re-renders the block in the next animation frame', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'requestAnimationFrame'] });
    const { plugin, deliver } = slowHighlighter();
    const block = renderIn({ isStreaming: false, highlightVersion: 0 }, plugin);
    expect(block.color()).toBe('');
    act(() => deliver());
    expect(block.color()).toBe('');
    act(() => vi.advanceTimersToNextFrame());
    expect(block.color()).toBe('#c00');
  });

  it('a streaming answer shows them with its next frame, without a render of the block alone', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'requestAnimationFrame'] });
    const { plugin, deliver } = slowHighlighter();
    const block = renderIn({ isStreaming: true, highlightVersion: 0 }, plugin);
    act(() => deliver());
    act(() => vi.advanceTimersToNextFrame());
    const commitsBefore = block.commits.count;
    expect(block.color()).toBe('');
    // The answer's next frame: the version it read changed, so the memoized block re-renders.
    block.rerenderIn({ isStreaming: true, highlightVersion: 1 });
    expect(block.color()).toBe('#c00');
    expect(block.commits.count).toBe(commitsBefore + 1);
    act(() => vi.advanceTimersByTime(1000));
    act(() => vi.advanceTimersToNextFrame());
    expect(block.commits.count).toBe(commitsBefore + 1);
  });

  it('a streaming answer that pauses still gets them, a moment later', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'requestAnimationFrame'] });
    const { plugin, deliver } = slowHighlighter();
    const block = renderIn({ isStreaming: true, highlightVersion: 0 }, plugin);
    act(() => deliver());
    act(() => vi.advanceTimersToNextFrame());
    expect(block.color()).toBe('');
    act(() => vi.advanceTimersByTime(1000));
    act(() => vi.advanceTimersToNextFrame());
    expect(block.color()).toBe('#c00');
  });
});
