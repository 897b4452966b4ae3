import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.js';

const CONVERSATION_KEY = 'tokenwire:conversation:v1';

interface SavedMessage {
  role: string;
  content: string;
  status?: string;
  generationId?: string;
}

async function savedMessages(page: Page): Promise<SavedMessage[]> {
  return page.evaluate((key: string) => {
    const raw = localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as { messages: SavedMessage[] }).messages : [];
  }, CONVERSATION_KEY);
}

/** The whole answer as the API replays it from its start: every text-delta, joined. */
async function replayedText(page: Page, generationId: string): Promise<string> {
  return page.evaluate(async (id: string) => {
    const response = await fetch(`/api/chat/${id}`, { headers: { Accept: 'text/event-stream' } });
    const body = await response.text();
    let text = '';
    for (const line of body.split('\n')) {
      if (!line.startsWith('data:')) continue;
      const event = JSON.parse(line.slice(5)) as { type: string; delta?: string };
      if (event.type === 'text-delta') text += event.delta ?? '';
    }
    return text;
  }, generationId);
}

const answerLength = async (page: Page): Promise<number> =>
  (
    (await page
      .locator('[role="log"] [data-role="assistant"]')
      .last()
      .locator('.markdown')
      .textContent()) ?? ''
  ).length;

test('a reload in the middle of an answer attaches to it again and shows it to its end, once', async ({
  page,
  chat,
}) => {
  await page.goto('/');
  await chat.ask('[mock tokens=300 rate=40] Keep going after a reload');
  await expect.poll(() => answerLength(page)).toBeGreaterThan(60);
  await page.reload();
  await expect(chat.lastAnswer()).toHaveAttribute('data-status', 'streaming');
  await chat.waitForAnswer();
  await expect(chat.lastAnswer()).toHaveAttribute('data-status', 'done');
  await expect(chat.log.locator('[data-role="assistant"]')).toHaveCount(1);
  await expect(chat.alert).toHaveCount(0);

  const saved = await savedMessages(page);
  const answer = saved.at(-1);
  expect(answer?.status).toBe('done');
  expect(answer?.generationId).toBeTruthy();
  const full = await replayedText(page, answer?.generationId ?? '');
  expect(full.length).toBeGreaterThan(200);
  // Exactly the generation's text: nothing shown twice, nothing missing around the reload.
  expect(answer?.content).toBe(full);
});

test('a network cut in the middle of an answer shows "Reconnecting…", then the whole answer', async ({
  page,
  chat,
  stack,
}) => {
  // The first resume waits a while, so that "Reconnecting…" stays up long enough to be seen.
  let resumes = 0;
  await page.route('**/api/chat/*', async (route) => {
    if (route.request().method() !== 'GET') return route.fallback();
    resumes += 1;
    if (resumes === 1) await new Promise((resolve) => setTimeout(resolve, 1500));
    return route.fallback();
  });
  await page.goto('/');
  await chat.ask('[mock tokens=300 rate=40] Keep going through a network cut');
  await expect.poll(() => answerLength(page)).toBeGreaterThan(60);
  stack.cutConnections();
  await expect(page.getByText('Reconnecting…', { exact: true })).toBeVisible();
  await expect(chat.lastAnswer()).toHaveAttribute('data-status', 'streaming');
  await chat.waitForAnswer();
  await expect(page.getByText('Reconnecting…')).toHaveCount(0);
  await expect(chat.lastAnswer()).toHaveAttribute('data-status', 'done');
  await expect(chat.alert).toHaveCount(0);
  expect(resumes).toBeGreaterThanOrEqual(1);

  const answer = (await savedMessages(page)).at(-1);
  const full = await replayedText(page, answer?.generationId ?? '');
  expect(full.length).toBeGreaterThan(200);
  expect(answer?.content).toBe(full);
});
