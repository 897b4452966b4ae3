/**
 * @module tokenwire for React: `useChat`, a chat conversation streamed from a tokenwire API that
 * renders at most once per animation frame.
 */

export type {
  ChatResult,
  ChatStreamError,
  FetchFunction,
  FinishReason,
  TokenwireErrorKind,
  Usage,
} from '@tokenwire/client';
export type {
  ChatMessage,
  ChatMessageMetrics,
  ChatMessageStatus,
  ChatStatus,
  UseChatOptions,
  UseChatResult,
} from './types.js';
export { useChat } from './use-chat.js';
