import { type MockOpenAI, type MockOpenAIOptions, startMockOpenAI } from '@tokenwire/mock-openai';
import { loadConfig } from '../config/load-config.js';
import { type LaunchedServer, launchServer } from '../server/launch-server.js';

/** The API key tests configure; it must never show up in a response or a log line. */
export const TEST_API_KEY = 'sk-test-0123456789-NEVER-ECHO';

/** One parsed pino line. */
export type LogLine = Record<string, unknown> & { msg?: string; level?: number };

/** The API against a real mock upstream, both on port 0, as integration tests use them. */
export interface TestStack {
  api: LaunchedServer;
  mock: MockOpenAI;
  logs: LogLine[];
  /** POSTs a JSON body to `/api/chat`. */
  chat(body: unknown, init?: RequestInit): Promise<Response>;
  /** POSTs one user message (mock directives go in it) to `/api/chat`. */
  ask(content: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

/** Options for {@link startTestStack}. */
export interface TestStackOptions {
  /** Added to (and winning over) the test environment. */
  env?: Record<string, string | undefined>;
  mock?: MockOpenAIOptions;
}

/**
 * Starts `@tokenwire/mock-openai` (full speed, requiring {@link TEST_API_KEY}) and the API
 * pointed at it through `OPENAI_BASE_URL`, with logs captured as parsed lines.
 * Retries and the rate limit are off unless `env` turns them on.
 */
export async function startTestStack(options: TestStackOptions = {}): Promise<TestStack> {
  const mock = await startMockOpenAI({ tokensPerSecond: 0, apiKey: TEST_API_KEY, ...options.mock });
  const logs: LogLine[] = [];
  const config = loadConfig({
    OPENAI_BASE_URL: mock.url,
    OPENAI_API_KEY: TEST_API_KEY,
    RATE_LIMIT_PER_MINUTE: '0',
    UPSTREAM_MAX_RETRIES: '0',
    SHUTDOWN_GRACE_MS: '1000',
    ...options.env,
  });
  const api = await launchServer(config, {
    port: 0,
    logger: {
      write(line: string) {
        logs.push(JSON.parse(line) as LogLine);
      },
    },
  });
  const chat = (body: unknown, init: RequestInit = {}) =>
    fetch(`${api.url}/api/chat`, {
      method: 'POST',
      ...init,
      headers: { 'content-type': 'application/json', ...init.headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  return {
    api,
    mock,
    logs,
    chat,
    ask: (content, init) => chat({ messages: [{ role: 'user', content }] }, init),
    async close() {
      await api.close();
      await mock.close();
    },
  };
}
