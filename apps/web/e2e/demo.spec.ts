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
