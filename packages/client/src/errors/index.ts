export type { ChatStreamError } from './chat-stream-error.js';
export { DecodeError, type DecodeErrorCode } from './decode-error.js';
export { GenerationError } from './generation-error.js';
export { HttpError, type HttpErrorInit } from './http-error.js';
export { isAbortError } from './is-abort-error.js';
export { NetworkError, type NetworkErrorCode } from './network-error.js';
export { StreamAbortedError } from './stream-aborted-error.js';
export {
  TokenwireError,
  type TokenwireErrorInit,
  type TokenwireErrorKind,
} from './tokenwire-error.js';
export { TruncatedStreamError } from './truncated-stream-error.js';
