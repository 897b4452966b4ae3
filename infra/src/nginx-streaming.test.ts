import type { MockCloseEvent, MockOpenAI, MockRequestEvent } from '@tokenwire/mock-openai';
import type { RunningNginx } from '@tokenwire/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type RecordStreamOptions, recordStream, type StreamRecording } from './record-stream.js';
import { type ArrivalComparison, compareArrivals } from './test-support/compare-arrivals.js';
import {
  chatBody,
  createWebRoot,
  overrideDirective,
  shippedTemplate,
  startApi,
  startDemoUpstream,
  startNginxWith,
} from './test-support/start-stack.js';
import { startTap, type Tap } from './test-support/start-tap.js';

// The real nginx, the real API and the demo upstream at its default pace (about 40 tokens/s).
let mock: MockOpenAI;
let api: Awaited<ReturnType<typeof startApi>>;
let web: Awaited<ReturnType<typeof createWebRoot>>;
// Between nginx and the API in the streaming tests: it times each token as it leaves the API.
let tap: Tap;
const nginxes: RunningNginx[] = [];

async function nginxWith(template: string, apiHostPort = api.hostPort): Promise<RunningNginx> {
  const nginx = await startNginxWith(template, { API_UPSTREAM: apiHostPort, WEB_ROOT: web.path });
  nginxes.push(nginx);
  return nginx;
}

beforeAll(async () => {
  mock = await startDemoUpstream();
  api = await startApi({ mock });
  web = await createWebRoot();
  tap = await startTap(api.hostPort);
});

afterAll(async () => {
  await Promise.all(nginxes.map((nginx) => nginx.close()));
  await tap?.close();
  await api?.close();
  await mock?.close();
  await web?.remove();
});

function chat(directive: string, headers: Record<string, string> = {}): RecordStreamOptions {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: chatBody(directive),
  };
}

function textOf(recording: StreamRecording): string {
  return recording.frames
    .filter((frame) => frame.data?.includes('"type":"text-delta"'))
    .map((frame) => (JSON.parse(frame.data ?? '{}') as { delta: string }).delta)
    .join('');
}

function lastEventType(recording: StreamRecording): string | undefined {
  const last = recording.frames.filter((frame) => frame.data !== undefined).at(-1);
  return last ? (JSON.parse(last.data ?? '{}') as { type: string }).type : undefined;
}

/**
 * One chat through nginx (behind it, the tap), compared token by token with when each token left
 * the API: what a client connected directly would have seen.
 */
async function measure(
  nginx: RunningNginx,
  headers: Record<string, string> = {},
): Promise<{ proxied: StreamRecording; comparison: ArrivalComparison }> {
  // A warm-up answer first, so nginx's keep-alive connection to the API is not part of it.
  await recordStream(`${nginx.url}/api/chat`, chat('tokens=1'));
  tap.clear();
  // 20 tokens/s: a token every 50 ms, so two only share a read when something holds them.
  const proxied = await recordStream(`${nginx.url}/api/chat`, chat('tokens=40 rate=20', headers));
  const comparison = compareArrivals(tap.responses, proxied);
  console.log(`arrivals, ${JSON.stringify(headers)}: ${JSON.stringify(comparison)}`);
  return { proxied, comparison };
}

function expectStreamedLikeDirect(
  { proxied, comparison }: Awaited<ReturnType<typeof measure>>,
  label: string,
): void {
  expect(proxied.status, label).toBe(200);
  expect(proxied.isComplete, label).toBe(true);
  expect(lastEventType(proxied), label).toBe('finish');
  expect(textOf(proxied), label).not.toBe('');
  expect(comparison.tokens, label).toBe(40);
  // Generous bounds: the median is well under a millisecond and the reads match even with both
  // cores saturated, while a proxy that holds the answer back (the control test below) shows a
  // median about a second late, one read and no spread at all.
  expect(comparison.medianExtraMs, label).toBeLessThan(50);
  expect(comparison.proxiedReads, label).toBeGreaterThanOrEqual(0.8 * comparison.directReads);
  expect(comparison.proxiedSpreadMs, label).toBeGreaterThan(0.8 * comparison.directSpreadMs);
}

describe('streaming through nginx', () => {
  test('delivers each token as the API writes it, within a few ms of a direct reader', async () => {
    const nginx = await nginxWith(shippedTemplate, tap.hostPort);
    const measured = await measure(nginx);
    expectStreamedLikeDirect(measured, 'identity');
    expect(measured.proxied.headers['content-type']).toMatch(/^text\/event-stream/);
  });

  test('still streams, uncompressed, when the browser sends Accept-Encoding: gzip', async () => {
    const nginx = await nginxWith(shippedTemplate, tap.hostPort);
    const measured = await measure(nginx, { 'accept-encoding': 'gzip, deflate, br' });
    expectStreamedLikeDirect(measured, 'gzip');
    expect(measured.proxied.headers['content-encoding']).toBeUndefined();
  });

  test('streams on the template alone: an upstream without X-Accel-Buffering, gzip_types that include event streams', async () => {
    // What other backends, or an operator widening gzip_types, would bring: only the /api/
    // location's own proxy_buffering off and gzip off keep the stream moving now.
    const exposed = overrideDirective(
      overrideDirective(
        shippedTemplate,
        'proxy_buffering off;',
        'proxy_buffering off;\n        proxy_ignore_headers X-Accel-Buffering;',
      ),
      'gzip_types text/css',
      'gzip_types text/event-stream text/css',
    );
    const nginx = await nginxWith(exposed, tap.hostPort);
    const measured = await measure(nginx, { 'accept-encoding': 'gzip' });
    expectStreamedLikeDirect(measured, 'template alone');
    expect(measured.proxied.headers['content-encoding']).toBeUndefined();
  });

  test('the same measurement catches nginx holding the answer back (proxy buffering plus gzip)', async () => {
    // The failure users hit: without the /api/ location's two lines, the whole answer arrives at once.
    const holdingBack = overrideDirective(
      overrideDirective(
        shippedTemplate,
        'proxy_buffering off;',
        'proxy_buffering on;\n        proxy_ignore_headers X-Accel-Buffering;',
      ),
      '        gzip off;',
      '        gzip on;\n        gzip_types text/event-stream;',
    );
    const nginx = await nginxWith(holdingBack, tap.hostPort);
    const { proxied, comparison } = await measure(nginx, { 'accept-encoding': 'gzip' });
    expect(proxied.headers['content-encoding']).toBe('gzip');
    expect(comparison.proxiedReads).toBeLessThan(0.2 * comparison.directReads);
    expect(comparison.proxiedSpreadMs).toBeLessThan(0.2 * comparison.directSpreadMs);
    expect(comparison.medianExtraMs).toBeGreaterThan(600);
  });
});

