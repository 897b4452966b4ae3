import type { CodeHighlighterPlugin, HighlightOptions, HighlightResult } from 'streamdown';
import type { HighlightRequest, HighlightResponse } from './messages.js';

/** Finished blocks whose tokens are kept, so re-renders and restored chats cost no worker trip. */
const CACHE_SIZE = 200;
const themes: [string, string] = ['github-light', 'github-dark'];

interface Pending extends HighlightRequest {
  isIncomplete: boolean;
  callbacks: Array<(result: HighlightResult) => void>;
}

/** A streamdown code plugin whose final results can be noticed without a callback. */
export interface WorkerHighlighter extends CodeHighlighterPlugin {
  /**
   * Counts the finished blocks whose final tokens arrived. A view that re-renders anyway (an
   * answer's next frame) reads it to re-render its code blocks in the same commit.
   */
  getVersion: () => number;
}

/**
 * A streamdown code plugin that highlights in a Web Worker, so grammar compiles and tokenizing
 * never block the page while an answer streams. `highlight` answers at once with what it can:
 * the cached tokens, or, for a block still growing, the colours of the lines it already knew
 * plus the new lines as plain text; the worker's full result follows through the callback.
 * While a block streams only its newest text is queued: superseded versions are dropped.
 *
 * @param startWorker creates the worker; called on the first code block
 */
export function createWorkerHighlighter(startWorker: () => Worker): WorkerHighlighter {
  let worker: Worker | undefined;
  let nextId = 0;
  let version = 0;
  let inFlight: Pending | undefined;
  const queue: Pending[] = [];
  const cache = new Map<string, HighlightResult>();
  /** The newest result per language, to colour a growing block's known lines at once. */
  const latest = new Map<string, { code: string; result: HighlightResult }>();

  const keyOf = (language: string, code: string) => `${language}\u0000${code}`;

  const store = (language: string, code: string, result: HighlightResult) => {
    cache.set(keyOf(language, code), result);
    if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    version++;
  };

  const remember = (pending: Pending, result: HighlightResult) => {
    latest.set(pending.language, { code: pending.code, result });
    if (!pending.isIncomplete) store(pending.language, pending.code, result);
  };

  const pump = () => {
    if (inFlight || queue.length === 0) return;
    inFlight = queue.shift();
    if (!inFlight) return;
    if (!worker) {
      worker = startWorker();
      worker.addEventListener('message', (event: MessageEvent<HighlightResponse>) => {
        const done = inFlight;
        inFlight = undefined;
        if (done && event.data.id === done.id && event.data.result) {
          remember(done, event.data.result);
          for (const callback of done.callbacks) callback(event.data.result);
        }
        pump();
      });
    }
    const { id, code, language } = inFlight;
    worker.postMessage({ id, code, language } satisfies HighlightRequest);
  };

  const enqueue = (options: HighlightOptions, callback?: (result: HighlightResult) => void) => {
    const { code, language, isIncomplete = false } = options;
    const same = [inFlight, ...queue].find(
      (pending) => pending && pending.language === language && pending.code === code,
    );
    if (same) {
      // The fence closed on text already queued while it grew: that result is now the final one.
      if (!isIncomplete) same.isIncomplete = false;
      if (callback) same.callbacks.push(callback);
      return;
    }
    // A streaming block asks again on every frame; only its newest text is worth tokenizing.
    const superseded = queue.findIndex(
      (pending) =>
        pending.isIncomplete && pending.language === language && code.startsWith(pending.code),
    );
    if (superseded !== -1) queue.splice(superseded, 1);
    queue.push({
      id: nextId++,
      code,
      language,
      isIncomplete,
      callbacks: callback ? [callback] : [],
    });
    pump();
  };

  return {
    name: 'shiki',
    type: 'code-highlighter',
    getThemes: () => themes,
    getSupportedLanguages: () => [],
    // The worker knows Shiki's languages; anything it does not know is shown as plain text.
    supportsLanguage: () => true,
    highlight(options, callback) {
      const cached = cache.get(keyOf(options.language, options.code));
      if (cached) return cached;
      // A block whose fence just closed usually has the text the worker tokenized last frame.
      const known = latest.get(options.language);
      if (known?.code === options.code) {
        if (!options.isIncomplete) store(options.language, options.code, known.result);
        return known.result;
      }
      enqueue(options, callback);
      return provisional(options.code, known);
    },
    getVersion: () => version,
  };
}

/**
 * Tokens to show before the worker answers: the lines an earlier result of a prefix of this
 * code already coloured (all but its last, which may have grown), then the rest as plain text.
 */
function provisional(
  code: string,
  known: { code: string; result: HighlightResult } | undefined,
): HighlightResult {
  const lines = code.split('\n');
  const isPrefix = known !== undefined && code.startsWith(known.code);
  const kept = isPrefix
    ? known.result.tokens.slice(0, Math.max(0, known.code.split('\n').length - 1))
    : [];
  let offset = kept.reduce((sum, _line, index) => sum + (lines[index]?.length ?? 0) + 1, 0);
  const plain = lines.slice(kept.length).map((line) => {
    const token = [{ content: line, offset }];
    offset += line.length + 1;
    return token;
  });
  return {
    tokens: [...kept, ...plain],
    ...(isPrefix
      ? { fg: known.result.fg, bg: known.result.bg, rootStyle: known.result.rootStyle }
      : {}),
  };
}
