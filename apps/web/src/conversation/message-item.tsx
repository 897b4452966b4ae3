import type { ChatMessage } from '../chat/chat-message.js';
import { Markdown } from '../markdown/markdown.js';
import { AnswerSteps, hasAnswerSteps } from './answer-steps.js';
import { CopyButton } from './copy-button.js';
import { describeEnding } from './describe-ending.js';
import { formatMetrics } from './format-metrics.js';
import { RegenerateIcon } from './icons.js';
import type { MessageActions } from './message-actions.js';
import { UserMessage } from './user-message.js';
import { VersionSwitcher } from './version-switcher.js';

export interface MessageItemProps {
  message: ChatMessage;
  /** Which version of this turn is shown (from 1), and how many there are. */
  versionIndex?: number;
  versionCount?: number;
  /** True on the last answer once it ended (finished, stopped or failed). */
  canRegenerate?: boolean;
  /** Without them (a read-only view), no controls are shown. */
  actions?: MessageActions | undefined;
}

/** One turn: the user's text as written, or the assistant's answer as markdown with its footer. */
export function MessageItem({
  message,
  versionIndex = 1,
  versionCount = 1,
  canRegenerate = false,
  actions,
}: MessageItemProps) {
  if (message.role === 'user') {
    return (
      <UserMessage
        message={message}
        versionIndex={versionIndex}
        versionCount={versionCount}
        actions={actions}
      />
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
      <AnswerSteps message={message} />
      {message.content === '' && isStreaming ? (
        !hasAnswerSteps(message) && (
          <div className="thinking" role="status">
            <span className="dot" />
            <span className="dot" />
            <span className="dot" />
            <span className="thinking-label">Waiting…</span>
          </div>
        )
      ) : (
        <Markdown isStreaming={isStreaming}>{message.content}</Markdown>
      )}
      {(ending || metrics || (actions && !isStreaming)) && (
        <div className="message-footer">
          {actions && !isStreaming && (
            <div className="message-actions">
              {versionCount > 1 && (
                <VersionSwitcher
                  versions={{ index: versionIndex, count: versionCount }}
                  onSwitch={(step) => actions.onSwitchVersion(message.id, step)}
                />
              )}
              {message.content !== '' && <CopyButton text={message.content} />}
              {canRegenerate && (
                <button
                  type="button"
                  className="message-action"
                  aria-label="Regenerate"
                  title="Regenerate"
                  onClick={actions.onRegenerate}
                >
                  <RegenerateIcon />
                </button>
              )}
            </div>
          )}
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
