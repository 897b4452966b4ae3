import { join } from 'node:path';
import { build } from 'vite';
import { webRoot } from './start-stack.js';

/** Builds the app into `dist/` exactly as `pnpm --filter @tokenwire/web build` does. */
export async function buildWeb(): Promise<void> {
  await build({ root: webRoot, configFile: join(webRoot, 'vite.config.ts'), logLevel: 'warn' });
}
