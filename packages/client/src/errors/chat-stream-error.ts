import type { DecodeError } from './decode-error.js';
import type { GenerationError } from './generation-error.js';
import type { HttpError } from './http-error.js';
import type { NetworkError } from './network-error.js';
import type { StreamAbortedError } from './stream-aborted-error.js';
import type { TruncatedStreamError } from './truncated-stream-error.js';

/**
 * Every error a stream can end with, discriminated by `kind`.
 *
 * @example
 * function message(error: ChatStreamError): string {
 *   switch (error.kind) {
 *     case 'http':
 *       return error.status === 429 ? 'Too many requests.' : error.message;
 *     case 'aborted':
 *       return 'Stopped.';
 *     default:
 *       return error.message;
 *   }
 * }
 */
export type ChatStreamError =
  | HttpError
  | NetworkError
  | GenerationError
  | TruncatedStreamError
  | DecodeError
  | StreamAbortedError;
