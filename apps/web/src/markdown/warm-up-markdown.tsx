import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { Markdown } from './markdown.js';

/** Exercises what answers use: remend's repairs, each block type, inline syntax, GFM tables. */
const sample = `## Heading

A paragraph with *emphasis*, **strong**, \`code\`, ~~strike~~ and a [link](https://example.com).

- item
  1. nested

> quote

| a | b |
| --- | ---: |
| 1 | 2 |

Unfinished **bold and a | table
| x |`;

/**
 * Renders a sample answer once, off screen, when the page is idle. The first answer's first
 * frame would otherwise compile the whole markdown pipeline (parsers, regular expressions,
 * plugins) while the reader watches: tens of milliseconds, a long task on a slow machine.
 * No code fence: that would start the highlighting worker for a page that may never need it.
 */
export function warmUpMarkdown(): void {
  const run = () => {
    const root = createRoot(document.createElement('div'));
    flushSync(() => root.render(<Markdown isStreaming>{sample}</Markdown>));
    flushSync(() => root.render(<Markdown isStreaming={false}>{sample}</Markdown>));
    root.unmount();
  };
  if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: 2000 });
  else setTimeout(run, 200);
}
