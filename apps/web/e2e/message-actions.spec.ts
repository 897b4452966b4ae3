import { expect, screens, test } from './fixtures.js';

for (const screen of screens) {
  test.describe(`message actions, ${screen.name}`, () => {
    test.use({ viewport: screen.viewport });

    test('Copy message puts the markdown source on the clipboard and says Copied', async ({
      page,
      context,
      chat,
    }) => {
      await context.grantPermissions(['clipboard-read', 'clipboard-write']);
      await page.goto('/');
      await chat.ask('[mock rate=2000] Show me how streaming works');
      await chat.waitForAnswer();
      const answer = chat.lastAnswer();
      await answer.getByRole('button', { name: 'Copy message' }).click();
      await expect(answer.locator('.message-actions').getByRole('status')).toHaveText('Copied');
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      // The source, not the rendered text: markdown syntax is there, and the rendered words too.
      expect(copied).toMatch(/^#{1,3} /m);
      expect(copied).toContain('```');
      const rendered = await chat.answerText(answer);
      expect(copied).toContain(rendered.slice(-20).trim().slice(0, 10));
    });

    test('Regenerate after an interruption keeps both versions, across a reload, and sends the path shown', async ({
      page,
      chat,
      upstream,
    }) => {
      await page.goto('/');
      await chat.ask(`[mock drop=30 once id=versions-${screen.name}] Explain proxies`);
      await expect(chat.alert).toBeVisible();
      await expect(chat.lastAnswer().locator('.ending-badge')).toHaveText('Interrupted');
      const partial = await chat.answerText();

      await chat.lastAnswer().getByRole('button', { name: 'Regenerate' }).click();
      await chat.expectMessageBoxFocused();
      await chat.waitForAnswer();
      await expect(chat.alert).toHaveCount(0);
      const full = await chat.answerText();
      expect(full.length).toBeGreaterThan(partial.length);
      const answer = chat.lastAnswer();
      await expect(answer.getByText('2 / 2')).toBeVisible();
      await expect(chat.log.locator('[data-role="assistant"]')).toHaveCount(1);

      await answer.getByRole('button', { name: 'Previous version' }).click();
      await expect(chat.lastAnswer().getByText('1 / 2')).toBeVisible();
      await expect(chat.lastAnswer()).toHaveAttribute('data-status', 'error');
      expect(await chat.answerText()).toBe(partial);

      await page.reload();
      await expect(chat.lastAnswer().getByText('1 / 2')).toBeVisible();
      expect(await chat.answerText()).toBe(partial);
      await chat.lastAnswer().getByRole('button', { name: 'Next version' }).click();
      await expect(chat.lastAnswer().getByText('2 / 2')).toBeVisible();
      expect(await chat.answerText()).toBe(full);

      // The follow-up is sent with the version on screen.
      await chat.lastAnswer().getByRole('button', { name: 'Previous version' }).click();
      await chat.ask('[mock rate=2000] And then?');
      await chat.waitForAnswer();
      // The version on screen failed, so it is not something the model said: it is left out,
      // and the full version, not shown, is not sent either.
      const sent = upstream.at(-1)?.messages ?? [];
      expect(sent.map((message) => message.role)).toEqual(['user', 'user']);
      expect(sent[0]?.content).toContain('Explain proxies');
    });

    test('Stop shows Stopped with Regenerate; a reload keeps Regenerate', async ({
      page,
      chat,
      upstream,
    }) => {
      await page.goto('/');
      await chat.ask('[mock tokens=3000 rate=60] Tell me everything');
      await expect.poll(() => chat.answerText().then((text) => text.length)).toBeGreaterThan(30);
      await chat.stop.click();
      await chat.expectMessageBoxFocused();
      const answer = chat.lastAnswer();
      await expect(answer.locator('.ending-badge')).toHaveText('Stopped');
      await expect(answer.getByRole('button', { name: 'Regenerate' })).toBeVisible();
      const stopped = await chat.answerText();

      await page.reload();
      await chat.lastAnswer().getByRole('button', { name: 'Regenerate' }).click();
      await chat.expectMessageBoxFocused();
      await expect.poll(() => chat.answerText().then((text) => text.length)).toBeGreaterThan(10);
      await chat.stop.click();
      await expect(chat.lastAnswer().getByText('2 / 2')).toBeVisible();
      await chat.lastAnswer().getByRole('button', { name: 'Previous version' }).click();
      expect(await chat.answerText()).toBe(stopped);
      expect(upstream.length).toBe(2);
    });

    test('Edit message sends the edited text in place, and the earlier branch stays a version', async ({
      page,
      chat,
      upstream,
    }) => {
      await page.goto('/');
      await chat.ask('[mock rate=2000] First question');
      await chat.waitForAnswer();
      await chat.ask('[mock rate=2000] Second question');
      await chat.waitForAnswer();

      const first = chat.questions().first();
      await first.getByRole('button', { name: 'Edit message' }).click();
      const box = page.getByRole('textbox', { name: 'Edit message' });
      await expect(box).toBeFocused();
      await expect(box).toHaveValue('[mock rate=2000] First question');
      await box.fill('[mock rate=2000] First question, edited');
      await box.press('Enter');
      await chat.expectMessageBoxFocused();
      await chat.waitForAnswer();

      await expect(chat.questions()).toHaveCount(1);
      await expect(chat.questions().first()).toContainText('First question, edited');
      await expect(chat.questions().first().getByText('2 / 2')).toBeVisible();
      expect(upstream.at(-1)?.messages).toEqual([
        { role: 'user', content: '[mock rate=2000] First question, edited' },
      ]);

      await chat.questions().first().getByRole('button', { name: 'Previous version' }).click();
      await expect(chat.questions()).toHaveCount(2);
      await expect(chat.questions().first()).toContainText('First question');
      await expect(chat.questions().nth(1)).toContainText('Second question');
      await expect(chat.questions().first().getByText('1 / 2')).toBeVisible();

      // Save works too, and Escape leaves an edit without sending.
      await chat.questions().nth(1).getByRole('button', { name: 'Edit message' }).click();
      await box.press('Escape');
      await expect(box).toHaveCount(0);
      await chat.questions().nth(1).getByRole('button', { name: 'Edit message' }).click();
      await box.fill('[mock rate=2000] Second, edited');
      await page.getByRole('button', { name: 'Save' }).click();
      await chat.waitForAnswer();
      await expect(chat.questions().nth(1)).toContainText('Second, edited');
      expect(upstream.at(-1)?.messages.map((message) => message.content)).toEqual([
        '[mock rate=2000] First question',
        expect.any(String),
        '[mock rate=2000] Second, edited',
      ]);
    });
  });
}
