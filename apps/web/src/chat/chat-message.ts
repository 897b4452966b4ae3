// The UI shows and stores messages exactly as `useChat` keeps them.
export type {
  ChatMessage,
  ChatMessageMetrics as AnswerMetrics,
  ChatMessageStatus as MessageStatus,
} from '@tokenwire/react';
