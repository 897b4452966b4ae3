import { capture } from './capture.js';
import { expect, screens, test } from './fixtures.js';

// The API runs on its built-in demo upstream here, as under `pnpm dev` without a key.
test.use({ isDemoStack: true });

for (const screen of screens) {
  test.describe(`demo mode, ${screen.name}`, () => {
    test.use({ viewport: screen.viewport });

    test('the header says Demo model, and its tooltip says how to connect a real model', async ({
      page,
    }) => {
      await page.goto('/');
      const badge = page.getByRole('button', { name: 'Demo model' });
      await expect(badge).toBeVisible();
      await badge.focus();
      const tip = page.getByRole('tooltip');
      await expect(tip).toBeVisible();
      await expect(tip).toContainText('OPENAI_API_KEY');
      await expect(badge).toHaveAccessibleDescription(/connect a real model/);
      const suggestions = page.getByRole('list', { name: 'Suggestions' }).getByRole('button');
      await expect(suggestions).toHaveText([
        'Markdown and code',
        'A long answer',
        'Math',
        'An interrupted answer',
        'Think it through',
        'Check the weather',
      ]);
    });

    test('each demo suggestion gets the answer it promises', async ({ page, chat }) => {
      await page.goto('/');
      const suggestions = page.getByRole('list', { name: 'Suggestions' });

      await suggestions.getByRole('button', { name: 'A long answer' }).click();
      await chat.expectMessageBoxFocused();
      await expect(chat.lastAnswer().getByRole('heading', { level: 1 })).toHaveText(
        'A long answer: the life of a streamed token',
      );
      await page.keyboard.press('Escape');
      await chat.waitForAnswer();

      await page.getByRole('button', { name: 'New chat' }).click();
      await suggestions.getByRole('button', { name: 'Math' }).click();
      await expect(chat.lastAnswer().locator('.katex').first()).toBeVisible();
      await page.keyboard.press('Escape');
      await chat.waitForAnswer();

      await page.getByRole('button', { name: 'New chat' }).click();
      await suggestions.getByRole('button', { name: 'Markdown and code' }).click();
      await expect(chat.lastAnswer().locator('[data-streamdown="code-block"]')).toHaveCount(1, {
        timeout: 30_000,
      });
      await page.keyboard.press('Escape');
      await chat.waitForAnswer();

      await page.getByRole('button', { name: 'New chat' }).click();
      await suggestions.getByRole('button', { name: 'An interrupted answer' }).click();
      await expect(chat.alert).toBeVisible({ timeout: 30_000 });
      await expect(chat.alert.getByRole('button', { name: 'Retry' })).toBeVisible();
      await expect(chat.lastAnswer().locator('.ending-badge')).toHaveText('Interrupted');
    });
  });
}

for (const screen of [
  { name: '1280', viewport: { width: 1280, height: 860 } },
  { name: '390', viewport: { width: 390, height: 844 } },
]) {
  test(`screenshot: demo badge, suggestions and math, light, ${screen.name} px`, async ({
    page,
    chat,
  }, testInfo) => {
    await page.setViewportSize(screen.viewport);
    await page.goto('/');
    await page.getByRole('button', { name: 'Demo model' }).focus();
    await expect(page.getByRole('tooltip')).toBeVisible();
    await capture(page, testInfo, `demo-light-${screen.name}`);
    await chat.ask('[mock rate=2000] Explain the math of tokens per second');
    await chat.waitForAnswer();
    await chat.lastAnswer().locator('.katex-display').first().scrollIntoViewIfNeeded();
    await capture(page, testInfo, `math-light-${screen.name}`);
  });
}
