import { capture } from './capture.js';
import { expect, test } from './fixtures.js';

// The demo's chips and its browser-side get_weather: the API runs on its built-in demo upstream.
test.use({ isDemoStack: true });

test('reasoning streams under "Thinking…", then folds into "Thought for N s" that opens to show it', async ({
  page,
  chat,
}, testInfo) => {
  await page.goto('/');
  await page
    .getByRole('list', { name: 'Suggestions' })
    .getByRole('button', { name: 'Think it through' })
    .click();
  const answer = chat.lastAnswer();
  await expect(answer.getByRole('status').filter({ hasText: 'Thinking…' })).toBeVisible();
  await capture(page, testInfo, 'reasoning-thinking');
  await expect
    .poll(async () => (await answer.locator('.reasoning-text').textContent())?.length ?? 0)
    .toBeGreaterThan(10);

  const disclosure = answer.getByRole('button', { name: /^Thought for \d+ s$/ });
  await expect(disclosure).toBeVisible({ timeout: 30_000 });
  await expect(answer.getByText('Thinking…')).toHaveCount(0);
  await expect(disclosure).toHaveAttribute('aria-expanded', 'false');
  await expect(answer.locator('.reasoning-text')).toBeHidden();
  await chat.waitForAnswer();
  expect((await chat.answerText()).length).toBeGreaterThan(20);

  await disclosure.click();
  await expect(disclosure).toHaveAttribute('aria-expanded', 'true');
  await expect(answer.locator('.reasoning-text')).toBeVisible();
  await capture(page, testInfo, 'reasoning-open');
  expect((await answer.locator('.reasoning-text').textContent())?.length ?? 0).toBeGreaterThan(10);
  // Restored with the conversation after a reload, still folded.
  await page.reload();
  await expect(
    chat.lastAnswer().getByRole('button', { name: /^Thought for \d+ s$/ }),
  ).toBeVisible();
});

test('the weather chip: a get_weather card with its arguments and the browser-side result, then the answer', async ({
  page,
  chat,
  upstream,
}, testInfo) => {
  await page.goto('/');
  await page
    .getByRole('list', { name: 'Suggestions' })
    .getByRole('button', { name: 'Check the weather' })
    .click();
  const card = chat.log.getByRole('region', { name: 'Tool call get_weather' });
  await expect(card).toBeVisible();
  await expect(card.locator('.tool-call-arguments')).toContainText('"city"', { timeout: 30_000 });
  await expect(card.locator('.tool-call-result')).toContainText('Sunny with a light breeze', {
    timeout: 30_000,
  });
  await expect(card.locator('.tool-call-state')).toHaveText('Done');

  await chat.waitForAnswer();
  const answers = chat.log.locator('[data-role="assistant"]');
  await expect(answers).toHaveCount(2);
  await expect(answers.last()).toHaveAttribute('data-status', 'done');
  expect((await chat.answerText(answers.last())).length).toBeGreaterThan(20);
  await expect(chat.alert).toHaveCount(0);
  await card.scrollIntoViewIfNeeded();
  await capture(page, testInfo, 'tool-call-weather');
  // The demo upstream runs in the API here, so `upstream` sees nothing; the page's requests do.
  expect(upstream).toHaveLength(0);
});
