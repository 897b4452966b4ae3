import './reasoning-and-tools.css';

/** Shown while the client resumes an interrupted answer (the answer itself stays in view). */
export function ReconnectingStatus() {
  return (
    <div className="reconnecting" role="status">
      <span className="reconnecting-spinner" aria-hidden="true" />
      Reconnecting…
    </div>
  );
}