describe('heartbeats against the read timeout', () => {
  // nginx's read timeout shrunk to 1 s for the test (the shipped 120 s is pinned in
  // default-conf-template.test.ts); the demo upstream then goes silent for 3 s mid-answer.
  const shortTimeout = overrideDirective(
    shippedTemplate,
    'proxy_read_timeout 120s;',
    'proxy_read_timeout 1s;',
  );
  const stall = 'tokens=5 stall=3000 stallAfter=2';

  test('a stream whose upstream is silent for three read timeouts stays open thanks to heartbeats', async () => {
    const fastHeartbeatApi = await startApi({ mock, env: { HEARTBEAT_MS: '250' } });
    try {
      const nginx = await nginxWith(shortTimeout, fastHeartbeatApi.hostPort);
      const recording = await recordStream(`${nginx.url}/api/chat`, chat(stall));
      expect(recording.isComplete).toBe(true);
      expect(lastEventType(recording)).toBe('finish');
      expect(textOf(recording)).not.toBe('');
      expect(recording.endedAt - recording.startedAt).toBeGreaterThan(3_000);
      const heartbeats = recording.frames.filter((frame) => frame.comment === 'ping');
      expect(heartbeats.length).toBeGreaterThanOrEqual(6);
      expect(nginx.errorLog()).not.toMatch(/upstream timed out/);
    } finally {
      await fastHeartbeatApi.close();
    }
  });

  test('without heartbeats in time, nginx cuts the same stream at its read timeout', async () => {
    // The API's default heartbeat (15 s) is longer than this nginx's 1 s: the control case.
    const nginx = await nginxWith(shortTimeout);
    const recording = await recordStream(`${nginx.url}/api/chat`, chat(stall));
    expect(recording.isComplete).toBe(false);
    expect(lastEventType(recording)).not.toBe('finish');
    const lastToken = recording.frames.filter((frame) => frame.data !== undefined).at(-1);
    const silence = recording.endedAt - (lastToken?.at ?? recording.startedAt);
    expect(silence).toBeGreaterThan(900);
    expect(silence).toBeLessThan(2_500);
    expect(nginx.errorLog()).toMatch(/upstream timed out/);
  });
});

describe('client aborts', () => {
  /** Aborts a chat after three tokens; resolves with ms from the abort to the mock seeing its request closed. */
  async function abortAfterThreeTokens(baseUrl: string, label: string): Promise<number> {
    let requestId: string | undefined;
    let abortedAt = 0;
    const closed = new Promise<MockCloseEvent>((resolve) => {
      const onRequest = (event: MockRequestEvent): void => {
        if (JSON.stringify(event.body).includes(label)) requestId = event.id;
      };
      const onClose = (event: MockCloseEvent): void => {
        if (event.id !== requestId) return;
        mock.off('request', onRequest);
        mock.off('close', onClose);
        resolve(event);
      };
      mock.on('request', onRequest);
      mock.on('close', onClose);
    });
    const recording = await recordStream(`${baseUrl}/api/chat`, {
      ...chat(`tokens=400 id=${label}`),
      shouldAbort: (partial) => {
        const isDue =
          partial.frames.filter((frame) => frame.data?.includes('text-delta')).length >= 3;
        if (isDue) abortedAt = performance.now();
        return isDue;
      },
    });
    expect(recording.isComplete).toBe(false);
    const event = await closed;
    expect(event.completed).toBe(false);
    expect(event.tokensSent).toBeLessThan(400);
    return event.at - abortedAt;
  }

  test('with resume off, a browser that goes away closes the upstream request through nginx, at once', async () => {
    // By default the API keeps a dropped answer running for RESUME_GRACE_MS so a reload can
    // resume it; at 0 the drop itself must abort the model call, and nginx must pass it on.
    const abortingApi = await startApi({ mock, env: { RESUME_GRACE_MS: '0' } });
    try {
      const nginx = await nginxWith(shippedTemplate, abortingApi.hostPort);
      const throughNginx: number[] = [];
      const direct: number[] = [];
      for (let attempt = 0; attempt < 5; attempt++) {
        throughNginx.push(await abortAfterThreeTokens(nginx.url, `nginx-abort-${attempt}`));
        direct.push(await abortAfterThreeTokens(abortingApi.url, `direct-abort-${attempt}`));
      }
      const format = (values: number[]): string =>
        values.map((value) => value.toFixed(1)).join(', ');
      console.log(
        `abort → upstream closed, ms: nginx [${format(throughNginx)}], direct [${format(direct)}]`,
      );
      for (const delay of throughNginx) expect(delay).toBeLessThan(1_000);
    } finally {
      await abortingApi.close();
    }
  });
});
