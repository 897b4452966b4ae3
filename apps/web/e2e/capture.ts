import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page, TestInfo } from '@playwright/test';
import { webRoot } from './start-stack.js';

/** Screenshots land here under stable names (and are attached to the report). */
const screenshotDirectory = join(webRoot, 'test-results', 'screenshots');

/** Saves a screenshot of the page as `test-results/screenshots/<name>.png`. */
export async function capture(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  mkdirSync(screenshotDirectory, { recursive: true });
  const path = join(screenshotDirectory, `${name}.png`);
  await page.screenshot({ path });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}
