import { act, fireEvent, render, screen } from '@testing-library/react';
import type { CodeHighlighterPlugin, HighlightResult } from 'streamdown';
import { describe, expect, it, vi } from 'vitest';
import { CodeBlock } from './code-block.js';

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
