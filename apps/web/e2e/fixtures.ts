import { test as base, expect, type Locator, type Page } from '@playwright/test';
import type { MockCloseEvent } from '@tokenwire/mock-openai';
import { type DevStack, type DevStackOptions, startDevStack } from './start-dev-stack.js';
import { type Stack, startStack } from './start-stack.js';

/** One upstream request as the mock saw it: its id, the user's prompt, and how it ended. */
export interface UpstreamRequest {
  id: string;
  prompt: string;
  /** The whole conversation sent upstream. */
  messages: Array<{ role: string; content: string }>;
  close?: MockCloseEvent;
}

interface TestFixtures {
  /** Upstream requests made during this test, in order. */
  upstream: UpstreamRequest[];
  chat: Chat;
  /**
   * `pnpm dev`'s stack (API process → Vite dev server), started for the test that asks for it:
   * navigate to `devStack.url`, not `/` (that is the worker's `stack`).
   */
  devStack: DevStack;
  devStackOptions: DevStackOptions;
}

interface WorkerFixtures {
  stack: Stack;
  /** Run the API on its built-in demo upstream (a worker of its own). */
  isDemoStack: boolean;
}

/** The page as a user drives it, by the accessible names the issue fixes. */
export class Chat {
  readonly log: Locator;
  readonly message: Locator;
  readonly send: Locator;
  readonly stop: Locator;
  readonly alert: Locator;

  constructor(readonly page: Page) {
    this.log = page.getByRole('log');
    this.message = page.getByRole('textbox', { name: 'Message' });
    this.send = page.getByRole('button', { name: 'Send' });
    this.stop = page.getByRole('button', { name: 'Stop' });
    this.alert = page.getByRole('alert');
  }

  /** The answer's own text (the message also holds its controls and metrics). */
  async answerText(answer: Locator = this.lastAnswer()): Promise<string> {
    return (await answer.locator('.markdown').textContent()) ?? '';
  }

  async expectMessageBoxFocused(): Promise<void> {
    await expect(this.message).toBeFocused();
  }

  async ask(text: string): Promise<void> {
    await this.message.fill(text);
    await this.message.press('Enter');
  }

  /** The user messages in the log. */
  questions(): Locator {
    return this.log.locator('[data-role="user"]');
  }

  /** The last answer in the log. */
  lastAnswer(): Locator {
    return this.log.locator('[data-role="assistant"]').last();
  }

  /** Waits until the last answer has settled (done, stopped or failed). */
  async waitForAnswer(timeout = 30_000): Promise<void> {
    await expect(this.lastAnswer()).not.toHaveAttribute('data-status', 'streaming', { timeout });
    await expect(this.stop).toHaveCount(0);
  }
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  isDemoStack: [false, { scope: 'worker', option: true }],
  stack: [
    async ({ isDemoStack }, use) => {
      const stack = await startStack({}, { isDemo: isDemoStack });
      await use(stack);
      await stack.close();
    },
    { scope: 'worker' },
  ],
  baseURL: async ({ stack }, use) => {
    await use(stack.url);
  },
  upstream: async ({ stack }, use) => {
    const requests: UpstreamRequest[] = [];
    const onRequest = (event: { id: string; body: unknown }) => {
      const messages =
        (event.body as { messages?: Array<{ role: string; content: unknown }> })?.messages ?? [];
      const prompt = messages.filter((message) => message.role === 'user').at(-1)?.content;
      requests.push({
        id: event.id,
        prompt: typeof prompt === 'string' ? prompt : '',
        messages: messages.map(({ role, content }) => ({ role, content: String(content) })),
      });
    };
    const onClose = (event: MockCloseEvent) => {
      const request = requests.find((candidate) => candidate.id === event.id);
      if (request) request.close = event;
    };
    stack.mock.on('request', onRequest);
    stack.mock.on('close', onClose);
    await use(requests);
    stack.mock.off('request', onRequest);
    stack.mock.off('close', onClose);
  },
  chat: async ({ page }, use) => {
    await use(new Chat(page));
  },
  devStackOptions: [{}, { option: true }],
  devStack: async ({ devStackOptions }, use) => {
    const devStack = await startDevStack(devStackOptions);
    await use(devStack);
    await devStack.close();
  },
});

export { expect };

/** The two screens every item of the chat UI is checked on: a desktop and a 390 px phone. */
export const screens = [
  { name: 'desktop', viewport: { width: 1280, height: 860 } },
  { name: 'phone', viewport: { width: 390, height: 844 } },
] as const;
