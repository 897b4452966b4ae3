import { describeError } from './describe-error.js';

export interface ErrorAlertProps {
  error: unknown;
  onRetry: () => void;
}

/** The error of the last answer, announced to assistive technology, with a way to try again. */
export function ErrorAlert({ error, onRetry }: ErrorAlertProps) {
  const { title, detail } = describeError(error);
  return (
    <div role="alert" className="error-alert">
      <svg className="error-icon" aria-hidden="true" viewBox="0 0 20 20" width="18" height="18">
        <circle cx="10" cy="10" r="8.25" fill="none" stroke="currentColor" strokeWidth="1.5" />
        <path d="M10 5.75v5.25" stroke="currentColor" strokeWidth="1.7" strokeLinecap="round" />
        <circle cx="10" cy="14" r="1.05" fill="currentColor" />
      </svg>
      <div className="error-text">
        <strong>{title}</strong>
        <span className="error-detail">{detail}</span>
      </div>
      <button type="button" className="button button-retry" onClick={onRetry}>
        Retry
      </button>
    </div>
  );
}
