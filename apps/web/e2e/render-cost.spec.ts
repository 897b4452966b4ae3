import type { RenderProbeSnapshot } from '../src/profiling/render-probe.js';
import { expect, test } from './fixtures.js';
import { seedConversationWithVersions } from './seed-conversation.js';

test('render cost: a 500 tokens/s stream, with message actions and versions on screen, commits at most once per frame on average and ends exact', async ({
  page,
  chat,
  stack,
}, testInfo) => {
  const prompt = '[mock tokens=1000 rate=500] Fill the screen';
  // What the model says, asked directly (not streamed): the oracle for the text on screen.
  const reference = await fetch(`${stack.mock.url}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk-test' },
    body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: prompt }] }),
  });
  const expected = (
    (await reference.json()) as { choices: Array<{ message: { content: string } }> }
  ).choices[0]?.message.content;
  expect(expected?.length).toBeGreaterThan(1000);

  // Earlier turns with every message control and version counters on screen.
  await page.addInitScript(
    ({ key, value }) => localStorage.setItem(key, value),
    seedConversationWithVersions(),
  );
  await page.goto('/?profile');
  await expect(page.getByText('2 / 2')).toHaveCount(2);
  await expect(page.getByRole('button', { name: 'Copy message' })).toHaveCount(2);
  await page.waitForFunction(() => window.__tokenwireProbe !== undefined);
  // The window starts once the page is interactive: its first render is not the stream's cost.
  await page.evaluate(() => window.__tokenwireProbe?.whenIdle());
  await page.evaluate(() => window.__tokenwireProbe?.reset());
  await chat.ask(prompt);
  await chat.waitForAnswer();
  const snapshot = (await page.evaluate(() =>
    window.__tokenwireProbe?.snapshot(),
  )) as RenderProbeSnapshot;
  const onScreen = await chat.lastAnswer().locator('.markdown').textContent();

  const figures = {
    commits: snapshot.commits,
    frames: snapshot.frames,
    commitsPerFrame: Number((snapshot.commits / snapshot.frames).toFixed(3)),
    maxCommitsPerFrame: snapshot.maxCommitsPerFrame,
    longTasks: snapshot.longTasks,
    longestTaskMs: Math.round(snapshot.longestTaskMs),
    renderMs: Math.round(snapshot.renderMs),
  };
  console.log('render cost (smoke):', JSON.stringify(figures));
  await testInfo.attach('render-cost.json', {
    body: JSON.stringify(figures, null, 2),
    contentType: 'application/json',
  });

  // What noise cannot move: batching bounds commits by frames, and no token is lost or doubled.
  expect(snapshot.commits).toBeGreaterThan(10);
  expect(snapshot.commits).toBeLessThanOrEqual(snapshot.frames);
  expect(snapshot.lastMessage).toBe(expected);
  // Markdown drops the whitespace that ends a paragraph; every other character must be on screen.
  expect(onScreen).toBe(expected?.trimEnd());
});
