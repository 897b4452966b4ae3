/**
 * @module tokenwire for React: `useChat`, a chat conversation streamed from a tokenwire API that
 * renders at most once per animation frame.
 */

export type {
  ChatRequestToolChoice,
  ChatResult,
  ChatStreamError,
  ChatToolCall,
  FetchFunction,
  FinishReason,
  TokenwireErrorKind,
  Usage,
} from '@tokenwire/client';
export type {
  ChatMessage,
  ChatMessageMetrics,
  ChatMessageStatus,
  ChatMessageToolCall,
  ChatStatus,
  ChatTool,
  ChatToolFunction,
  UseChatOptions,
  UseChatResult,
} from './types.js';
export { useChat } from './use-chat.js';
