import { capture } from './capture.js';
import { expect, test } from './fixtures.js';

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

/** The states the chat UI issue (#16) asks for, at a desktop and a 390 px phone width. */
for (const screen of [
  { name: '1280', viewport: { width: 1280, height: 860 } },
  { name: '390', viewport: { width: 390, height: 844 } },
]) {
  test(`screenshot: message actions and versions, light, ${screen.name} px`, async ({
    page,
    chat,
  }, testInfo) => {
    await page.setViewportSize(screen.viewport);
    await page.goto('/');
    await chat.ask(`[mock drop=30 once id=shot-${screen.name}] Explain proxies`);
    await expect(chat.alert).toBeVisible();
    await chat.lastAnswer().getByRole('button', { name: 'Regenerate' }).click();
    await chat.waitForAnswer();
    await expect(chat.lastAnswer().getByText('2 / 2')).toBeVisible();
    await capture(page, testInfo, `versions-light-${screen.name}`);

    await chat.questions().first().getByRole('button', { name: 'Edit message' }).click();
    await capture(page, testInfo, `edit-light-${screen.name}`);
    await page.keyboard.press('Escape');
  });

  test(`screenshot: waiting, then stopped, dark, ${screen.name} px`, async ({
    page,
    chat,
  }, testInfo) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.setViewportSize(screen.viewport);
    await page.goto('/');
    await chat.ask('[mock stall=3000 tokens=3000 rate=60] Take your time');
    await expect(chat.lastAnswer().getByText('Waiting…')).toBeVisible();
    await capture(page, testInfo, `waiting-dark-${screen.name}`);
    await expect.poll(() => chat.answerText().then((text) => text.length)).toBeGreaterThan(80);
    await page.keyboard.press('Escape');
    await expect(chat.lastAnswer().locator('.ending-badge')).toHaveText('Stopped');
    await capture(page, testInfo, `stopped-dark-${screen.name}`);
  });

  test(`screenshot: past conversations, light, ${screen.name} px`, async ({
    page,
    chat,
  }, testInfo) => {
    await page.setViewportSize(screen.viewport);
    await page.goto('/');
    await chat.ask('[mock rate=2000] How do proxies buffer?');
    await chat.waitForAnswer();
    await page.getByRole('button', { name: 'New chat' }).click();
    await page.getByRole('button', { name: 'Past conversations' }).click();
    await capture(page, testInfo, `past-light-${screen.name}`);
  });
}
