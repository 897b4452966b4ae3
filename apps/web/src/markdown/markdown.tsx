import {
  type ControlsConfig,
  defaultRehypePlugins,
  defaultRemarkPlugins,
  type PluginConfig,
  Streamdown,
  type StreamdownProps,
} from 'streamdown';
import { createWorkerHighlighter } from './highlight/create-worker-highlighter.js';
import { remarkHtmlAsText } from './remark-html-as-text.js';
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
];

// Streamdown memoizes on these props by identity, so they are created once.
// Without Worker (jsdom) code stays plain: highlighting on the page would stall the stream.
const plugins: PluginConfig =
  typeof Worker === 'undefined'
    ? {}
    : {
        code: createWorkerHighlighter(
          () =>
            new Worker(new URL('./highlight/highlight-worker.ts', import.meta.url), {
              type: 'module',
              name: 'highlight',
            }),
        ),
      };
const controls: ControlsConfig = {
  code: { copy: true, download: false },
  table: { copy: false, download: false, fullscreen: false },
  mermaid: false,
  image: false,
};
const components = { a: SafeLink };
const linkSafety = { enabled: false };

export interface MarkdownProps {
  children: string;
  /** True while the text is still arriving: unfinished fences and tables are then repaired. */
  isStreaming: boolean;
}

/** Renders an answer's markdown as it streams, safely (see the pipeline above). */
export function Markdown({ children, isStreaming }: MarkdownProps) {
  return (
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
  );
}
