import { expect, test } from './fixtures.js';

test('a reload keeps the conversation, and New chat clears the screen for good', async ({
  page,
  chat,
}) => {
  await page.goto('/');
  await chat.ask('Remember this question');
  await chat.waitForAnswer();
  const answer = (await chat.lastAnswer().locator('.markdown').textContent()) ?? '';
  expect(answer.length).toBeGreaterThan(100);

  await page.reload();
  await expect(chat.log).toContainText('Remember this question');
  await expect(chat.lastAnswer().locator('.markdown')).toHaveText(answer);
  await expect(chat.lastAnswer()).toHaveAttribute('data-status', 'done');

  await page.getByRole('button', { name: 'New chat' }).click();
  await expect(chat.log).toHaveText('');
  await page.reload();
  await expect(chat.message).toBeVisible();
  await expect(chat.log).toHaveText('');
});

test('a reload in the middle of an answer keeps what arrived, marked stopped once the server forgot it', async ({
  page,
  chat,
  upstream,
}) => {
  // Resuming (resume.spec.ts) needs the generation id; without it the answer cannot continue.
  await page.route('**/api/chat/*', (route) =>
    route.request().method() === 'GET'
      ? route.fulfill({
          status: 404,
          json: { error: { code: 'generation_not_found', message: 'Gone.' } },
        })
      : route.fallback(),
  );
  await page.goto('/');
  await chat.ask('[mock tokens=2000 rate=60] Keep going');
  // The answer's own text: the whole message also holds its label and live metrics, which alone
  // passed 60 characters with only 26 of answer (a flaky run).
  const answerText = async () =>
    ((await chat.lastAnswer().locator('.markdown').textContent()) ?? '').length;
  await expect.poll(answerText).toBeGreaterThan(60);
  await page.reload();
  await expect(chat.lastAnswer()).toHaveAttribute('data-status', 'stopped');
  // Saved on pagehide: everything shown before the reload (markdown may drop a marker or two).
  expect(await answerText()).toBeGreaterThan(50);
  // Nobody resumed it: after RESUME_GRACE_MS (3 s in the test stack) the API cut it upstream.
  await expect.poll(() => upstream.at(-1)?.close?.completed, { timeout: 10_000 }).toBe(false);
});
