import type { HighlightResult } from 'streamdown';

/** Main thread → worker: tokenize `code` as `language` (an id or alias; unknown means plain). */
export interface HighlightRequest {
  id: number;
  code: string;
  language: string;
}

/** Worker → main thread: the tokens for request `id`, with light and dark colours. */
export interface HighlightResponse {
  id: number;
  result: HighlightResult;
}
