export interface AppHeaderProps {
  onNewChat: () => void;
}

/** The top bar: the product's name and the control that starts over. */
export function AppHeader({ onNewChat }: AppHeaderProps) {
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
      </div>
      <button type="button" className="button button-ghost" onClick={onNewChat}>
        <svg aria-hidden="true" viewBox="0 0 16 16" width="14" height="14">
          <path
            d="M8 3v10M3 8h10"
            fill="none"
            stroke="currentColor"
            strokeWidth="1.7"
            strokeLinecap="round"
          />
        </svg>
        New chat
      </button>
    </header>
  );
}
