import { expect, screens, test } from './fixtures.js';

for (const screen of screens) {
  test.describe(`keyboard and focus, ${screen.name}`, () => {
    test.use({ viewport: screen.viewport });

    test('Escape stops a streaming answer and the focus stays in the message box', async ({
      page,
      chat,
      upstream,
    }) => {
      await page.goto('/');
      await chat.ask('[mock tokens=3000 rate=60] Tell me everything');
      await expect.poll(() => chat.answerText().then((text) => text.length)).toBeGreaterThan(20);
      // From anywhere on the page, not only the message box.
      await page.locator('body').click({ position: { x: 5, y: 5 } });
      await page.keyboard.press('Escape');
      await expect(chat.lastAnswer()).toHaveAttribute('data-status', 'stopped');
      await expect(chat.lastAnswer().locator('.ending-badge')).toHaveText('Stopped');
      await chat.expectMessageBoxFocused();
      await expect.poll(() => upstream.at(-1)?.close?.completed, { timeout: 5000 }).toBe(false);
    });

    test('a suggestion chip and Retry leave the focus in the message box', async ({
      page,
      chat,
    }) => {
      await page.goto('/');
      // A configured upstream (the mock here): no demo badge.
      await expect(page.getByRole('button', { name: 'Demo model' })).toHaveCount(0);
      const chip = page.getByRole('list', { name: 'Suggestions' }).getByRole('button').first();
      await chip.focus();
      await page.keyboard.press('Enter');
      await chat.expectMessageBoxFocused();
      await chat.waitForAnswer();

      await chat.ask(`[mock status=500 once id=focus-retry-${screen.name}] Hello`);
      await expect(chat.alert).toBeVisible();
      await chat.alert.getByRole('button', { name: 'Retry' }).click();
      await chat.expectMessageBoxFocused();
      await chat.waitForAnswer();
    });

    test('every message action is reachable with Tab, in reading order', async ({ page, chat }) => {
      await page.goto('/');
      await chat.ask(`[mock drop=20 once id=tab-${screen.name}] A question`);
      await expect(chat.alert).toBeVisible();
      await chat.lastAnswer().getByRole('button', { name: 'Regenerate' }).click();
      await chat.waitForAnswer();

      await page.getByRole('button', { name: 'New chat' }).focus();
      const names: string[] = [];
      for (let step = 0; step < 40; step++) {
        await page.keyboard.press('Tab');
        const name = await page.evaluate(() => {
          const element = document.activeElement as HTMLElement | null;
          return element?.getAttribute('aria-label') ?? element?.textContent?.trim() ?? '';
        });
        if (name === 'Message') break;
        names.push(name);
      }
      for (const name of ['Edit message', 'Previous version', 'Copy message', 'Regenerate']) {
        expect(names, names.join(' | ')).toContain(name);
      }
      expect(names.indexOf('Edit message')).toBeLessThan(names.indexOf('Copy message'));
    });
  });
}

// Phone-only rules: a phone's viewport, so no desktop run to skip.
const phone = screens.find((screen) => screen.name === 'phone');
if (phone === undefined) throw new Error('fixtures.ts defines no phone screen');

test.describe('keyboard and focus, phone only', () => {
  test.use({ viewport: phone.viewport });

  test('touch targets and text size fit a phone', async ({ page, chat }) => {
    await page.goto('/');
    const fontSize = await chat.message.evaluate((box) =>
      Number.parseFloat(getComputedStyle(box).fontSize),
    );
    // iOS zooms into a field whose text is under 16 px.
    expect(fontSize).toBeGreaterThanOrEqual(16);
    await chat.ask('[mock rate=2000] A question');
    await chat.waitForAnswer();
    for (const name of ['Copy message', 'Regenerate', 'Edit message']) {
      const box = await chat.log.getByRole('button', { name }).last().boundingBox();
      expect(box?.width, name).toBeGreaterThanOrEqual(44);
      expect(box?.height, name).toBeGreaterThanOrEqual(44);
    }
    await chat.questions().first().getByRole('button', { name: 'Edit message' }).click();
    const editSize = await page
      .getByRole('textbox', { name: 'Edit message' })
      .evaluate((box) => Number.parseFloat(getComputedStyle(box).fontSize));
    expect(editSize).toBeGreaterThanOrEqual(16);
  });
});
