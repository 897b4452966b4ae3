import type { ChatMessageToolCall } from '@tokenwire/react';
import './reasoning-and-tools.css';

export interface ToolCallCardProps {
  call: ChatMessageToolCall;
}

/** One tool call of an answer: its name, its arguments as they stream, then its result. */
export function ToolCallCard({ call }: ToolCallCardProps) {
  const state = !call.isComplete
    ? 'calling'
    : call.error !== undefined
      ? 'failed'
      : call.result !== undefined
        ? 'done'
        : 'waiting';
  return (
    <section className="tool-call" data-state={state} aria-label={`Tool call ${call.name}`}>
      <header className="tool-call-header">
        <svg aria-hidden="true" viewBox="0 0 16 16" width="14" height="14">
          <path
            d="M10.5 2.5a3 3 0 0 0-3.9 3.9L2.5 10.5l3 3 4.1-4.1a3 3 0 0 0 3.9-3.9l-1.8 1.8-2-.5-.5-2z"
            fill="none"
            stroke="currentColor"
            strokeWidth="1.3"
            strokeLinejoin="round"
          />
        </svg>
        <code className="tool-call-name">{call.name}</code>
        <span className="tool-call-state">{STATE_LABELS[state]}</span>
      </header>
      <div className="tool-call-section">
        <span className="tool-call-caption">Arguments</span>
        <pre className="tool-call-arguments">{formatArguments(call)}</pre>
      </div>
      {state === 'done' && (
        <div className="tool-call-section">
          <span className="tool-call-caption">Result</span>
          <pre className="tool-call-result">{formatValue(call.result)}</pre>
        </div>
      )}
      {state === 'failed' && (
        <div className="tool-call-section">
          <span className="tool-call-caption">Error</span>
          <pre className="tool-call-result">{call.error}</pre>
        </div>
      )}
    </section>
  );
}

const STATE_LABELS = {
  calling: 'Calling…',
  waiting: 'Waiting for the result…',
  done: 'Done',
  failed: 'Failed',
} as const;

/** Indented once complete; while streaming the text is not JSON yet, so it shows as it comes. */
function formatArguments(call: ChatMessageToolCall): string {
  return call.isComplete && call.arguments !== undefined
    ? formatValue(call.arguments)
    : call.argumentsText;
}

function formatValue(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value, null, 2) ?? '');
}
