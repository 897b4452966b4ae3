import { createSeededRandom } from '@tokenwire/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readStream } from '../test-support/read-stream.js';
import { type RawAnswer, sendRawRequest } from '../test-support/send-raw-request.js';
import { startTestStack, TEST_API_KEY, type TestStack } from '../test-support/start-test-stack.js';
import { chatRequestSchema } from './chat-request-schema.js';

const SEED = 20261204;
const BODY_CASES = 2_000;
const RAW_CASES = 400;
const CONCURRENCY = 16;
// Long enough that a loaded machine never times out a request fetch is still sending; raw cases
// that stop mid-request wait for it, many at once.
const REQUEST_TIMEOUT_MS = 2_000;
const RAW_CONCURRENCY = 64;

type Random = () => number;
const pick = <T>(random: Random, values: readonly T[]): T =>
  values[Math.floor(random() * values.length)] as T;

/** A valid chat using every field the schema has, so mutations reach every validator. */
function validBody(): Record<string, unknown> {
  return {
    messages: [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Weather in Paris?' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_1', content: '21 °C' },
    ],
    model: 'gpt-4o-mini',
    temperature: 0.5,
    max_tokens: 32,
    top_p: 0.9,
    stop: ['\n\n'],
    seed: 1,
    presence_penalty: 0,
    frequency_penalty: 0,
    reasoning_effort: 'low',
    tools: [
      {
        type: 'function',
        function: { name: 'weather', description: 'd', parameters: { type: 'object' } },
      },
    ],
    tool_choice: 'auto',
  };
}

function deepArray(depth: number): unknown {
  let value: unknown = 1;
  for (let level = 0; level < depth; level++) value = [value];
  return value;
}

const HOSTILE_VALUES: ReadonlyArray<() => unknown> = [
  () => null,
  () => true,
  () => -1,
  () => 1e308,
  () => -0,
  () => 2 ** 53 + 2,
  () => '',
  () => 'x'.repeat(5_000),
  () => '\u0000\ud800\udfff\u2028',
  () => '🎉'.repeat(100),
  () => [],
  () => {},
  () => ({ __proto__: { polluted: true } }),
  () => JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}}}'),
  () => Array.from({ length: 300 }, () => ({})),
  () => deepArray(2_000),
  () => ({ role: 'user', content: 'x' }),
  () => ({ type: 'function', function: { name: 'a b' } }),
  () => ['a', 'b', 'c', 'd', 'e'],
  () => 'auto',
  () => TEST_API_KEY.slice(0, 5),
];

/** Replaces, deletes or adds one value somewhere in `root`, chosen by `random`. */
function mutate(random: Random, root: Record<string, unknown>): void {
  let node: unknown = root;
  for (let depth = 0; depth < 5; depth++) {
    if (typeof node !== 'object' || node === null) return;
    const keys = Object.keys(node);
    const isLast = keys.length === 0 || random() < 0.35;
    const key =
      isLast && random() < 0.2 ? pick(random, ['extra', '__proto__', '0']) : pick(random, keys);
    const record = node as Record<string, unknown>;
    if (isLast || typeof record[key] !== 'object' || record[key] === null) {
      if (random() < 0.15) delete record[key];
      else record[key] = pick(random, HOSTILE_VALUES)();
      return;
    }
    node = record[key];
  }
}

