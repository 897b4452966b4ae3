import { test as base, expect } from './fixtures.js';

/** Short, so the test waits seconds rather than the client's default 45 s. */
const SILENCE_TIMEOUT_MS = 3000;
/**
 * The longest the client's five resume attempts wait together before it gives up (its defaults:
 * 250 ms, doubled per attempt, at most 4 s), each answered at once by the proxy's 502.
 */
const RESUME_WAITS_MS = 250 + 500 + 1000 + 2000 + 4000;

// `pnpm dev`'s stack: the page on the Vite dev server, whose proxy keeps the browser's response
// open when the API dies, instead of the worker's `vite preview` stack.
const test = base.extend({
  baseURL: async ({ devStack }, use) => {
    await use(devStack.url);
  },
});

// Heartbeats must come well within the silence timeout, or a live but idle answer would be cut.
test.use({ devStackOptions: { silenceTimeoutMs: SILENCE_TIMEOUT_MS, heartbeatMs: 1000 } });

test('the API killed mid-answer under the dev proxy: "Interrupted" with Retry within the silence timeout, the text kept, and Retry answers once it is back', async ({
  page,
  chat,
  devStack,
}) => {
  // Starting the dev server and the API twice, and Vite's first transform of the app, take time.
  test.setTimeout(120_000);
  await page.goto('/');
  await expect(chat.message).toBeVisible({ timeout: 30_000 });
  await chat.ask('Tell me a long story [mock tokens=300 rate=40]');
  await expect.poll(() => chat.answerText(), { timeout: 20_000 }).toMatch(/.{80}/s);

  await devStack.killApi();
  const shown = await chat.answerText();
  // The dev proxy holds the response open and silent: the answer still looks alive for a while.
  await expect(chat.lastAnswer()).toHaveAttribute('data-status', 'streaming');

  // The silence timeout ends the read; resumes then meet the proxy's 502 and give up. Without the
  // timeout passed through, nothing happens for 45 s.
  await expect(chat.alert).toContainText('Interrupted', {
    timeout: SILENCE_TIMEOUT_MS + RESUME_WAITS_MS + 5000,
  });
  await expect(chat.alert.getByRole('button', { name: 'Retry' })).toBeVisible();
  await expect(chat.lastAnswer()).toHaveAttribute('data-status', 'error');
  await expect(page.getByText('Reconnecting…')).toHaveCount(0);
  // What had arrived stays on screen (bytes in flight at the kill may have added a little).
  expect((await chat.answerText()).startsWith(shown)).toBe(true);

  await devStack.restartApi();
  await chat.alert.getByRole('button', { name: 'Retry' }).click();
  await expect(chat.alert).toHaveCount(0);
  await chat.waitForAnswer();
  await expect(chat.lastAnswer()).toHaveAttribute('data-status', 'done');
  await expect(chat.log.locator('[data-role="assistant"]')).toHaveCount(1);
  expect((await chat.answerText()).length).toBeGreaterThan(shown.length);
});
