/**
 * @module tokenwire client: stream a chat answer from a tokenwire API with fetch, as events,
 * callbacks or a promise, with abort, automatic resume and typed errors. Runs in browsers,
 * Node 20+ and workers.
 */

export type {
  ErrorEvent,
  FinishEvent,
  FinishReason,
  ReasoningDeltaEvent,
  StartEvent,
  TextDeltaEvent,
  TokenwireEvent,
  ToolCallDeltaEvent,
  ToolCallEndEvent,
  ToolCallStartEvent,
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
  type NetworkErrorCode,
  StreamAbortedError,
  TokenwireError,
  type TokenwireErrorInit,
  type TokenwireErrorKind,
  TruncatedStreamError,
} from './errors/index.js';
export { type ResumeChatOptions, resumeChat } from './resume-chat.js';
export {
  type ChatStream,
  type ChatStreamStatus,
  type FetchFunction,
  type StreamChatOptions,
  streamChat,
} from './stream-chat.js';
export type {
  ChatRequest,
  ChatRequestMessage,
  ChatRequestTool,
  ChatRequestToolCall,
  ChatRequestToolChoice,
  ChatResult,
  ChatToolCall,
  PartialChatResult,
} from './types.js';