/** The bytes of one bad (or, now and then, accidentally good) request, and its content type. */
function badRequest(random: Random): {
  body: Uint8Array<ArrayBuffer>;
  contentType: string | undefined;
} {
  const body = validBody();
  const mutations = 1 + Math.floor(random() * 3);
  for (let count = 0; count < mutations; count++) mutate(random, body);
  // Within the schema but over the limits: many or long messages, long tool arguments.
  if (random() < 0.05) {
    const messages = body.messages;
    const target = Array.isArray(messages) ? (messages[0] as unknown) : undefined;
    if (typeof target === 'object' && target !== null) {
      (target as Record<string, unknown>).content = 'x'.repeat(4_001);
    }
  }
  let bytes: Uint8Array<ArrayBuffer> = new TextEncoder().encode(JSON.stringify(body));
  const damage = random();
  if (damage < 0.1) {
    bytes = bytes.slice(0, Math.floor(random() * bytes.length)); // cut short
  } else if (damage < 0.2) {
    const copy = Uint8Array.from(bytes); // flipped bytes, often not UTF-8 any more
    for (let flip = 0; flip < 3; flip++) {
      copy[Math.floor(random() * copy.length)] = Math.floor(random() * 256);
    }
    bytes = copy;
  } else if (damage < 0.25) {
    bytes = Uint8Array.from({ length: Math.floor(random() * 200) }, () =>
      Math.floor(random() * 256),
    );
  } else if (damage < 0.28) {
    bytes = new TextEncoder().encode(pick(random, ['', 'null', '[]', '"x"', '1', '{}']));
  }
  const contentType =
    random() < 0.9
      ? 'application/json'
      : pick(random, [
          undefined,
          'text/plain',
          'application/json; charset=latin1',
          'application/vnd.api+json',
          'multipart/form-data; boundary=x',
          'application/jsonx',
        ]);
  return { body: bytes, contentType };
}

/** One malformed or hostile HTTP/1.1 request as raw text (always `Connection: close`). */
function badRawRequest(random: Random): string[] {
  const body = '{"messages":[{"role":"user","content":"hi"}]}';
  const method = pick(random, ['POST', 'GET', 'PUT', 'OPTIONS', 'BREW', 'post', 'P\u0000ST', '']);
  const target = pick(random, [
    '/api/chat',
    '/api/health',
    '*',
    '/api/chat?x=%zz',
    '//',
    '/%00',
    'http://x/api/chat',
    `/${'a'.repeat(20_000)}`,
  ]);
  const version = pick(random, ['HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/1.1 ', 'HTTX/1.1', '']);
  const headers = ['Host: x', 'Connection: close', 'Content-Type: application/json'];
  const extra = Math.floor(random() * 4);
  for (let count = 0; count < extra; count++) {
    headers.push(
      pick(random, [
        `Content-Length: ${body.length}`,
        `Content-Length: ${body.length + 10}`,
        'Content-Length: -1',
        'Content-Length: 1e3',
        `Content-Length: ${body.length}, ${body.length + 1}`,
        'Transfer-Encoding: chunked',
        'Transfer-Encoding: gzip, chunked',
        'Transfer-Encoding: identity',
        ' folded: header',
        'Bad Header: x',
        'X-Null: a\u0000b',
        `X-Big: ${'b'.repeat(20_000)}`,
        'X-Forwarded-For: 1.2.3.4, not-an-ip',
        'Expect: 100-continue',
        'Upgrade: websocket',
        `Authorization: Bearer ${TEST_API_KEY.slice(0, 8)}`,
      ]),
    );
  }
  const isChunked = headers.some((header) => header.startsWith('Transfer-Encoding: chunked'));
  const payload = isChunked
    ? pick(random, [
        `${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`,
        'zz\r\nxx\r\n',
        `5;${'e'.repeat(20_000)}\r\nhello\r\n0\r\n\r\n`,
        '5\r\nhello',
      ])
    : body;
  const head = `${method} ${target} ${version}\r\n${headers.join('\r\n')}\r\n\r\n`;
  return random() < 0.2 ? [head.slice(0, Math.floor(random() * head.length))] : [head, payload];
}

/** Runs `tasks` with at most `limit` in flight. */
async function runPool<T>(count: number, limit: number, task: (index: number) => Promise<T>) {
  let next = 0;
  const workers = Array.from({ length: limit }, async () => {
    while (next < count) await task(next++);
  });
  await Promise.all(workers);
}

