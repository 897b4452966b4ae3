import type { ReactNode } from 'react';

export interface AppHeaderProps {
  onNewChat: () => void;
  /** True when the API streams from its built-in demo upstream: the header says so. */
  isDemo?: boolean;
  /** Extra controls before New chat (the past conversations). */
  children?: ReactNode;
}

/** The top bar: the product's name, the demo badge, and the controls that start over. */
export function AppHeader({ onNewChat, isDemo = false, children }: AppHeaderProps) {
  return (
    <header className="app-header">
      <div className="brand">
        <svg className="brand-mark" aria-hidden="true" viewBox="0 0 24 24" width="22" height="22">
          <rect width="24" height="24" rx="7" fill="currentColor" />
          <path
            d="M6 9h5M6 12.5h9M6 16h6.5"
            stroke="var(--surface)"
            strokeWidth="2"
            strokeLinecap="round"
          />
          <circle cx="18" cy="16" r="1.6" fill="var(--surface)" />
        </svg>
        <span className="brand-name">tokenwire</span>
        {isDemo && (
          <span className="demo-badge">
            <button type="button" className="demo-badge-button" aria-describedby="demo-tip">
              Demo model
            </button>
            <span role="tooltip" id="demo-tip" className="demo-tip">
              Answers come from the API's built-in demo model: canned answers that show what this
              page can do. To connect a real model, set <code>OPENAI_API_KEY</code> (or{' '}
              <code>OPENAI_BASE_URL</code> for Ollama, vLLM, LM Studio…) where the API runs, and
              restart it.
            </span>
          </span>
        )}
      </div>
      <div className="header-actions">
        {children}
        <button type="button" className="button button-ghost new-chat" onClick={onNewChat}>
          <svg aria-hidden="true" viewBox="0 0 16 16" width="14" height="14">
            <path
              d="M8 3v10M3 8h10"
              fill="none"
              stroke="currentColor"
              strokeWidth="1.7"
              strokeLinecap="round"
            />
          </svg>
          <span className="new-chat-label">New chat</span>
        </button>
      </div>
    </header>
  );
}
