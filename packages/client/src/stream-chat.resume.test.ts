import type { TokenwireEvent } from '@tokenwire/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DecodeError } from './errors/decode-error.js';
import { HttpError } from './errors/http-error.js';
import { NetworkError } from './errors/network-error.js';
import { TruncatedStreamError } from './errors/truncated-stream-error.js';
import { resumeChat } from './resume-chat.js';
import { type ChatStreamStatus, type StreamChatOptions, streamChat } from './stream-chat.js';
import {
  type ConnectionScript,
  type GenerationServer,
  startGenerationServer,
} from './test-support/start-generation-server.js';
import type { ChatResult } from './types.js';

const body = { messages: [{ role: 'user' as const, content: 'Hi' }] };
/** Resume at once: these tests prove what is delivered, not how long the waits are. */
const quick: StreamChatOptions = { resumeDelayMs: 1, maxResumeDelayMs: 4 };

/**
 * A 64-event answer with every kind of event: reasoning, text with multi-byte characters,
 * two interleaved tool calls, an event type from a newer server (it takes a seq too), and finish.
 */
function longAnswer(): object[] {
  const events: object[] = [{ type: 'start', id: 'gen_long', model: 'demo-1' }];
  for (let index = 0; index < 8; index++) {
    events.push({ type: 'reasoning-delta', delta: `thought ${index}; ` });
  }
  for (let index = 0; index < 40; index++) {
    events.push({ type: 'text-delta', delta: `w${index}é👋 ` });
    if (index === 20) events.push({ type: 'source-url', url: 'https://example.com' });
  }
  events.push(
    { type: 'tool-call-start', toolCallId: 'call_a', name: 'get_weather', index: 0 },
    { type: 'tool-call-delta', toolCallId: 'call_a', delta: '{"city":' },
    { type: 'tool-call-start', toolCallId: 'call_b', name: 'get_time', index: 1 },
    { type: 'tool-call-delta', toolCallId: 'call_b', delta: '{"zone":"Europe/' },
    { type: 'tool-call-delta', toolCallId: 'call_a', delta: '"Paris"}' },
    { type: 'tool-call-delta', toolCallId: 'call_b', delta: 'Paris"}' },
    { type: 'tool-call-end', toolCallId: 'call_a' },
    { type: 'tool-call-end', toolCallId: 'call_b' },
  );
  while (events.length < 63) events.push({ type: 'text-delta', delta: `+${events.length}` });
  events.push({
    type: 'finish',
    reason: 'tool_calls',
    usage: { promptTokens: 5, completionTokens: 60, reasoningTokens: 8 },
  });
  return events;
}

const known = new Set([
  'start',
  'text-delta',
  'reasoning-delta',
  'tool-call-start',
  'tool-call-delta',
  'tool-call-end',
  'finish',
  'error',
]);

let server: GenerationServer;
beforeAll(async () => {
  server = await startGenerationServer();
});
afterAll(() => server.close());

/** Runs a stream to its end, collecting what every sink saw. */
async function run(
  start: () => ReturnType<typeof streamChat>,
): Promise<{ events: TokenwireEvent[]; texts: string[]; result: ChatResult }> {
  const stream = start();
  const events: TokenwireEvent[] = [];
  for await (const event of stream) events.push(event);
  return { events, texts: [stream.text], result: await stream.result };
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected the stream to fail');
    },
    (error: unknown) => error,
  );
}

const methods = (): string[] => server.requests.map((request) => request.method);

