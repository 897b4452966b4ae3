import { type SpawnedApi, spawnApi } from '@tokenwire/api/test-support/spawn-api';
import { type MockOpenAI, startMockOpenAI } from '@tokenwire/mock-openai';
import {
  type RunningNginx,
  type RunningRedis,
  renderTemplate,
  startNginx,
  startRedis,
} from '@tokenwire/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type RecordedFrame, recordStream, type StreamRecording } from './record-stream.js';
import {
  chatBody,
  createWebRoot,
  overrideDirective,
  shippedTemplate,
} from './test-support/start-stack.js';

// Two API processes sharing one redis-server, behind the shipped template with one `server` line
// per replica (what infra/README.md tells operators of fixed hosts to do). Each replica has its
// own demo upstream, so the upstream that sees a request names the replica that owns it.
let redis: RunningRedis;
const mocks: MockOpenAI[] = [];
const replicas: SpawnedApi[] = [];
let web: Awaited<ReturnType<typeof createWebRoot>>;
let nginx: RunningNginx;

/** The Redis store's default lease (packages/server, `leaseMs`): a reader learns of a dead owner within it plus a third. */
const LEASE_MS = 3_000;

beforeAll(async () => {
  // Both fail with the line to install what is missing (redis-server, nginx, envsubst).
  redis = await startRedis();
  for (let index = 0; index < 2; index++) {
    const mock = await startMockOpenAI({ host: '127.0.0.1', port: 0 });
    mocks.push(mock);
    replicas.push(
      await spawnApi({
        HOST: '127.0.0.1',
        OPENAI_BASE_URL: mock.url,
        OPENAI_API_KEY: 'test',
        REDIS_URL: redis.url,
        RATE_LIMIT_PER_MINUTE: '0',
        SHUTDOWN_GRACE_MS: '0',
      }),
    );
  }
  web = await createWebRoot();
  const servers = replicas.map((replica) => `server ${new URL(replica.url).host};`).join('\n    ');
  const template = overrideDirective(shippedTemplate, 'server ${API_UPSTREAM};', servers);
  nginx = await startNginx({
    httpConfig: (listen) =>
      renderTemplate(template, { API_UPSTREAM: '', NGINX_PORT: listen, WEB_ROOT: web.path }),
  });
}, 60_000);

afterAll(async () => {
  await nginx?.close();
  await Promise.all(
    replicas.map(async (replica) => {
      if (replica.child.exitCode === null && replica.child.signalCode === null) {
        replica.child.kill('SIGTERM');
      }
      await replica.exited;
    }),
  );
  await Promise.all(mocks.map((mock) => mock.close()));
  await redis?.stop();
  await web?.remove();
});

