export interface EmptyStateProps {
  onPick: (prompt: string) => void;
}

const suggestions = [
  'Explain server-sent events in a paragraph',
  'Write a TypeScript function that retries a fetch',
  'Compare HTTP streaming options in a table',
];

/** What a new conversation shows: a greeting and a few prompts to start from. */
export function EmptyState({ onPick }: EmptyStateProps) {
  return (
    <section className="empty-state" aria-labelledby="empty-state-title">
      <h1 id="empty-state-title">What should we stream?</h1>
      <p>Answers arrive token by token, rendered as markdown while they stream.</p>
      <ul className="suggestions">
        {suggestions.map((suggestion) => (
          <li key={suggestion}>
            <button type="button" className="suggestion" onClick={() => onPick(suggestion)}>
              {suggestion}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