describe('streamChat resumes an interrupted answer', () => {
  const events = longAnswer();
  const expectedEvents = events.filter((event) => known.has((event as { type: string }).type));

  it('serves a 64-event answer uncut as the baseline', async () => {
    expect(events.length).toBeGreaterThanOrEqual(60);
    server.play(events);
    const { result } = await run(() => streamChat(server.url, body, quick));
    expect(result.finishReason).toBe('tool_calls');
    expect(result.reasoning).toBe(
      Array.from({ length: 8 }, (_, index) => `thought ${index}; `).join(''),
    );
    expect(result.toolCalls).toEqual([
      {
        id: 'call_a',
        name: 'get_weather',
        index: 0,
        argumentsText: '{"city":"Paris"}',
        arguments: { city: 'Paris' },
        isComplete: true,
      },
      {
        id: 'call_b',
        name: 'get_time',
        index: 1,
        argumentsText: '{"zone":"Europe/Paris"}',
        arguments: { zone: 'Europe/Paris' },
        isComplete: true,
      },
    ]);
    expect(result.usage).toEqual({ promptTokens: 5, completionTokens: 60, reasoningTokens: 8 });
    expect(methods()).toEqual(['POST']);
  });

  for (const cut of ['destroy', 'end', 'half-frame'] as const) {
    it(`cut (${cut}) after every event index: exactly the uncut answer, nothing lost or doubled, one POST`, async () => {
      server.play(events);
      const baseline = await run(() => streamChat(server.url, body, quick));
      for (let cutAfterSeq = 0; cutAfterSeq < events.length - 1; cutAfterSeq++) {
        server.play(events, [{ cutAfterSeq, cut }]);
        const deltas: string[] = [];
        const outcome = await run(() =>
          streamChat(server.url, body, { ...quick, onText: (delta) => deltas.push(delta) }),
        );
        const context = `cut ${cut} after seq ${cutAfterSeq}`;
        expect(outcome.events, context).toEqual(expectedEvents);
        expect(deltas.join(''), context).toBe(baseline.result.text);
        expect(outcome.result, context).toEqual(baseline.result);
        expect(methods(), context).toEqual(['POST', 'GET']);
        expect(server.requests[1]?.url, context).toBe('/api/chat/gen_long');
        expect(server.requests[1]?.headers['last-event-id'], context).toBe(String(cutAfterSeq));
      }
    }, 120_000);
  }

  it('drops events a resume sends again (the server replays from an earlier seq)', async () => {
    server.play(events, [{ cutAfterSeq: 30 }, { fromSeq: 10, cutAfterSeq: 45 }, { fromSeq: 0 }]);
    const { events: seen, result } = await run(() => streamChat(server.url, body, quick));
    expect(seen).toEqual(expectedEvents);
    expect(result.text.match(/w0é/g)).toHaveLength(1);
    expect(methods()).toEqual(['POST', 'GET', 'GET']);
    expect(server.requests.map((request) => request.headers['last-event-id'])).toEqual([
      undefined,
      '30',
      '45',
    ]);
  });

  it('reports a resume that skips events as a sequence_gap DecodeError, not a text with a hole', async () => {
    server.play(events, [{ cutAfterSeq: 20 }, { fromSeq: 23 }]);
    const error = await failure(streamChat(server.url, body, quick).result);
    expect(error).toBeInstanceOf(DecodeError);
    expect(error).toMatchObject({ code: 'sequence_gap', retryable: false });
  });

  it('keeps resuming as long as each attempt brings something new', async () => {
    const scripts: ConnectionScript[] = Array.from({ length: 12 }, (_, index) => ({
      cutAfterSeq: 5 + index * 4,
    }));
    server.play(events, scripts);
    const { events: seen } = await run(() =>
      streamChat(server.url, body, { ...quick, maxResumeAttempts: 1 }),
    );
    expect(seen).toEqual(expectedEvents);
    expect(methods().filter((method) => method === 'POST')).toHaveLength(1);
    expect(methods().length).toBe(13);
  });

  it('reports each resume through onReconnect and onStatusChange', async () => {
    server.play(events, [{ cutAfterSeq: 3 }, { status: 503, code: 'unavailable' }]);
    const statuses: ChatStreamStatus[] = [];
    const reconnects: Array<[number, string]> = [];
    const stream = streamChat(server.url, body, {
      ...quick,
      onStatusChange: (status) => statuses.push(status),
      onReconnect: (attempt, error) => reconnects.push([attempt, error.kind]),
    });
    await stream.result;
    // The 503 leaves it reconnecting: a status changes only when the stream's state does.
    expect(statuses).toEqual(['streaming', 'reconnecting', 'streaming', 'done']);
    expect(reconnects).toEqual([
      [1, 'network'],
      [2, 'network'],
    ]);
    expect(stream.status).toBe('done');
  });
});

