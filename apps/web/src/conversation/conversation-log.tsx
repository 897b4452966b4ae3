import { memo, type ReactNode, type Ref, useImperativeHandle, useRef } from 'react';
import type { ChatMessage } from '../chat/chat-message.js';
import type { MessageVersions } from '../versions/index.js';
import type { MessageActions } from './message-actions.js';
import { MessageItem } from './message-item.js';
import { useFollowScroll } from './use-follow-scroll.js';

export interface ConversationLogHandle {
  /** Scroll to the newest message and follow the stream again. */
  jumpToLatest: () => void;
}

export interface ConversationLogProps {
  messages: readonly ChatMessage[];
  /** True between sending and the first token, when no answer is on screen yet. */
  isWaiting: boolean;
  /** True while an answer streams: assistive technology then waits for it to settle. */
  isBusy: boolean;
  /** Shown above the (empty) log when there is no conversation yet. */
  emptyState?: ReactNode;
  /** Rendered after the log, inside the scrolling area (the error alert). */
  footer?: ReactNode;
  /** The version counter of each message (default: one version). */
  versionsOf?: ((messageId: string) => MessageVersions) | undefined;
  /** Copy, Regenerate, Edit and version switching; without them the log is read-only. */
  actions?: MessageActions | undefined;
  ref?: Ref<ConversationLogHandle>;
}

const Message = memo(MessageItem);

/** Where the last line of text can be: the last turn's text, or the error alert after it. */
const LAST_TEXT =
  '.log > :last-child :is(.markdown, .message-user-text, .thinking), .log ~ .error-alert';

/**
 * The conversation: an ARIA log that scrolls with the answer as it streams, unless the reader
 * scrolls up, in which case a "Jump to latest" control appears.
 */
export function ConversationLog({
  messages,
  isWaiting,
  isBusy,
  emptyState,
  footer,
  versionsOf,
  actions,
  ref,
}: ConversationLogProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const content = useRef<HTMLDivElement>(null);
  const last = messages.at(-1);
  const revision = `${messages.length}:${last?.content.length}:${last?.status}:${isWaiting}:${Boolean(footer)}`;
  const { isFollowing, isEndHidden, jumpToLatest } = useFollowScroll(
    scroller,
    content,
    revision,
    () => {
      const ends = content.current?.querySelectorAll(LAST_TEXT);
      return ends?.[ends.length - 1];
    },
  );
  useImperativeHandle(ref, () => ({ jumpToLatest }), [jumpToLatest]);

  return (
    <div className="conversation">
      <div className="scroller" ref={scroller}>
        <div className="column" ref={content}>
          {messages.length === 0 && emptyState}
          <div role="log" aria-label="Conversation" aria-busy={isBusy || undefined} className="log">
            {messages.map((message, index) => {
              const versions = versionsOf?.(message.id);
              return (
                <Message
                  key={message.id}
                  message={message}
                  versionIndex={versions?.index}
                  versionCount={versions?.count}
                  canRegenerate={
                    index === messages.length - 1 &&
                    message.role === 'assistant' &&
                    message.status !== 'streaming'
                  }
                  actions={actions}
                />
              );
            })}
            {isWaiting && (
              <div
                className="message message-assistant"
                data-role="assistant"
                data-status="waiting"
              >
                <div className="thinking" role="status">
                  <span className="dot" />
                  <span className="dot" />
                  <span className="dot" />
                  <span className="thinking-label">Waiting…</span>
                </div>
              </div>
            )}
          </div>
          {footer}
        </div>
      </div>
      {!isFollowing && isEndHidden && (
        <button type="button" className="jump-to-latest" onClick={jumpToLatest}>
          <svg aria-hidden="true" viewBox="0 0 16 16" width="14" height="14">
            <path
              d="M8 3v10M3.5 8.5 8 13l4.5-4.5"
              fill="none"
              stroke="currentColor"
              strokeWidth="1.6"
              strokeLinecap="round"
              strokeLinejoin="round"
            />
          </svg>
          Jump to latest
        </button>
      )}
    </div>
  );
}