describe('the request side under fuzzing (seeded, through the running API)', () => {
  let stack: TestStack;
  const seen: string[] = [];

  beforeAll(async () => {
    stack = await startTestStack({
      env: {
        MAX_MESSAGES: '20',
        MAX_INPUT_CHARS: '4000',
        REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
        LOG_CONTENT: '1',
        LOG_LEVEL: 'debug',
      },
    });
  });
  afterAll(async () => {
    // The server is still whole, and printed nothing it should not have.
    const health = await fetch(`${stack.api.url}/api/health`);
    expect(health.status).toBe(200);
    await stack.close();
    const logs = JSON.stringify(stack.logs);
    expect(logs).not.toContain(TEST_API_KEY);
    expect(stack.logs.filter((line) => (line.level ?? 0) >= 50)).toEqual([]);
    expect(stack.logs.filter((line) => Number(line.status) >= 500)).toEqual([]);
    expect(seen.join('\n')).not.toContain(TEST_API_KEY);
  });

  it(`answers ${BODY_CASES} bad bodies with a 4xx JSON error naming a code and a message, never a 5xx`, async () => {
    const random = createSeededRandom(SEED);
    const cases = Array.from({ length: BODY_CASES }, () => badRequest(random));
    const codes = new Map<string, number>();
    await runPool(cases.length, CONCURRENCY, async (index) => {
      const { body, contentType } = cases[index] as (typeof cases)[number];
      const response = await fetch(`${stack.api.url}/api/chat`, {
        method: 'POST',
        headers: contentType === undefined ? {} : { 'content-type': contentType },
        body,
      });
      const where = `seed ${SEED}, body case ${index}: ${new TextDecoder().decode(body.slice(0, 300))}`;
      if (response.status === 200) {
        // An accidentally valid body: its stream starts, and the client leaves (which aborts
        // the upstream call) rather than wait for the whole answer.
        const stream = await readStream(response, { onEvent: () => true });
        expect(stream.events[0]?.event.type, where).toBe('start');
        seen.push(stream.raw);
        codes.set('200', (codes.get('200') ?? 0) + 1);
        return;
      }
      expect(response.status, where).toBeGreaterThanOrEqual(400);
      expect(response.status, where).toBeLessThan(500);
      expect(response.headers.get('content-type'), where).toMatch(/^application\/json/);
      const text = await response.text();
      seen.push(text);
      const { error } = JSON.parse(text) as { error: { code: unknown; message: unknown } };
      expect(typeof error.code, where).toBe('string');
      expect(typeof error.message, where).toBe('string');
      codes.set(String(error.code), (codes.get(String(error.code)) ?? 0) + 1);
    });
    // The generator reaches every refusal the body can earn, not one kind thousands of times.
    expect([...codes.keys()].sort()).toEqual(
      expect.arrayContaining([
        'invalid_body',
        'invalid_json',
        'invalid_request',
        'unsupported_media_type',
        'too_many_messages',
        'input_too_long',
      ]),
    );
  }, 120_000);

  it(`answers ${RAW_CASES} malformed HTTP requests with JSON or a closed connection, never a 5xx`, async () => {
    const random = createSeededRandom(SEED + 1);
    const cases = Array.from({ length: RAW_CASES }, () => badRawRequest(random));
    const statuses = new Map<number, number>();
    await runPool(cases.length, RAW_CONCURRENCY, async (index) => {
      const parts = cases[index] as string[];
      const answer: RawAnswer = await sendRawRequest(stack.api.url, parts, { timeoutMs: 10_000 });
      const where = `seed ${SEED + 1}, raw case ${index}: ${JSON.stringify(parts.join('').slice(0, 300))}`;
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
      seen.push(answer.body);
      // 0: the connection closed with no answer, which a request cut short before its request
      // line ends may get. Anything answered is a JSON error or a success.
      if (answer.status === 0) return;
      expect(answer.status, where).toBeLessThan(500);
      if (answer.status >= 400) {
        expect(answer.headers['content-type'], where).toMatch(/^application\/json/);
        const { error } = JSON.parse(answer.body) as { error: { code: unknown; message: unknown } };
        expect(typeof error.code, where).toBe('string');
        expect(typeof error.message, where).toBe('string');
      }
    });
    expect([...statuses.keys()]).toEqual(expect.arrayContaining([400, 408, 431]));
  }, 120_000);

  it('refuses 1 MB of empty messages with too_many_messages without running zod on it', async () => {
    const safeParse = vi.spyOn(chatRequestSchema, 'safeParse');
    try {
      const response = await stack.chat(`{"messages":[${'{},'.repeat(349_000)}{}]}`);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
        'too_many_messages',
      );
      expect(safeParse).not.toHaveBeenCalled();
    } finally {
      safeParse.mockRestore();
    }
  });
});
