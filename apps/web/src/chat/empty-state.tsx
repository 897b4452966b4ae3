import type { Suggestion } from './suggestions.js';

export interface EmptyStateProps {
  suggestions: readonly Suggestion[];
  onPick: (prompt: string) => void;
}

/** What a new conversation shows: a greeting and a few prompts to start from. */
export function EmptyState({ suggestions, onPick }: EmptyStateProps) {
  return (
    <section className="empty-state" aria-labelledby="empty-state-title">
      <h1 id="empty-state-title">What should we stream?</h1>
      <p>Answers arrive token by token, rendered as markdown while they stream.</p>
      <ul className="suggestions" aria-label="Suggestions">
        {suggestions.map((suggestion) => (
          <li key={suggestion.label}>
            <button type="button" className="suggestion" onClick={() => onPick(suggestion.prompt)}>
              {suggestion.label}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
