/**
 * @module tokenwire client: stream a chat answer from a tokenwire API with fetch, as events,
 * callbacks or a promise, with abort and typed errors. Runs in browsers, Node 20+ and workers.
 */

export type {
  ErrorEvent,
  FinishEvent,
  FinishReason,
  StartEvent,
  TextDeltaEvent,
  TokenwireEvent,
  Usage,
} from '@tokenwire/protocol';
export {
  type ChatStreamError,
  DecodeError,
  type DecodeErrorCode,
  GenerationError,
  HttpError,
  type HttpErrorInit,
  isAbortError,
  NetworkError,
  StreamAbortedError,
  TokenwireError,
  type TokenwireErrorInit,
  type TokenwireErrorKind,
  TruncatedStreamError,
} from './errors/index.js';
export {
  type ChatStream,
  type FetchFunction,
  type StreamChatOptions,
  streamChat,
} from './stream-chat.js';
export type { ChatRequest, ChatRequestMessage, ChatResult, PartialChatResult } from './types.js';
