import { useId, useState } from 'react';
import './reasoning-and-tools.css';

export interface ThinkingDisclosureProps {
  /** The model's reasoning so far. */
  reasoning: string;
  /** True while only reasoning has arrived: it streams in view under "Thinking…". */
  isThinking: boolean;
  /** How long the model reasoned (`metrics.reasoningMs`). */
  durationMs: number | undefined;
}

/**
 * The model's reasoning: streamed under a live "Thinking…" label, then, once the answer starts
 * (or the message ends), folded into a "Thought for N s" button that shows it again.
 */
export function ThinkingDisclosure({ reasoning, isThinking, durationMs }: ThinkingDisclosureProps) {
  const [isOpen, setIsOpen] = useState(false);
  const panelId = useId();
  if (isThinking) {
    return (
      <div className="reasoning" data-state="thinking">
        <div className="reasoning-label" role="status">
          Thinking…
        </div>
        <div className="reasoning-text">{reasoning}</div>
      </div>
    );
  }
  // Rounded, but never "0 s": a model that reasoned at all thought for some time.
  const seconds = Math.max(1, Math.round((durationMs ?? 0) / 1000));
  return (
    <div className="reasoning" data-state="done">
      <button
        type="button"
        className="reasoning-toggle"
        aria-expanded={isOpen}
        aria-controls={panelId}
        onClick={() => setIsOpen((open) => !open)}
      >
        <svg aria-hidden="true" viewBox="0 0 16 16" width="12" height="12">
          <path d="M6 4l4 4-4 4" fill="none" stroke="currentColor" strokeWidth="1.6" />
        </svg>
        Thought for {seconds} s
      </button>
      <div id={panelId} className="reasoning-text" hidden={!isOpen}>
        {reasoning}
      </div>
    </div>
  );
}
