import type { ChatMessage } from '../chat/chat-message.js';
import { ThinkingDisclosure } from './thinking-disclosure.js';
import { ToolCallCard } from './tool-call-card.js';

/** Whether an answer shows anything before its text: reasoning or tool calls. */
export function hasAnswerSteps(message: ChatMessage): boolean {
  return Boolean(message.reasoning) || (message.toolCalls?.length ?? 0) > 0;
}

/** What an answer did before its text: its reasoning, then its tool calls. */
export function AnswerSteps({ message }: { message: ChatMessage }) {
  if (!hasAnswerSteps(message)) return null;
  const toolCalls = message.toolCalls ?? [];
  const isThinking =
    message.status === 'streaming' && message.content === '' && toolCalls.length === 0;
  return (
    <>
      {message.reasoning && (
        <ThinkingDisclosure
          reasoning={message.reasoning}
          isThinking={isThinking}
          durationMs={message.metrics?.reasoningMs}
        />
      )}
      {toolCalls.map((call) => (
        <ToolCallCard key={call.id} call={call} />
      ))}
    </>
  );
}
