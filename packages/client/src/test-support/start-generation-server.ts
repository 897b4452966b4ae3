import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { protocolHeaders } from '@tokenwire/protocol';

/** What the server does on one connection (the POST is connection 0, each resume the next). */
export interface ConnectionScript {
  /** Answer with this status and `{ error: { code } }` instead of a stream. */
  status?: number;
  code?: string;
  /** Replay from this seq instead of from `Last-Event-ID` + 1 (an overlap, or a hole). */
  fromSeq?: number;
  /** After writing the event with this seq, end the connection as `cut` says (`-1`: before any). */
  cutAfterSeq?: number;
  /**
   * `destroy`: drop the socket; `end`: end the body cleanly (a truncated answer); `half-frame`:
   * write half of the next frame, then drop; `stall`: write nothing more and keep it open.
   */
  cut?: 'destroy' | 'end' | 'half-frame' | 'stall';
  /** Milliseconds between events (0: all in one write). */
  intervalMs?: number;
  /** Write `: ping` every this many milliseconds while waiting between events. */
  heartbeatMs?: number;
}

export interface GenerationRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
}

export interface GenerationServer {
  /** The chat URL: POST starts the generation, `GET <url>/<id>` resumes, `POST <url>/<id>/stop` stops. */
  url: string;
  requests: GenerationRequest[];
  /** Plays `events` (seq = index) with one script per connection; later connections play it whole. */
  play(events: readonly object[], scripts?: ConnectionScript[]): void;
  close(): Promise<void>;
}

const frame = (event: object, seq: number): string =>
  `id: ${seq}\ndata: ${JSON.stringify(event)}\n\n`;

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A node:http server that speaks the protocol's resume (PROTOCOL.md §11) and cuts its
 * connections where a test says: after any event, mid-frame, cleanly or by going silent.
 */
export async function startGenerationServer(): Promise<GenerationServer> {
  const requests: GenerationRequest[] = [];
  let events: readonly object[] = [];
  let scripts: ConnectionScript[] = [];
  let connection = 0;

  const stream = async (
    script: ConnectionScript,
    fromSeq: number,
    raw: IncomingMessage,
    response: ServerResponse,
  ): Promise<void> => {
    response.writeHead(200, protocolHeaders);
    response.write(': ping\n\n');
    let isClosed = false;
    response.on('close', () => {
      isClosed = true;
    });
    const write = (text: string): Promise<void> =>
      new Promise((resolve) => response.write(text, () => resolve()));
    const interval = script.intervalMs ?? 0;
    const cutAfter = async (seq: number): Promise<void> => {
      const next = events[seq + 1];
      switch (script.cut ?? 'destroy') {
        case 'end':
          response.end();
          return;
        case 'half-frame': {
          const text = next === undefined ? '' : frame(next, seq + 1);
          await write(text.slice(0, Math.ceil(text.length / 2)));
          raw.socket.destroy();
          return;
        }
        case 'stall':
          return;
        default:
          raw.socket.destroy();
      }
    };
    // `cutAfterSeq: fromSeq - 1` cuts before the first event.
    if (script.cutAfterSeq === fromSeq - 1) return cutAfter(fromSeq - 1);
    let batch = '';
    for (let seq = fromSeq; seq < events.length; seq++) {
      if (isClosed) return;
      batch += frame(events[seq] as object, seq);
      const isCut = seq === script.cutAfterSeq;
      if (interval > 0 || isCut || seq === events.length - 1) {
        await write(batch);
        batch = '';
      }
      if (isCut) return cutAfter(seq);
      if (interval > 0) {
        let waited = 0;
        while (waited < interval) {
          const step = Math.min(interval - waited, script.heartbeatMs ?? interval);
          await pause(step);
          waited += step;
          if (script.heartbeatMs !== undefined && waited < interval && !isClosed) {
            await write(': ping\n\n');
          }
        }
      }
    }
    response.end();
  };

  const server = createServer(async (raw, response) => {
    for await (const _chunk of raw) {
      // The body is not needed; reading it lets the request finish.
    }
    const method = raw.method ?? '';
    const url = raw.url ?? '';
    requests.push({ method, url, headers: raw.headers });
    if (method === 'POST' && url.endsWith('/stop')) {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end('{"status":"stopped"}');
      return;
    }
    const script = scripts[connection] ?? {};
    connection += 1;
    if (script.status !== undefined) {
      response.writeHead(script.status, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify({ error: { code: script.code, message: 'Scripted failure.' } }));
      return;
    }
    const lastEventId = raw.headers['last-event-id'];
    const resumeFrom =
      method === 'GET' && typeof lastEventId === 'string' ? Number(lastEventId) + 1 : 0;
    await stream(script, script.fromSeq ?? resumeFrom, raw, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/chat`,
    requests,
    play(nextEvents, nextScripts = []) {
      events = nextEvents;
      scripts = nextScripts;
      connection = 0;
      requests.length = 0;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