describe('streamChat: when resuming cannot help', () => {
  const events = longAnswer();

  it('404 generation_not_found ends at once with the interruption, the refusal attached', async () => {
    server.play(events, [
      { cutAfterSeq: 10, cut: 'end' },
      { status: 404, code: 'generation_not_found' },
    ]);
    const error = await failure(streamChat(server.url, body, quick).result);
    expect(error).toBeInstanceOf(TruncatedStreamError);
    expect(error).toMatchObject({
      kind: 'truncated',
      retryable: true,
      partial: { generationId: 'gen_long', lastEventId: '10' },
    });
    const { resumeError } = error as TruncatedStreamError;
    expect(resumeError).toBeInstanceOf(HttpError);
    expect(resumeError).toMatchObject({ status: 404, code: 'generation_not_found' });
    expect(methods()).toEqual(['POST', 'GET']);
  });

  it('410 resume_gap ends at once too, keeping the partial text', async () => {
    server.play(events, [{ cutAfterSeq: 12 }, { status: 410, code: 'resume_gap' }]);
    const error = await failure(streamChat(server.url, body, quick).result);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({
      kind: 'network',
      code: 'network_error',
      resumeError: { status: 410, code: 'resume_gap' },
    });
    expect((error as NetworkError).partial.text.length).toBeGreaterThan(0);
    expect(methods()).toEqual(['POST', 'GET']);
  });

  it('retries 5xx within the bound, then fails with the interruption', async () => {
    const unavailable: ConnectionScript = { status: 503, code: 'unavailable' };
    server.play(events, [{ cutAfterSeq: 9 }, unavailable, unavailable, unavailable, unavailable]);
    const error = await failure(
      streamChat(server.url, body, { ...quick, maxResumeAttempts: 3 }).result,
    );
    expect(error).toMatchObject({ kind: 'network', resumeError: { status: 503 } });
    expect(methods()).toEqual(['POST', 'GET', 'GET', 'GET']);
  });

  it('fails with the network error when the server is gone for good', async () => {
    const gone = await startGenerationServer();
    const goneUrl = gone.url;
    await gone.close();
    server.play(events, [{ cutAfterSeq: 4 }]);
    let resumes = 0;
    const error = await failure(
      streamChat(server.url, body, {
        ...quick,
        maxResumeAttempts: 2,
        // The POST reaches the server; every resume finds nobody listening.
        fetch: (input, init) => {
          if (init.method !== 'GET') return fetch(input, init);
          resumes += 1;
          return fetch(`${goneUrl}/gen_long`, init);
        },
      }).result,
    );
    expect(error).toMatchObject({ kind: 'network', code: 'network_error', retryable: true });
    expect(resumes).toBe(2);
    expect(methods()).toEqual(['POST']);
  });

  it('does not resume before start named the generation', async () => {
    server.play(events, [{ fromSeq: events.length }]);
    const error = await failure(streamChat(server.url, body, quick).result);
    expect(error).toBeInstanceOf(TruncatedStreamError);
    expect(methods()).toEqual(['POST']);
  });
});

describe('streamChat: a silent connection', () => {
  const events = longAnswer();

  it('treats silence past silenceTimeoutMs as a dead connection and resumes', async () => {
    server.play(events, [{ cutAfterSeq: 15, cut: 'stall' }]);
    const { events: seen } = await run(() =>
      streamChat(server.url, body, { ...quick, silenceTimeoutMs: 1000 }),
    );
    expect(seen.at(-1)).toMatchObject({ type: 'finish' });
    expect(methods()).toEqual(['POST', 'GET']);
    expect(server.requests[1]?.headers['last-event-id']).toBe('15');
  });

  it('counts heartbeats as life: a slow answer with pings is not resumed', async () => {
    // 3 s between start and finish, filled with a ping every 100 ms; a 1.5 s timeout would fire
    // without them.
    server.play(
      [events[0] as object, events.at(-1) as object],
      [{ intervalMs: 3000, heartbeatMs: 100 }],
    );
    const { result } = await run(() =>
      streamChat(server.url, body, { ...quick, silenceTimeoutMs: 1500 }),
    );
    expect(result.finishReason).toBe('tool_calls');
    expect(methods()).toEqual(['POST']);
  }, 30_000);

  it('fails with a silence_timeout NetworkError when it cannot resume', async () => {
    server.play(events, [{ cutAfterSeq: 5, cut: 'stall' }]);
    const error = await failure(
      streamChat(server.url, body, { silenceTimeoutMs: 500, maxResumeAttempts: 0 }).result,
    );
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ kind: 'network', code: 'silence_timeout', retryable: true });
  });
});

