import { useEffect, useId, useRef, useState } from 'react';
import type { ArchivedConversation } from './archived-conversation.js';

export interface PastConversationsProps {
  archive: readonly ArchivedConversation[];
  onOpen: (id: string) => void;
  onDelete: (id: string) => void;
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/**
 * "Past conversations": a button that opens the list of conversations put aside in this
 * browser, each to reopen (its title) or delete. Escape or a click elsewhere closes it.
 */
export function PastConversations({ archive, onOpen, onDelete }: PastConversationsProps) {
  const [isOpen, setOpen] = useState(false);
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!isOpen) return;
    const onPointerDown = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    // Capture phase: Escape closes the list first, and must not also stop an answer streaming
    // behind it (the app listens for Escape on window).
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      event.preventDefault();
      event.stopPropagation();
      setOpen(false);
      toggle.current?.focus();
    };
    document.addEventListener('pointerdown', onPointerDown);
    document.addEventListener('keydown', onKeyDown, true);
    return () => {
      document.removeEventListener('pointerdown', onPointerDown);
      document.removeEventListener('keydown', onKeyDown, true);
    };
  }, [isOpen]);

  return (
    <div className="past" ref={root}>
      <button
        ref={toggle}
        type="button"
        className="button button-ghost"
        aria-expanded={isOpen}
        aria-controls={panelId}
        onClick={() => setOpen((open) => !open)}
      >
        <svg aria-hidden="true" viewBox="0 0 16 16" width="14" height="14">
          <path
            d="M2.5 8a5.5 5.5 0 1 0 1.6-3.9M2.5 2.5v2.6h2.6M8 5v3.2l2.2 1.3"
            fill="none"
            stroke="currentColor"
            strokeWidth="1.5"
            strokeLinecap="round"
            strokeLinejoin="round"
          />
        </svg>
        <span className="past-label">Past conversations</span>
      </button>
      {isOpen && (
        <section id={panelId} className="past-panel" aria-label="Past conversations">
          {archive.length === 0 ? (
            <p className="past-empty">
              Nothing yet. New chat keeps the current conversation here, in this browser.
            </p>
          ) : (
            <ul className="past-list">
              {archive.map((conversation) => (
                <li key={conversation.id} className="past-item">
                  <button
                    type="button"
                    className="past-open"
                    onClick={() => {
                      setOpen(false);
                      onOpen(conversation.id);
                    }}
                  >
                    <span className="past-title">{conversation.title}</span>
                    <span className="past-date">
                      {dateFormat.format(new Date(conversation.updatedAt))}
                    </span>
                  </button>
                  <button
                    type="button"
                    className="message-action"
                    aria-label={`Delete “${conversation.title}”`}
                    title="Delete"
                    onClick={() => onDelete(conversation.id)}
                  >
                    <svg aria-hidden="true" viewBox="0 0 16 16" width="15" height="15">
                      <path
                        d="M3 4.5h10M6.5 4.5V3h3v1.5M4.5 4.5l.6 8.5h5.8l.6-8.5"
                        fill="none"
                        stroke="currentColor"
                        strokeWidth="1.4"
                        strokeLinecap="round"
                        strokeLinejoin="round"
                      />
                    </svg>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </div>
  );
}
