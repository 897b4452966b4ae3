import { expect, screens, test } from './fixtures.js';

for (const screen of screens) {
  test.describe(`follow scroll, ${screen.name}`, () => {
    test.use({ viewport: screen.viewport });

    test('a follow-up sent after scrolling up 5 px comes into view with its answer', async ({
      page,
      chat,
    }) => {
      await page.goto('/');
      await chat.ask('[mock rate=2000] Show me how streaming works');
      await chat.waitForAnswer();
      const scroller = page.locator('.scroller');
      const distanceFromBottom = () =>
        scroller.evaluate(
          (element) => element.scrollHeight - element.scrollTop - element.clientHeight,
        );
      await expect.poll(distanceFromBottom).toBeLessThan(40);

      // A reader glances up at the code block: even 5 px by the wheel used to lose the follow-up.
      await scroller.hover();
      await page.mouse.wheel(0, -5);
      await page.waitForTimeout(200);

      await chat.ask('[mock tokens=80 rate=30] And a follow-up question');
      const question = chat.log.locator('[data-role="user"]').last();
      await expect(question).toContainText('a follow-up question');
      await expect(question).toBeInViewport();
      await chat.waitForAnswer();
      await expect.poll(distanceFromBottom).toBeLessThan(40);
      await expect(chat.lastAnswer().locator('.markdown > :last-child')).toBeInViewport();
      await expect(page.getByRole('button', { name: 'Jump to latest' })).toHaveCount(0);
    });

    test('Jump to latest never covers the last line of text', async ({ page, chat }) => {
      await page.goto('/');
      await chat.ask('[mock tokens=2500 rate=4000] A long one');
      await chat.waitForAnswer();
      const scroller = page.locator('.scroller');
      expect(
        await scroller.evaluate((element) => element.scrollHeight > element.clientHeight * 2),
      ).toBe(true);
      const jump = page.getByRole('button', { name: 'Jump to latest' });
      // Walk up from the bottom in small steps: wherever the control shows, the last line of the
      // answer is either out of sight or clear of it.
      // The rectangle of the answer's last character (its last block may be one long paragraph).
      const lastLine = {
        boundingBox: () =>
          chat
            .lastAnswer()
            .locator('.markdown')
            .evaluate((markdown) => {
              const walker = document.createTreeWalker(markdown, NodeFilter.SHOW_TEXT);
              let last: Text | undefined;
              for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                if ((node.textContent ?? '').trim() !== '') last = node as Text;
              }
              if (!last) return null;
              const range = document.createRange();
              const end = (last.textContent ?? '').trimEnd().length;
              range.setStart(last, Math.max(0, end - 1));
              range.setEnd(last, end);
              const { x, y, width, height } = range.getBoundingClientRect();
              return { x, y, width, height };
            }),
      };
      await scroller.hover();
      for (let step = 0; step < 12; step++) {
        await page.mouse.wheel(0, -12);
        await page.waitForTimeout(60);
        if ((await jump.count()) === 0) continue;
        const [line, button, view] = await Promise.all([
          lastLine.boundingBox(),
          jump.boundingBox(),
          scroller.boundingBox(),
        ]);
        if (!line || !button || !view) continue;
        const lineIsVisible = line.y < view.y + view.height;
        const overlaps = line.y + line.height > button.y && line.y < button.y + button.height;
        expect(lineIsVisible && overlaps, `step ${step}`).toBe(false);
      }
      await expect(jump).toBeVisible();
      await jump.click();
      await expect(jump).toHaveCount(0);
    });
  });
}
