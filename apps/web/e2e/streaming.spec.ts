import { expect, test } from './fixtures.js';

test.describe('streaming', () => {
  test('the answer grows on screen in many visible steps', async ({ page, chat }) => {
    await page.goto('/');
    await chat.ask('How does streaming work?');
    // Sample what the log shows on every frame until the answer is over.
    const lengths = await page.evaluate(
      () =>
        new Promise<number[]>((resolve) => {
          const log = document.querySelector('[role="log"]');
          const seen: number[] = [];
          const sample = () => {
            seen.push(log?.textContent?.length ?? 0);
            const answer = log?.querySelector('[data-role="assistant"]:last-child');
            const isOver = answer && answer.getAttribute('data-status') !== 'streaming';
            if (isOver || seen.length > 60 * 60) resolve(seen);
            else requestAnimationFrame(sample);
          };
          requestAnimationFrame(sample);
        }),
    );
    const distinct = new Set(lengths);
    expect(distinct.size, `distinct lengths seen: ${distinct.size}`).toBeGreaterThanOrEqual(30);
    expect(Math.max(...lengths)).toBeGreaterThan(500);
    await expect(chat.lastAnswer()).toHaveAttribute('data-status', 'done');
    await expect(chat.lastAnswer().locator('.metrics')).toContainText(
      /first token \d+ ms · \d+(\.\d)? tok\/s/,
    );
  });

  test('Stop cancels the upstream request and keeps the partial answer, marked stopped', async ({
    page,
    chat,
    upstream,
  }) => {
    await page.goto('/');
    await chat.ask('[mock tokens=3000 rate=40] Tell me everything');
    await expect(chat.stop).toBeVisible();
    // The answer's own text: the whole message also holds its label and metrics line, which
    // alone come close to 40 characters.
    await expect
      .poll(async () => (await chat.lastAnswer().locator('.markdown').textContent())?.length ?? 0)
      .toBeGreaterThan(40);
    await chat.stop.click();

    await expect(chat.lastAnswer()).toHaveAttribute('data-status', 'stopped');
    await expect(chat.lastAnswer().locator('.ending-badge')).toHaveText('Stopped');
    await expect(chat.stop).toHaveCount(0);
    await expect(chat.alert).toHaveCount(0);
    // The upstream saw its request closed before the end: the abort went browser → API → model.
    await expect.poll(() => upstream.at(-1)?.close?.completed, { timeout: 5000 }).toBe(false);
    const sent = upstream.at(-1)?.close?.tokensSent ?? 0;
    expect(sent).toBeGreaterThan(0);
    expect(sent).toBeLessThan(3000);

    const partial = await chat.lastAnswer().locator('.markdown').textContent();
    await page.waitForTimeout(500);
    expect(await chat.lastAnswer().locator('.markdown').textContent()).toBe(partial);
    expect(partial?.length ?? 0).toBeGreaterThan(40);
  });

  test('an upstream error shows an alert, and Retry streams the answer', async ({
    page,
    chat,
    upstream,
  }) => {
    await page.goto('/');
    await chat.ask('[mock status=500 once id=retry-1] Hello there');
    await expect(chat.alert).toBeVisible();
    await expect(chat.alert.getByRole('button', { name: 'Retry' })).toBeVisible();
    await expect(chat.lastAnswer()).toHaveAttribute('data-status', 'error');

    await chat.alert.getByRole('button', { name: 'Retry' }).click();
    await chat.waitForAnswer();
    await expect(chat.alert).toHaveCount(0);
    await expect(chat.lastAnswer()).toHaveAttribute('data-status', 'done');
    await expect(chat.log.locator('[data-role="assistant"]')).toHaveCount(1);
    expect(upstream.filter((request) => request.prompt.includes('id=retry-1')).length).toBe(2);
  });

  test('a connection dropped mid-stream keeps the partial text and shows the alert', async ({
    page,
    chat,
    upstream,
  }) => {
    await page.goto('/');
    await chat.ask('[mock drop=25] Explain proxies');
    await expect(chat.alert).toBeVisible();
    await expect(chat.alert.getByRole('button', { name: 'Retry' })).toBeVisible();
    await expect(chat.lastAnswer()).toHaveAttribute('data-status', 'error');
    await expect(chat.lastAnswer().locator('.ending-badge')).toHaveText('Interrupted');
    const partial = (await chat.lastAnswer().locator('.markdown').textContent()) ?? '';
    expect(partial.length).toBeGreaterThan(10);
    expect(upstream.at(-1)?.close?.completed).toBe(false);
    expect(upstream.at(-1)?.close?.tokensSent).toBe(25);
  });

  test('scrolling up stops following the answer; Jump to latest brings it back', async ({
    page,
    chat,
  }) => {
    await page.setViewportSize({ width: 1280, height: 600 });
    await page.goto('/');
    await chat.ask('[mock tokens=1500 rate=120] A long one');
    const scroller = page.locator('.scroller');
    const distanceFromBottom = () =>
      scroller.evaluate(
        (element) => element.scrollHeight - element.scrollTop - element.clientHeight,
      );
    await expect
      .poll(() => scroller.evaluate((element) => element.scrollHeight > element.clientHeight * 1.5))
      .toBe(true);
    expect(await distanceFromBottom()).toBeLessThan(40);

    await scroller.hover();
    await page.mouse.wheel(0, -400);
    const jump = page.getByRole('button', { name: 'Jump to latest' });
    await expect(jump).toBeVisible();
    const held = await scroller.evaluate((element) => element.scrollTop);
    await page.waitForTimeout(400);
    expect(await scroller.evaluate((element) => element.scrollTop)).toBe(held);
    expect(await distanceFromBottom()).toBeGreaterThan(100);

    await jump.click();
    await expect(jump).toHaveCount(0);
    await page.waitForTimeout(300);
    expect(await distanceFromBottom()).toBeLessThan(40);
    // Escape stops the answer if it still streams (on a busy machine it may have ended already).
    await page.keyboard.press('Escape');
    await chat.waitForAnswer();
  });
});
