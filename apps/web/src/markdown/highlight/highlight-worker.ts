// @module Syntax highlighting off the main thread: Shiki compiles a grammar in hundreds of
// milliseconds, which on the page would freeze a streaming answer.
import {
  type BundledLanguage,
  bundledLanguages,
  bundledLanguagesInfo,
  createHighlighter,
} from 'shiki';
import { createJavaScriptRegexEngine } from 'shiki/engine/javascript';
import type { HighlightRequest, HighlightResponse } from './messages.js';

const themes = { light: 'github-light', dark: 'github-dark' } as const;
const aliases = new Map<string, string>(
  bundledLanguagesInfo.flatMap((info) => [
    [info.id, info.id],
    ...(info.aliases ?? []).map((alias): [string, string] => [alias, info.id]),
  ]),
);
// The JavaScript regex engine needs no WebAssembly download; `forgiving` skips the rare pattern
// it cannot translate instead of failing the whole grammar.
const highlighter = createHighlighter({
  themes: [themes.light, themes.dark],
  langs: [],
  engine: createJavaScriptRegexEngine({ forgiving: true }),
});

async function highlight({ id, code, language }: HighlightRequest): Promise<HighlightResponse> {
  const instance = await highlighter;
  const resolved = aliases.get(language.trim().toLowerCase());
  let lang: BundledLanguage | 'text' =
    resolved && resolved in bundledLanguages ? (resolved as BundledLanguage) : 'text';
  if (lang !== 'text' && !instance.getLoadedLanguages().includes(lang)) {
    try {
      await instance.loadLanguage(lang);
    } catch {
      lang = 'text';
    }
  }
  const { tokens, fg, bg, rootStyle } = instance.codeToTokens(code, { lang, themes });
  return { id, result: { tokens, fg, bg, rootStyle } };
}

// Requests are answered one at a time, in order: the page already drops superseded ones.
let queue = Promise.resolve();
self.addEventListener('message', (event: MessageEvent<HighlightRequest>) => {
  queue = queue.then(async () => {
    try {
      self.postMessage(await highlight(event.data));
    } catch {
      self.postMessage({ id: event.data.id, result: undefined });
    }
  });
});
