/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Where the API lives when it is not this page's own origin (`/api/chat`). Read at build time. */
  readonly VITE_API_URL?: string;
  /**
   * How long an answer's connection may stay silent (heartbeats included) before the client
   * resumes it or ends it "Interrupted", in ms; unset: the client's default. See
   * `resolveSilenceTimeout`.
   */
  readonly VITE_SILENCE_TIMEOUT_MS?: string;
}

// React ships a profiling build of react-dom/client without its own type declarations.
declare module 'react-dom/profiling' {
  export * from 'react-dom/client';
}
