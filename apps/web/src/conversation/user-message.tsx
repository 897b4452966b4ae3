import { type KeyboardEvent, useEffect, useRef, useState } from 'react';
import type { ChatMessage } from '../chat/chat-message.js';
import { EditIcon } from './icons.js';
import type { MessageActions } from './message-actions.js';
import { VersionSwitcher } from './version-switcher.js';

export interface UserMessageProps {
  message: ChatMessage;
  versionIndex: number;
  versionCount: number;
  actions: MessageActions | undefined;
}

/**
 * The user's turn as written, with "Edit message": the bubble becomes a box prefilled with the
 * text; Enter or Save sends it as a new version, Escape or Cancel leaves it as it was.
 */
export function UserMessage({ message, versionIndex, versionCount, actions }: UserMessageProps) {
  const [draft, setDraft] = useState<string | undefined>(undefined);
  const box = useRef<HTMLTextAreaElement>(null);
  const editButton = useRef<HTMLButtonElement>(null);
  const isEditing = draft !== undefined;

  useEffect(() => {
    if (!isEditing) return;
    const element = box.current;
    element?.focus();
    element?.setSelectionRange(element.value.length, element.value.length);
  }, [isEditing]);

  const cancel = () => {
    setDraft(undefined);
    // Back to where the reader was, not to the page body.
    requestAnimationFrame(() => editButton.current?.focus());
  };

  const save = () => {
    const text = draft?.trim() ?? '';
    if (text === '') return;
    setDraft(undefined);
    if (text !== message.content) actions?.onEdit(message.id, text);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Escape') {
      // The app's Escape stops a streaming answer; here it only leaves the edit.
      event.preventDefault();
      event.stopPropagation();
      cancel();
    } else if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      save();
    }
  };

  return (
    <div className="message message-user" data-role="user" data-editing={isEditing || undefined}>
      <span className="visually-hidden">You said:</span>
      {isEditing ? (
        <form
          className="message-edit"
          onSubmit={(event) => {
            event.preventDefault();
            save();
          }}
        >
          <textarea
            ref={box}
            className="message-edit-input"
            aria-label="Edit message"
            value={draft}
            rows={Math.min(8, Math.max(2, draft.split('\n').length))}
            onChange={(event) => setDraft(event.target.value)}
            onKeyDown={onKeyDown}
          />
          <div className="message-edit-actions">
            <button type="button" className="button button-ghost" onClick={cancel}>
              Cancel
            </button>
            <button type="submit" className="button button-send" disabled={draft.trim() === ''}>
              Save
            </button>
          </div>
        </form>
      ) : (
        <div className="message-user-text">{message.content}</div>
      )}
      {!isEditing && actions && (
        <div className="message-actions message-actions-user">
          {versionCount > 1 && (
            <VersionSwitcher
              versions={{ index: versionIndex, count: versionCount }}
              onSwitch={(step) => actions.onSwitchVersion(message.id, step)}
            />
          )}
          <button
            ref={editButton}
            type="button"
            className="message-action"
            aria-label="Edit message"
            title="Edit message"
            onClick={() => setDraft(message.content)}
          >
            <EditIcon />
          </button>
        </div>
      )}
    </div>
  );
}
