import { expect, screens, test } from './fixtures.js';

for (const screen of screens) {
  test.describe(`past conversations, ${screen.name}`, () => {
    test.use({ viewport: screen.viewport });

    test('New chat keeps the conversation in a list, to reopen (with its versions) or delete', async ({
      page,
      chat,
      upstream,
    }) => {
      await page.goto('/');
      await chat.ask('[mock rate=2000] The first conversation');
      await chat.waitForAnswer();
      await chat.lastAnswer().getByRole('button', { name: 'Regenerate' }).click();
      await chat.waitForAnswer();
      await expect(chat.lastAnswer().getByText('2 / 2')).toBeVisible();

      await page.getByRole('button', { name: 'New chat' }).click();
      await expect(chat.log).toHaveText('');
      await chat.expectMessageBoxFocused();
      await chat.ask('[mock rate=2000] The second conversation');
      await chat.waitForAnswer();

      const toggle = page.getByRole('button', { name: 'Past conversations' });
      await toggle.click();
      const panel = page.getByRole('region', { name: 'Past conversations' });
      await expect(
        panel.getByRole('button', { name: /^\[mock rate=2000\] The first conversation/ }),
      ).toBeVisible();

      // A reload keeps the list, local to this browser.
      await page.reload();
      await toggle.click();
      await panel
        .getByRole('button', { name: /^\[mock rate=2000\] The first conversation/ })
        .click();
      await expect(panel).toHaveCount(0);
      await expect(chat.questions()).toHaveCount(1);
      await expect(chat.questions().first()).toContainText('The first conversation');
      await expect(chat.lastAnswer().getByText('2 / 2')).toBeVisible();
      await chat.expectMessageBoxFocused();

      // Continuing it sends its own history, and the second conversation is now in the list.
      await chat.ask('[mock rate=2000] More on the first');
      await chat.waitForAnswer();
      expect(upstream.at(-1)?.messages.map((message) => message.role)).toEqual([
        'user',
        'assistant',
        'user',
      ]);
      expect(upstream.at(-1)?.messages[0]?.content).toContain('The first conversation');

      await toggle.click();
      await expect(
        panel.getByRole('button', { name: /^\[mock rate=2000\] The first conversation/ }),
      ).toHaveCount(0);
      await panel
        .getByRole('button', { name: 'Delete “[mock rate=2000] The second conversation”' })
        .click();
      await expect(panel.getByRole('listitem')).toHaveCount(0);
      await page.keyboard.press('Escape');
      await expect(panel).toHaveCount(0);
      await page.reload();
      await toggle.click();
      await expect(panel).toContainText('Nothing yet');
    });
  });
}
