import {
  type CSSProperties,
  type ReactNode,
  useContext,
  useEffect,
  useLayoutEffect,
  useReducer,
  useRef,
  useState,
} from 'react';
import type { CodeHighlighterPlugin, HighlightResult } from 'streamdown';
import { useIsCodeFenceIncomplete } from 'streamdown';
import { MarkdownFrameContext } from './markdown-frame-context.js';
import { requestRefresh } from './request-refresh.js';

export interface CodeBlockProps {
  code: string;
  language: string;
  /** Highlights code; undefined shows it plain. */
  highlighter: CodeHighlighterPlugin | undefined;
}

const themes: [string, string] = ['github-light', 'github-dark'];

/**
 * While its answer streams, a block whose final colours arrived re-renders with the answer's next
 * frame; it re-renders by itself only if no frame showed them within this time (a model pausing).
 */
const STREAMING_FALLBACK_MS = 250;

/**
 * A fenced code block: language, copy button and highlighted lines. The tokens are computed
 * while rendering (the highlighter answers at once from its cache or with a provisional
 * colouring), so a streaming block costs one commit per frame like the rest of the answer;
 * streamdown's own block stores them in state from an effect, which commits twice.
 */
export function CodeBlock({ code, language, highlighter }: CodeBlockProps) {
  const isIncomplete = useIsCodeFenceIncomplete();
  // Also subscribes this block to its answer's frames: see MarkdownFrame.highlightVersion.
  const { isStreaming } = useContext(MarkdownFrameContext);
  const [, refresh] = useReducer((count: number) => count + 1, 0);
  const current = useRef({ code, language });
  current.current = { code, language };
  const shown = useRef<HighlightResult | null | undefined>(undefined);

  // While the block grows the next frame picks up the worker's colours anyway; a finished block
  // re-renders when its final tokens arrive, but in a streaming answer a render of its own would
  // be a second commit in that frame, so it waits for the answer's frame to show them.
  const result: HighlightResult | null | undefined = highlighter?.highlight(
    { code, language, isIncomplete, themes },
    isIncomplete
      ? undefined
      : (final) => {
          requestRefresh(
            () => {
              const isSame = current.current.code === code && current.current.language === language;
              if (isSame && shown.current !== final) refresh();
            },
            isStreaming ? STREAMING_FALLBACK_MS : 0,
          );
        },
  );
  useLayoutEffect(() => {
    shown.current = result;
  });

  return (
    <div
      className="code-block"
      data-streamdown="code-block"
      data-language={language}
      data-incomplete={isIncomplete || undefined}
    >
      <div className="code-block-header" data-streamdown="code-block-header">
        <span>{language || 'text'}</span>
        <CopyButton code={code} disabled={isIncomplete} />
      </div>
      <div className="code-block-body" data-streamdown="code-block-body">
        <pre>
          <code>{renderLines(code, result)}</code>
        </pre>
      </div>
    </div>
  );
}

function renderLines(code: string, result: HighlightResult | null | undefined): ReactNode {
  if (!result) {
    return code.split('\n').map((line, index) => (
      <span className="line" key={index}>
        {line || '\n'}
      </span>
    ));
  }
  return result.tokens.map((line, lineIndex) => (
    <span className="line" key={lineIndex}>
      {line.length === 0 || (line.length === 1 && line[0]?.content === '')
        ? '\n'
        : line.map((token, tokenIndex) => (
            <span key={tokenIndex} style={tokenStyle(token.color, token.htmlStyle)}>
              {token.content}
            </span>
          ))}
    </span>
  ));
}

/** Shiki's dual-theme token style as two custom properties the stylesheet picks from. */
function tokenStyle(
  color: string | undefined,
  htmlStyle: Record<string, string> | undefined,
): CSSProperties | undefined {
  const light = htmlStyle?.color ?? color;
  const dark = htmlStyle?.['--shiki-dark'];
  if (!light && !dark) return undefined;
  const style: Record<string, string> = {};
  if (light) style['--token-light'] = light;
  if (dark) style['--token-dark'] = dark;
  const fontStyle = htmlStyle?.['font-style'];
  if (fontStyle) style.fontStyle = fontStyle;
  return style as CSSProperties;
}

function CopyButton({ code, disabled }: { code: string; disabled: boolean }) {
  const [hasCopied, setCopied] = useState(false);
  useEffect(() => {
    if (!hasCopied) return;
    const timer = setTimeout(() => setCopied(false), 2000);
    return () => clearTimeout(timer);
  }, [hasCopied]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(code);
      setCopied(true);
    } catch {
      // Clipboard access refused (insecure origin, permissions): nothing to announce but no copy.
    }
  };
  return (
    <>
      <output className="visually-hidden" aria-live="polite">
        {hasCopied ? 'Copied' : ''}
      </output>
      <button
        type="button"
        className="code-copy"
        data-streamdown="code-block-copy-button"
        data-copied={hasCopied || undefined}
        aria-label="Copy code"
        title="Copy code"
        disabled={disabled}
        onClick={copy}
      >
        {hasCopied ? (
          <svg aria-hidden="true" viewBox="0 0 16 16" width="14" height="14">
            <path
              d="M3.5 8.5 6.5 11.5 12.5 4.5"
              fill="none"
              stroke="currentColor"
              strokeWidth="1.7"
              strokeLinecap="round"
              strokeLinejoin="round"
            />
          </svg>
        ) : (
          <svg aria-hidden="true" viewBox="0 0 16 16" width="14" height="14">
            <rect
              x="5.25"
              y="5.25"
              width="8"
              height="8"
              rx="1.75"
              fill="none"
              stroke="currentColor"
              strokeWidth="1.4"
            />
            <path
              d="M10.75 3.5v-.25a1.5 1.5 0 0 0-1.5-1.5h-5a1.5 1.5 0 0 0-1.5 1.5v5a1.5 1.5 0 0 0 1.5 1.5h.25"
              fill="none"
              stroke="currentColor"
              strokeWidth="1.4"
            />
          </svg>
        )}
      </button>
    </>
  );
}
