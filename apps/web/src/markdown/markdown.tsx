import { createMathPlugin } from '@streamdown/math';
import { type ComponentProps, useMemo } from 'react';
import {
  type ControlsConfig,
  defaultRehypePlugins,
  defaultRemarkPlugins,
  type PluginConfig,
  Streamdown,
  type StreamdownProps,
} from 'streamdown';
import { CodeBlock } from './code-block.js';
import { createWorkerHighlighter } from './highlight/create-worker-highlighter.js';
import { MarkdownFrameContext } from './markdown-frame-context.js';
import { remarkHtmlAsText } from './remark-html-as-text.js';
import { remarkSingleDollarMath } from './remark-single-dollar-math.js';
import { SafeLink } from './safe-link.js';

type Pluggables = NonNullable<StreamdownProps['rehypePlugins']>;
type HardenPlugin = Pluggables[number];

const [harden] = defaultRehypePlugins.harden as [HardenPlugin, unknown];

/**
 * Streamdown's defaults let any link, protocol and remote or data: image through, and parse raw
 * HTML (rehype-raw) before sanitizing it. Model output is untrusted, so: no raw HTML at all (it
 * is shown as text), the default sanitize schema still runs, links keep to http(s)/mailto and
 * images are blocked, since a remote image loads by itself and can carry data out in its URL.
 */
const rehypePlugins: Pluggables = [
  defaultRehypePlugins.sanitize as HardenPlugin,
  [
    harden,
    {
      allowedLinkPrefixes: ['*'],
      allowedProtocols: ['http', 'https', 'mailto'],
      allowedImagePrefixes: [],
      allowDataImages: false,
      imageBlockPolicy: 'indicator',
      blockedImageClass: 'blocked-image',
      blockedLinkClass: 'blocked-link',
    },
  ] as HardenPlugin,
];

const remarkPlugins: Pluggables = [
  ...(Object.values(defaultRemarkPlugins) as Pluggables),
  remarkHtmlAsText,
  remarkSingleDollarMath,
];

// Highlighting runs in a worker; without Worker (jsdom) code stays plain rather than stall the page.
const highlighter =
  typeof Worker === 'undefined'
    ? undefined
    : createWorkerHighlighter(
        () =>
          new Worker(new URL('./highlight/highlight-worker.ts', import.meta.url), {
            type: 'module',
            name: 'highlight',
          }),
      );
// Streamdown memoizes on these props by identity, so they are created once. Code blocks are
// ours (see CodeBlock), so streamdown gets no code plugin of its own. Math is KaTeX (remark-math
// + rehype-katex, run after sanitize and harden): `$$…$$` from remark-math, and `$…$` inline too,
// since models write it that way, but read by remarkSingleDollarMath with pandoc's rules so that
// "$5 and $6" stays two prices (remark-math's own rule would make it a formula). KaTeX's defaults
// keep `\href`, `\url` and `\html…` off, so formulas cannot link or carry HTML out. While an
// answer streams, streamdown closes an unfinished `$$` block and leaves a lone `$` alone.
const plugins: PluginConfig = {
  math: createMathPlugin({ singleDollarTextMath: false, errorColor: 'var(--danger)' }),
};
const controls: ControlsConfig = {
  code: false,
  table: { copy: false, download: false, fullscreen: false },
  mermaid: false,
  image: false,
};
type CodeProps = ComponentProps<'code'> & { node?: unknown; 'data-block'?: unknown };

/** Inline code as is; fenced code (streamdown marks it `data-block`) as a {@link CodeBlock}. */
function MarkdownCode({ node: _node, className, children, ...props }: CodeProps) {
  if (!('data-block' in props)) {
    return (
      <code {...props} className={className} data-streamdown="inline-code">
        {children}
      </code>
    );
  }
  const language = /language-([^\s]+)/.exec(className ?? '')?.[1] ?? '';
  const code = typeof children === 'string' ? children.replace(/\n$/, '') : '';
  return <CodeBlock code={code} language={language} highlighter={highlighter} />;
}

const components = { a: SafeLink, code: MarkdownCode };
const linkSafety = { enabled: false };

export interface MarkdownProps {
  children: string;
  /** True while the text is still arriving: unfinished fences and tables are then repaired. */
  isStreaming: boolean;
}

/** Renders an answer's markdown as it streams, safely (see the pipeline above). */
export function Markdown({ children, isStreaming }: MarkdownProps) {
  // Read, not subscribed: while the answer streams every frame renders this anyway, and a block
  // of a finished answer asks for its own render (see CodeBlock).
  const highlightVersion = highlighter?.getVersion() ?? 0;
  const frame = useMemo(() => ({ isStreaming, highlightVersion }), [isStreaming, highlightVersion]);
  return (
    <MarkdownFrameContext value={frame}>
      <Streamdown
        className="markdown"
        mode="streaming"
        isAnimating={isStreaming}
        caret="block"
        plugins={plugins}
        controls={controls}
        components={components}
        rehypePlugins={rehypePlugins}
        remarkPlugins={remarkPlugins}
        linkSafety={linkSafety}
        lineNumbers={false}
        codeBlockMaxHeight={0}
        tableMaxHeight={0}
      >
        {children}
      </Streamdown>
    </MarkdownFrameContext>
  );
}
