import { sourceConfig } from '@tokenwire/vitest-config';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { apiProxy } from './api-proxy.js';

/** Where `pnpm dev` runs the API (apps/api listens on 8787 unless told otherwise). */
const apiOrigin = process.env.TOKENWIRE_API_ORIGIN ?? 'http://127.0.0.1:8787';

export default defineConfig({
  // Workspace packages resolve to their TypeScript source: `pnpm dev` needs no package build.
  ...sourceConfig,
  plugins: [react()],
  server: { port: 5173, strictPort: true, proxy: apiProxy(apiOrigin) },
  preview: { port: 4173, proxy: apiProxy(apiOrigin) },
  // The highlight worker's imports are found late (when the first code block appears); naming them
  // here spares `pnpm dev` a full page reload on its first answer with code.
  optimizeDeps: { include: ['shiki', 'shiki/engine/javascript'] },
  // Shiki in the highlight worker loads each grammar on demand: the worker must be able to split.
  worker: { format: 'es' },
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    // Shiki's grammars (cpp, emacs-lisp…) are big, but each is its own chunk, fetched only when an
    // answer has a code block in that language.
    chunkSizeWarningLimit: 1024,
  },
});
