import { useEffect, useState } from 'react';
import { CheckIcon, CopyIcon } from './icons.js';

/** How long the button shows its check mark after copying (ms). */
const COPIED_MS = 2000;

export interface CopyButtonProps {
  /** The text to copy: an answer's markdown source. */
  text: string;
}

/** "Copy message": puts the text on the clipboard and says "Copied" politely. */
export function CopyButton({ text }: CopyButtonProps) {
  const [isCopied, setCopied] = useState(false);

  useEffect(() => {
    if (!isCopied) return;
    const timer = setTimeout(() => setCopied(false), COPIED_MS);
    return () => clearTimeout(timer);
  }, [isCopied]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
    } catch {
      // No clipboard (an insecure origin, a denied permission): nothing was copied, so no "Copied".
    }
  };

  return (
    <>
      <button
        type="button"
        className="message-action"
        aria-label="Copy message"
        title="Copy message"
        data-copied={isCopied || undefined}
        onClick={() => void copy()}
      >
        {isCopied ? <CheckIcon /> : <CopyIcon />}
      </button>
      <span role="status" className="visually-hidden">
        {isCopied ? 'Copied' : ''}
      </span>
    </>
  );
}
