import { type FormEvent, type KeyboardEvent, useLayoutEffect, useRef, useState } from 'react';

export interface ComposerProps {
  /** Sends the text; the box is cleared when this returns true. */
  onSend: (text: string) => boolean;
  onStop: () => void;
  /** True while an answer is requested or streaming: Send waits, Stop shows. */
  isBusy: boolean;
}

/** Tallest the box grows before it scrolls, in px (about eight lines). */
const MAX_HEIGHT = 208;

/**
 * The message box: Enter sends, Shift+Enter adds a line (and Enter while an input method is
 * composing is left to the IME); Send is disabled while the box is empty or an answer streams.
 */
export function Composer({ onSend, onStop, isBusy }: ComposerProps) {
  const [text, setText] = useState('');
  const textarea = useRef<HTMLTextAreaElement>(null);
  const canSend = text.trim() !== '' && !isBusy;

  // The box grows with its text; CSS `field-sizing: content` would do it but is Chromium-only.
  useLayoutEffect(() => {
    const element = textarea.current;
    if (!element) return;
    element.style.height = 'auto';
    element.style.height = `${Math.min(element.scrollHeight, MAX_HEIGHT)}px`;
  }, [text]);

  const send = () => {
    if (!canSend) return;
    if (onSend(text.trim())) setText('');
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    send();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key !== 'Enter' || event.shiftKey || event.nativeEvent.isComposing) return;
    event.preventDefault();
    send();
  };

  return (
    <form className="composer" onSubmit={onSubmit}>
      <div className="composer-box">
        <textarea
          ref={textarea}
          className="composer-input"
          aria-label="Message"
          placeholder="Ask anything"
          rows={1}
          value={text}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={onKeyDown}
          // biome-ignore lint/a11y/noAutofocus: the page exists to type into this box.
          autoFocus
        />
        <div className="composer-actions">
          {isBusy && (
            <button type="button" className="button button-stop" onClick={onStop}>
              <svg aria-hidden="true" viewBox="0 0 16 16" width="12" height="12">
                <rect x="3" y="3" width="10" height="10" rx="2" fill="currentColor" />
              </svg>
              Stop
            </button>
          )}
          <button type="submit" className="button button-send" disabled={!canSend}>
            Send
            <svg aria-hidden="true" viewBox="0 0 16 16" width="14" height="14">
              <path
                d="M8 13V3M3.5 7.5 8 3l4.5 4.5"
                fill="none"
                stroke="currentColor"
                strokeWidth="1.8"
                strokeLinecap="round"
                strokeLinejoin="round"
              />
            </svg>
          </button>
        </div>
      </div>
      <p className="composer-hint">
        <kbd>Enter</kbd> to send · <kbd>Shift</kbd>+<kbd>Enter</kbd> for a new line
      </p>
    </form>
  );
}
