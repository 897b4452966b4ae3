// @module Entry of the tokenwire chat page: mounts <App>, with a render-cost probe under ?profile.
import { Profiler, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { resolveApiUrl } from './api-url.js';
import { App } from './app.js';
import { warmUpMarkdown } from './markdown/warm-up-markdown.js';
import { resolveSilenceTimeout } from './resolve-silence-timeout.js';
import '@fontsource-variable/inter';
import 'katex/dist/katex.min.css';
import './styles.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');
const api = resolveApiUrl(import.meta.env.VITE_API_URL);
const silenceTimeoutMs = resolveSilenceTimeout(import.meta.env.VITE_SILENCE_TIMEOUT_MS);
const storage = safeLocalStorage();

if (new URLSearchParams(location.search).has('profile')) {
  // Production React drops <Profiler> callbacks; its profiling build keeps them. Loading it only
  // here keeps the everyday bundle lean, and tests still measure the very build users get.
  const [{ createRoot: createProfilingRoot }, { installRenderProbe }] = await Promise.all([
    import('react-dom/profiling'),
    import('./profiling/render-probe.js'),
  ]);
  const probe = installRenderProbe(window);
  createProfilingRoot(container).render(
    <Profiler id="app" onRender={probe.onRender}>
      <App
        api={api}
        storage={storage}
        silenceTimeoutMs={silenceTimeoutMs}
        onMessages={probe.onMessages}
      />
    </Profiler>,
  );
} else {
  createRoot(container).render(
    <StrictMode>
      <App api={api} storage={storage} silenceTimeoutMs={silenceTimeoutMs} />
    </StrictMode>,
  );
}

warmUpMarkdown();

function safeLocalStorage(): Storage | undefined {
  // Reading `localStorage` throws where storage is disabled (some privacy modes, sandboxed frames).
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}
