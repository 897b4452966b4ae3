import { type MockOpenAI, startMockOpenAI } from '@tokenwire/mock-openai';
import { createEventDecoder, type TokenwireEvent } from '@tokenwire/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type SpawnedApi, spawnApi } from '../test-support/spawn-api.js';

// What fills the heap is what an open stream keeps for resume: its frames, on the heap as strings
// for reasoning (a plain content delta is copied as bytes, off the heap). 48 pieces of 4 KiB fit
// in the default RESUME_BUFFER_BYTES.
const PIECE = `${'0123456789abcdef'.repeat(255)}end `;
const PIECES = 48;
const REASONING = PIECE.repeat(PIECES);
// A batch's chats all pass the heap check as they arrive, before any of their reasoning has: what
// one batch adds (20 × 196 KiB, about 4 MiB) must fit in the 9.6 MiB that MAX_HEAP_FRACTION=0.8
// leaves of a 48 MiB heap. Batches of 50 (about 10 MiB) ran it out of memory in 1 run of 5 on a
// loaded machine.
const BATCH = 20;

interface Answer {
  id: string | undefined;
  reasoning: string;
  text: string;
  last: TokenwireEvent | undefined;
}

interface Refusal {
  kind: 'chat' | 'resume';
  status: number;
  headers: Headers;
  body: unknown;
}

/** What a load did: streams admitted (read to their end), refused, or failed without an answer. */
interface Load {
  answers: Array<Promise<Answer>>;
  ids: string[];
  refusals: Refusal[];
  failures: unknown[];
}

async function readAnswer(response: Response, load: Load): Promise<Answer> {
  const answer: Answer = { id: undefined, reasoning: '', text: '', last: undefined };
  const decoder = createEventDecoder({
    onEvent(event) {
      if (event.type === 'start') load.ids.push(event.id);
      if (event.type === 'reasoning-delta') answer.reasoning += event.delta;
      if (event.type === 'text-delta') answer.text += event.delta;
      answer.last = event;
    },
  });
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    decoder.push(read.value);
  }
  decoder.end();
  return answer;
}

/** A chat whose reasoning all comes at once, then `stallMs` of silence before its last words. */
function postChat(api: SpawnedApi, stallMs: number): Promise<Response> {
  return fetch(`${api.url}/api/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      messages: [{ role: 'user', content: `Go [mock stallAfter=${PIECES} stall=${stallMs}]` }],
    }),
  });
}

async function send(load: Load, kind: Refusal['kind'], request: Promise<Response>): Promise<void> {
  try {
    const response = await request;
    if (response.status === 200) {
      const answer = readAnswer(response, load);
      answer.catch(() => {});
      load.answers.push(answer);
      return;
    }
    load.refusals.push({
      kind,
      status: response.status,
      headers: response.headers,
      body: await response.json(),
    });
  } catch (error) {
    load.failures.push(error);
  }
}

/**
 * Opens streams BATCH at a time — chats, and resumes of chats already open — until both kinds
 * have been refused, a request failed, or `maxStreams` were sent.
 */
async function fillHeap(api: SpawnedApi, stallMs: number, maxStreams: number): Promise<Load> {
  const load: Load = { answers: [], ids: [], refusals: [], failures: [] };
  const refused = (kind: Refusal['kind']) => load.refusals.some((refusal) => refusal.kind === kind);
  for (let sent = 0; sent < maxStreams; sent += BATCH) {
    const resumed = load.ids.slice(-5);
    await Promise.all([
      ...Array.from({ length: BATCH - resumed.length }, () =>
        send(load, 'chat', postChat(api, stallMs)),
      ),
      ...resumed.map((id) => send(load, 'resume', fetch(`${api.url}/api/chat/${id}`))),
    ]);
    if ((refused('chat') && refused('resume')) || load.failures.length > 0) break;
  }
  return load;
}

describe('MAX_HEAP_FRACTION', () => {
  let mock: MockOpenAI;
  let api: SpawnedApi | undefined;

  beforeAll(async () => {
    mock = await startMockOpenAI({
      tokensPerSecond: 0,
      chunks: () => [
        ...Array.from({ length: PIECES }, () => ({ reasoning_content: PIECE })),
        { content: 'Done.' },
      ],
    });
  });
  afterEach(async () => {
    api?.child.kill('SIGKILL');
    await api?.exited;
    api = undefined;
  });
  afterAll(() => mock.close());

  // A 48 MiB heap fills with about a hundred open streams; answers are forgotten soon after their end.
  const spawn = (maxHeapFraction: string) =>
    spawnApi({
      OPENAI_BASE_URL: mock.url,
      OPENAI_API_KEY: 'test',
      RATE_LIMIT_PER_MINUTE: '0',
      NODE_OPTIONS: '--max-old-space-size=48',
      MAX_HEAP_FRACTION: maxHeapFraction,
      RESUME_TTL_MS: '200',
    });

  it('refuses new chats and resumes with 503 server_busy as the heap fills, and every open stream finishes', async () => {
    const running = await spawn('0.8');
    api = running;
    const load = await fillHeap(running, 4_000, 3_000);

    expect(load.failures).toEqual([]);
    expect(new Set(load.refusals.map((refusal) => refusal.kind))).toEqual(
      new Set(['chat', 'resume']),
    );
    for (const refusal of load.refusals) {
      expect(refusal.status).toBe(503);
      expect(refusal.headers.get('retry-after')).toBe('1');
      expect(refusal.headers.get('content-type')).toMatch(/^application\/json/);
      expect(refusal.body).toEqual({
        error: { code: 'server_busy', message: expect.any(String) },
      });
    }
    // Nothing already streaming is lost: each admitted stream ends with its whole answer.
    const answers = await Promise.all(load.answers);
    expect(answers.length).toBeGreaterThan(BATCH);
    for (const answer of answers) {
      expect(answer.last).toMatchObject({ type: 'finish', reason: 'stop' });
      expect(answer.reasoning === REASONING && answer.text === 'Done.').toBe(true);
    }
    expect(running.child.exitCode).toBeNull();
    // One warning for the burst of refusals, not one per refusal.
    const warnings = running.lines.filter((line) => String(line.msg).startsWith('heap past'));
    expect(warnings).toEqual([expect.objectContaining({ level: 40, refusedStreams: 1 })]);

    // Once the answers are forgotten and V8 has collected them, new chats are admitted again. An
    // idle heap waits for V8's memory reducer, which collects seconds after allocation slows: 4–10 s
    // in 1 run of 3 with test files beside it, past 20 s once on a loaded machine.
    let status = 0;
    for (const deadline = Date.now() + 45_000; status !== 200 && Date.now() < deadline; ) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const response = await postChat(running, 0);
      status = response.status;
      if (status === 200) expect((await readAnswer(response, load)).reasoning).toBe(REASONING);
      else await response.body?.cancel();
    }
    expect(status).toBe(200);
    expect(running.child.exitCode).toBeNull();
  }, 90_000);

  it('is what keeps the process alive: with MAX_HEAP_FRACTION=1 the same load kills it', async () => {
    const running = await spawn('1');
    api = running;
    // Streams stay open until the end of the test, so the heap only grows.
    const load = await fillHeap(running, 30_000, 3_000);

    expect(await running.exited).toBe('SIGABRT');
    expect(running.stderr()).toContain('JavaScript heap out of memory');
    expect(load.refusals).toEqual([]);
    expect(load.failures.length).toBeGreaterThan(0);
    const answers = await Promise.allSettled(load.answers);
    expect(answers.every((answer) => answer.status === 'rejected')).toBe(true);
  }, 60_000);
});
