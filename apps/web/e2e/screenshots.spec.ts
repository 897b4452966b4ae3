import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page, TestInfo } from '@playwright/test';
import { expect, test } from './fixtures.js';
import { webRoot } from './start-stack.js';

/** Screenshots land here under stable names (and are attached to the report). */
const screenshotDirectory = join(webRoot, 'test-results', 'screenshots');

async function capture(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  mkdirSync(screenshotDirectory, { recursive: true });
  const path = join(screenshotDirectory, `${name}.png`);
  await page.screenshot({ path });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

for (const colorScheme of ['light', 'dark'] as const) {
  for (const width of [1280, 375]) {
    test(`screenshot: a finished answer, ${colorScheme}, ${width} px`, async ({
      page,
      chat,
    }, testInfo) => {
      await page.emulateMedia({ colorScheme });
      await page.setViewportSize({ width, height: width > 500 ? 860 : 812 });
      await page.goto('/');
      if (width === 1280 && colorScheme === 'light')
        await capture(page, testInfo, 'empty-light-1280');
      await chat.ask('Show me how streaming works');
      await chat.waitForAnswer();
      // Shiki loads grammars lazily; wait for the colours before taking the picture.
      await expect
        .poll(() =>
          chat
            .lastAnswer()
            .locator('code span span')
            .evaluateAll(
              (spans) => new Set(spans.map((span) => getComputedStyle(span).color)).size,
            ),
        )
        .toBeGreaterThan(1);
      // Nothing may stick out sideways at phone width: tables and code scroll inside themselves.
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - window.innerWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
      await capture(page, testInfo, `chat-${colorScheme}-${width}`);
    });
  }
}

test('screenshot: an interrupted answer with its alert, dark, 375 px', async ({
  page,
  chat,
}, testInfo) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.setViewportSize({ width: 375, height: 812 });
  await page.goto('/');
  await chat.ask('[mock drop=40] Tell me about proxies');
  await expect(chat.alert).toBeVisible();
  await capture(page, testInfo, 'error-dark-375');
});
