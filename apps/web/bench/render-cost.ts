// @module Render-cost benchmark: the built page streams 500 tokens/s from the mock model through the
// real API; we count React commits per animation frame and long tasks, and check the final text.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium } from '@playwright/test';
import { defaultAnswers, tokenize } from '@tokenwire/mock-openai';
import { buildWeb } from '../e2e/build-web.js';
import { chromiumLaunchOptions } from '../e2e/chromium.js';
import { seedConversationWithVersions } from '../e2e/seed-conversation.js';
import { startStack, webRoot } from '../e2e/start-stack.js';
import type { RenderProbeSnapshot } from '../src/profiling/render-probe.js';
import { measureTaskCpu, type TaskCpu } from './measure-task-cpu.js';

const isQuick = process.argv.includes('--quick');
/**
 * Also trace the page to time its tasks on the thread clock. Opt-in: with tracing on, headless
 * Chromium paces its frames differently (about 68 fps instead of 60), which moves the counts.
 */
const isTracingCpu = process.argv.includes('--cpu');
const tokensPerSecond = 500;
const seconds = isQuick ? 2 : 10;
const tokenCount = tokensPerSecond * seconds;

/** Realistic answers, back to back: headings, lists, code fences, tables, multi-byte text. */
const markdownPieces = (() => {
  const cycle = tokenize(defaultAnswers.join('\n\n'));
  return Array.from({ length: tokenCount }, (_, index) => cycle[index % cycle.length] ?? ' ');
})();

interface Scenario {
  name: string;
  prompt: string;
  /** The exact text the model sends; undefined: ask the mock for it (non-streamed). */
  expected?: string;
}

const scenarios: Scenario[] = [
  {
    name: 'markdown answers',
    prompt: `[mock rate=${tokensPerSecond}] markdown-bench`,
    expected: markdownPieces.join(''),
  },
  {
    name: 'one long paragraph',
    prompt: `[mock tokens=${tokenCount} rate=${tokensPerSecond}] plain-bench`,
  },
  {
    // The reasoning streams under "Thinking…" for the whole window, then a short answer.
    name: 'reasoning, then answer',
    prompt: `[mock reasoning=${tokenCount} tokens=${tokensPerSecond} rate=${tokensPerSecond}] reasoning-bench`,
  },
];

interface Result extends RenderProbeSnapshot {
  name: string;
  taskCpu: TaskCpu | undefined;
  seconds: number;
  isExact: boolean;
  characters: number;
}

async function main(): Promise<number> {
  if (!existsSync('/usr/bin/chromium')) {
    console.error(
      'render-cost bench: Chromium is missing at /usr/bin/chromium: apt-get install chromium',
    );
    return 1;
  }
  if (process.argv.includes('--build') || !existsSync(join(webRoot, 'dist', 'index.html'))) {
    console.log('render-cost bench: building the web app…');
    await buildWeb();
  }
  const stack = await startStack({
    tokens: (request) => {
      const last = request.messages.at(-1)?.content;
      return typeof last === 'string' && last.includes('markdown-bench')
        ? markdownPieces
        : tokenize(defaultAnswers[0] ?? '');
    },
  });
  let browser: Browser | undefined;
  const results: Result[] = [];
  try {
    browser = await chromium.launch(chromiumLaunchOptions);
    for (const scenario of scenarios) {
      const expected = scenario.expected ?? (await askMock(stack.mock.url, scenario.prompt));
      const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
      // The stream is measured on a page that shows every message control: earlier turns with
      // Copy message, Regenerate, Edit message and version counters.
      const seed = seedConversationWithVersions();
      await page.addInitScript(({ key, value }) => localStorage.setItem(key, value), seed);
      await page.goto(`${stack.url}/?profile`);
      await page.getByText('2 / 2').first().waitFor();
      await page.waitForFunction(() => window.__tokenwireProbe !== undefined);
      // The window starts once the page is interactive: its first render is not the stream's cost.
      await page.evaluate(() => window.__tokenwireProbe?.whenIdle());
      await page.evaluate(() => window.__tokenwireProbe?.reset());
      // Only the `toplevel` category: one event per task.
      if (isTracingCpu) await browser.startTracing(page, { categories: ['toplevel'] });
      const startedAt = performance.now();
      await page.getByRole('textbox', { name: 'Message' }).fill(scenario.prompt);
      await page.getByRole('button', { name: 'Send' }).click();
      await page
        .locator('[role="log"] [data-role="assistant"]')
        .last()
        .and(page.locator(':not([data-status="streaming"])'))
        .waitFor({ timeout: (seconds + 60) * 1000 });
      const elapsed = (performance.now() - startedAt) / 1000;
      const taskCpu = isTracingCpu ? measureTaskCpu(await browser.stopTracing()) : undefined;
      const snapshot = (await page.evaluate(() =>
        window.__tokenwireProbe?.snapshot(),
      )) as RenderProbeSnapshot;
      const status = await page
        .locator('[role="log"] [data-role="assistant"]')
        .last()
        .getAttribute('data-status');
      results.push({
        ...snapshot,
        name: scenario.name,
        taskCpu,
        seconds: elapsed,
        isExact: status === 'done' && snapshot.lastMessage === expected,
        characters: snapshot.lastMessage.length,
      });
      await page.close();
    }
  } finally {
    await browser?.close();
    await stack.close();
  }
  report(results);
  return results.every((result) => result.isExact) ? 0 : 1;
}

async function askMock(baseUrl: string, prompt: string): Promise<string> {
  const response = await fetch(`${baseUrl}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk-test' },
    body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: prompt }] }),
  });
  const body = (await response.json()) as { choices: Array<{ message: { content: string } }> };
  return body.choices[0]?.message.content ?? '';
}

function report(results: Result[]): void {
  console.log(
    `\nrender cost — ${tokenCount} tokens at ${tokensPerSecond} tokens/s (${seconds} s${isQuick ? ', --quick' : ''}), built app, real API, Chromium\n`,
  );
  const rows = results.map((result) => ({
    scenario: result.name,
    'stream s': result.seconds.toFixed(1),
    frames: result.frames,
    commits: result.commits,
    'commits/frame': (result.commits / Math.max(1, result.frames)).toFixed(2),
    'max commits in a frame': result.maxCommitsPerFrame,
    fps: (result.frames / result.seconds).toFixed(0),
    'React render ms': Math.round(result.renderMs),
    'long tasks': result.longTasks,
    'longest task ms': Math.round(result.longestTaskMs),
    ...(result.taskCpu && {
      'longest task CPU ms':
        result.taskCpu.longestMs === undefined ? '–' : Math.round(result.taskCpu.longestMs),
    }),
    characters: result.characters,
    exact: result.isExact ? 'yes' : 'NO',
  }));
  console.table(rows);
  console.log(
    'target: at most one commit per frame, no long task over 50 ms; only an inexact text fails the run.',
  );
  console.log(
    isTracingCpu
      ? 'long tasks are wall-clock (PerformanceObserver); "longest task CPU ms" is on the thread clock (Chrome trace), which time taken by other processes does not inflate.'
      : 'long tasks are wall-clock: on a busy machine, --cpu also times tasks on the thread clock.',
  );
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error('render-cost bench failed:', error);
    process.exitCode = 1;
  },
);
