import { existsSync } from 'node:fs';
import { buildWeb } from './build-web.js';

/** The browser tests run against the built app: build it first, so they test the current code. */
export default async function globalSetup(): Promise<void> {
  if (!existsSync('/usr/bin/chromium')) {
    throw new Error('Chromium is missing at /usr/bin/chromium: apt-get install chromium');
  }
  await buildWeb();
}