const post = (directive: string, shouldAbort?: (recording: StreamRecording) => boolean) =>
  recordStream(`${nginx.url}/api/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: chatBody(directive),
    ...(shouldAbort ? { shouldAbort } : {}),
  });

const resume = (origin: string, id: string, lastEventId: string | undefined) =>
  recordStream(`${origin}/api/chat/${id}`, {
    headers: lastEventId === undefined ? {} : { 'Last-Event-ID': lastEventId },
  });

const eventsOf = (recording: StreamRecording): RecordedFrame[] =>
  recording.frames.filter((frame) => frame.data !== undefined);

const parsed = (frame: RecordedFrame | undefined) =>
  JSON.parse(frame?.data ?? '{}') as {
    type: string;
    id?: string;
    delta?: string;
    retryable?: boolean;
  };

const textOf = (frames: RecordedFrame[]) =>
  frames
    .map(parsed)
    .filter((event) => event.type === 'text-delta')
    .map((event) => event.delta)
    .join('');

const idOf = (recording: StreamRecording): string => {
  const start = parsed(eventsOf(recording)[0]);
  if (start.type !== 'start' || start.id === undefined) throw new Error('no start event');
  return start.id;
};

/** Resolves with the index of the replica whose upstream receives the next request. */
function nextOwner(): Promise<number> {
  return new Promise((resolve) => {
    const listeners = mocks.map((mock, index) => {
      const listener = () => {
        mocks.forEach((each, at) => {
          each.off('request', listeners[at] as () => void);
        });
        resolve(index);
      };
      mock.on('request', listener);
      return listener;
    });
  });
}

/** Resolves with `performance.now()` when this replica's upstream sees a request cut short. */
function upstreamAborted(index: number): Promise<number> {
  const mock = mocks[index] as MockOpenAI;
  return new Promise((resolve) => {
    mock.on('close', function onClose(event) {
      if (event.completed) return;
      mock.off('close', onClose);
      resolve(performance.now());
    });
  });
}

const otherThan = (index: number) => replicas[1 - index] as SpawnedApi;

/**
 * POSTs a chat through nginx and resolves once `events` events arrived, with the answer's id, the
 * replica that owns it, and the whole recording when the stream ends.
 */
async function startAnswer(
  directive: string,
  events: number,
): Promise<{ id: string; owner: number; reading: Promise<StreamRecording> }> {
  const owned = nextOwner();
  let onStart: (recording: StreamRecording) => void = () => {};
  const started = new Promise<StreamRecording>((resolve) => {
    onStart = resolve;
  });
  const reading = post(directive, (recording) => {
    if (eventsOf(recording).length >= events) onStart(recording);
    return false;
  });
  const recording = await Promise.race([started, reading]);
  return { id: idOf(recording), owner: await owned, reading };
}

describe('two API replicas behind nginx, sharing Redis', () => {
  test('a stream cut through nginx resumes on the other replica, to exactly the uncut text', async () => {
    // 80 tokens at 40/s: two seconds of answer, so the cut lands while it is still running.
    const directive = 'tokens=80 rate=40';
    const uncut = await post(directive);
    expect(uncut.isComplete).toBe(true);

    const owned = nextOwner();
    const cut = await post(directive, (recording) => eventsOf(recording).length >= 20);
    const owner = await owned;
    expect(cut.isComplete).toBe(false);
    const before = eventsOf(cut);
    const lastId = before.at(-1)?.id;
    expect(lastId).toBeDefined();

    // Pinned by address: the resume goes straight to the replica that does not run the answer,
    // which can only serve it from Redis.
    const resumed = await resume(otherThan(owner).url, idOf(cut), lastId);
    expect(resumed.status).toBe(200);
    expect(resumed.isComplete).toBe(true);
    const after = eventsOf(resumed);
    const all = [...before, ...after];
    // Every sequence number once, in order: nothing replayed twice, nothing skipped.
    expect(all.map((frame) => Number(frame.id))).toEqual(all.map((_, index) => index));
    expect(textOf(all)).toBe(textOf(eventsOf(uncut)));
    expect(textOf(all).length).toBeGreaterThan(0);
    expect(all.length).toBe(eventsOf(uncut).length);
    expect(parsed(all.at(-1))).toEqual(parsed(eventsOf(uncut).at(-1)));
    expect(parsed(all.at(-1)).type).toBe('finish');
  });

  test('a Stop sent to the replica that does not own the answer aborts its upstream within 100 ms', async () => {
    // The first stop a freshly started process handles, as owner or as relay, pays for compiling
    // its path (100–400 ms here, under tsx); a deployed replica has long paid it. Warm both roles
    // on both replicas first, then measure.
    const roles = new Set<number>();
    for (let attempt = 0; attempt < 8 && roles.size < 2; attempt++) {
      const answer = await startAnswer('tokens=5000 rate=50', 3);
      roles.add(answer.owner);
      await fetch(`${otherThan(answer.owner).url}/api/chat/${answer.id}/stop`, { method: 'POST' });
      await answer.reading;
    }
    expect(roles.size).toBe(2);

    // Three measured stops, judged on their median: with two cores shared by other suites, one
    // stop in a few waits 100+ ms for a core (warm stops take under 10 ms here).
    const elapsed: number[] = [];
    for (let round = 0; round < 3; round++) {
      const { id, owner, reading } = await startAnswer('tokens=5000 rate=50', 3);
      const aborted = upstreamAborted(owner);
      const stoppedAt = performance.now();
      const stop = await fetch(`${otherThan(owner).url}/api/chat/${id}/stop`, { method: 'POST' });
      expect(stop.status).toBe(200);
      expect(await stop.json()).toMatchObject({ id });
      elapsed.push((await aborted) - stoppedAt);
      const ended = await reading;
      expect(parsed(eventsOf(ended).at(-1))).toMatchObject({ type: 'finish', reason: 'abort' });
    }
    console.log(
      `stop through the non-owner → upstream closed: ${elapsed.map((ms) => ms.toFixed(1)).join(', ')} ms`,
    );
    expect([...elapsed].sort((a, b) => a - b)[1]).toBeLessThan(100);
  });

  // Last: it kills a replica.
  test('SIGKILL of the owner mid-answer: every reader ends with a retryable error within the lease, none hangs', async () => {
    // Through nginx, on the owner: its connection dies with the process.
    const { id, owner, reading: first } = await startAnswer('tokens=2000 rate=40', 5);
    const survivor = otherThan(owner);
    // Following the answer live from the other replica, through Redis.
    let followerEvents = 0;
    const follower = recordStream(`${survivor.url}/api/chat/${id}`, {
      headers: { 'Last-Event-ID': '0' },
      shouldAbort: (recording) => {
        followerEvents = eventsOf(recording).length;
        return false;
      },
    });
    while (followerEvents < 10) await new Promise((resolve) => setTimeout(resolve, 20));

    const killedAt = performance.now();
    (replicas[owner] as SpawnedApi).child.kill('SIGKILL');

    const cut = await first;
    // The owner's own reader is cut, never told the answer ended.
    expect(cut.isComplete).toBe(false);
    expect(['finish', 'error']).not.toContain(parsed(eventsOf(cut).at(-1)).type);
    // It reconnects through nginx, which can only reach the survivor: should it try the dead
    // owner first, the connection is refused and the GET, being idempotent, is passed on
    // (nginx's default proxy_next_upstream error).
    const reconnected = await resume(nginx.url, id, eventsOf(cut).at(-1)?.id);

    const followed = await follower;
    const readers = { follower: followed, 'reconnect through nginx': reconnected };
    for (const [name, recording] of Object.entries(readers)) {
      const last = eventsOf(recording).at(-1);
      const elapsed = (last?.at ?? Number.NaN) - killedAt;
      console.log(`dead owner → ${name} got its error after ${elapsed.toFixed(0)} ms`);
      expect(recording.status, name).toBe(200);
      expect(recording.isComplete, name).toBe(true);
      expect(parsed(last), name).toMatchObject({ type: 'error', retryable: true });
      // The lease's bound (the lease plus one blocked read, a third of it), with room for a
      // loaded machine; the figure itself is logged above.
      expect(elapsed, name).toBeLessThan(LEASE_MS + LEASE_MS / 3 + 2_000);
    }
    // What the reconnect replayed continues the cut stream without a gap or a repeat.
    const ids = [...eventsOf(cut), ...eventsOf(reconnected)].map((frame) => Number(frame.id));
    expect(ids).toEqual(ids.map((_, index) => index));
  }, 30_000);
});
