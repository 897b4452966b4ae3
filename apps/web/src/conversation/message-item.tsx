import type { ChatMessage } from '../chat/chat-message.js';
import { Markdown } from '../markdown/markdown.js';
import { describeEnding } from './describe-ending.js';
import { formatMetrics } from './format-metrics.js';

export interface MessageItemProps {
  message: ChatMessage;
}

/** One turn: the user's text as written, or the assistant's answer as markdown with its footer. */
export function MessageItem({ message }: MessageItemProps) {
  if (message.role === 'user') {
    return (
      <div className="message message-user" data-role="user">
        <span className="visually-hidden">You said:</span>
        <div className="message-user-text">{message.content}</div>
      </div>
    );
  }
  const isStreaming = message.status === 'streaming';
  const ending = describeEnding(message);
  const metrics = formatMetrics(message);
  return (
    <div
      className="message message-assistant"
      data-role="assistant"
      data-status={message.status ?? 'done'}
      aria-busy={isStreaming || undefined}
    >
      <span className="visually-hidden">Assistant:</span>
      {message.content === '' && isStreaming ? (
        <div className="thinking">
          <span className="dot" />
          <span className="dot" />
          <span className="dot" />
          <span className="visually-hidden">Waiting for the first token</span>
        </div>
      ) : (
        <Markdown isStreaming={isStreaming}>{message.content}</Markdown>
      )}
      {(ending || metrics) && (
        <div className="message-footer">
          {ending && (
            <span className="ending-badge" data-ending={message.status ?? message.finishReason}>
              {ending}
            </span>
          )}
          {metrics && <span className="metrics">{metrics}</span>}
        </div>
      )}
    </div>
  );
}