describe('streamChat: Stop', () => {
  const events = longAnswer();

  async function stoppedAfterText(options: StreamChatOptions): Promise<void> {
    server.play(events, [{ intervalMs: 20 }]);
    const controller = new AbortController();
    const stream = streamChat(server.url, body, {
      ...options,
      signal: controller.signal,
      headers: { Authorization: 'Bearer t' },
      onText: () => controller.abort(),
    });
    await failure(stream.result);
  }

  /** Long enough for a stop request to have come (it waits 200 ms after the abort). */
  const afterStopDelay = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 600));

  async function until(condition: () => boolean): Promise<void> {
    const startedAt = Date.now();
    while (!condition() && Date.now() - startedAt < 10_000) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  it('sends POST <url>/<id>/stop with the caller headers when aborted mid-answer', async () => {
    await stoppedAfterText({});
    await until(() => server.requests.length === 2);
    expect(methods()).toEqual(['POST', 'POST']);
    expect(server.requests[1]?.url).toBe('/api/chat/gen_long/stop');
    expect(server.requests[1]?.headers.authorization).toBe('Bearer t');
  });

  it('sends the stop when a for-await loop is left early', async () => {
    server.play(events, [{ intervalMs: 20 }]);
    for await (const event of streamChat(server.url, body)) {
      if (event.type === 'reasoning-delta') break;
    }
    await until(() => server.requests.length === 2);
    expect(server.requests[1]?.url).toBe('/api/chat/gen_long/stop');
  });

  it('cannot send a stop before start named the generation', async () => {
    server.play(events, [{ cutAfterSeq: -1, cut: 'stall' }]);
    const stream = streamChat(server.url, body);
    await until(() => stream.status === 'streaming');
    stream.abort();
    await afterStopDelay();
    expect(methods()).toEqual(['POST']);
  });

  it('only disconnects with stopOnAbort: false', async () => {
    await stoppedAfterText({ stopOnAbort: false });
    await afterStopDelay();
    expect(methods()).toEqual(['POST']);
  });

  it('sends no stop once the answer has finished', async () => {
    server.play(events);
    const stream = streamChat(server.url, body);
    await stream.result;
    stream.abort();
    await afterStopDelay();
    expect(methods()).toEqual(['POST']);
  });

  it('stops during the wait before a resume, without resuming', async () => {
    server.play(events, [{ cutAfterSeq: 8 }]);
    const stream = streamChat(server.url, body, {
      resumeDelayMs: 60_000,
      onStatusChange: (status) => {
        if (status === 'reconnecting') stream.abort();
      },
    });
    expect(await failure(stream.result)).toMatchObject({ kind: 'aborted' });
    await until(() => server.requests.length === 2);
    expect(server.requests.map((request) => `${request.method} ${request.url}`)).toEqual([
      'POST /api/chat',
      'POST /api/chat/gen_long/stop',
    ]);
  });
});

describe('resumeChat', () => {
  const events = longAnswer();
  const expectedEvents = events.filter((event) => known.has((event as { type: string }).type));

  it('attaches by id without a Last-Event-ID and replays from start', async () => {
    server.play(events);
    const { events: seen, result } = await run(() => resumeChat(server.url, 'gen_long', quick));
    expect(seen).toEqual(expectedEvents);
    expect(result.model).toBe('demo-1');
    expect(methods()).toEqual(['GET']);
    expect(server.requests[0]?.url).toBe('/api/chat/gen_long');
    expect(server.requests[0]?.headers['last-event-id']).toBeUndefined();
  });

  it('continues a failed stream from its partial: the same result as an uncut one', async () => {
    server.play(events);
    const baseline = await run(() => streamChat(server.url, body, quick));
    server.play(events, [{ cutAfterSeq: 52 }]);
    const error = (await failure(
      streamChat(server.url, body, { maxResumeAttempts: 0 }).result,
    )) as NetworkError;
    server.play(events);
    const resumed = await run(() =>
      resumeChat(server.url, 'gen_long', { ...quick, partial: error.partial }),
    );
    expect(server.requests[0]?.headers['last-event-id']).toBe('52');
    expect(resumed.result).toEqual(baseline.result);
    expect(resumed.events).toEqual(expectedEvents.filter((_, index) => index > 51));
  });

  it('rejects with the 404 HttpError when the server no longer has the generation', async () => {
    server.play(events, [{ status: 404, code: 'generation_not_found' }]);
    const error = await failure(resumeChat(server.url, 'gen_gone', { lastEventId: 3 }).result);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ status: 404, code: 'generation_not_found' });
    expect(server.requests[0]?.headers['last-event-id']).toBe('3');
  });
});
