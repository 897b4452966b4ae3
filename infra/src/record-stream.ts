import { type IncomingHttpHeaders, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { createGunzip } from 'node:zlib';

/** Options for {@link recordStream}. */
export interface RecordStreamOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Checked after every read; returning true destroys the connection (a client abort). */
  shouldAbort?: (recording: StreamRecording) => boolean;
}

/** One SSE frame as it arrived: a `: comment` (heartbeat) or an event's `data`. */
export interface RecordedFrame {
  /** `performance.now()` when the client had the whole frame. */
  at: number;
  comment?: string;
  data?: string;
  /** The event's `id:` line (its sequence number in the tokenwire protocol), when it had one. */
  id?: string;
}

/** Everything a test needs to know about how a response arrived. */
export interface StreamRecording {
  status: number;
  headers: IncomingHttpHeaders;
  /** `performance.now()` when the request was sent. */
  startedAt: number;
  /** Every socket read that carried body bytes, as the client saw it (before any decompression). */
  reads: Array<{ at: number; bytes: number }>;
  frames: RecordedFrame[];
  body: string;
  /** True when the response ended properly; false when it was cut or aborted. */
  isComplete: boolean;
  /** `performance.now()` when the response ended, was cut, or was aborted. */
  endedAt: number;
}

/**
 * Sends one request on a fresh connection and records when each piece of the response body
 * arrived, splitting it into SSE frames. Plain `node:http`, so `Accept-Encoding` is sent exactly
 * as given and nothing is buffered on the client side; a gzip body is decoded as it arrives.
 *
 * @example
 * const recording = await recordStream('http://127.0.0.1:8787/api/chat', {
 *   method: 'POST',
 *   headers: { 'content-type': 'application/json' },
 *   body: JSON.stringify({ messages: [{ role: 'user', content: 'Hi' }] }),
 * });
 * recording.frames.filter((frame) => frame.data !== undefined).length;
 */
export function recordStream(
  url: string,
  options: RecordStreamOptions = {},
): Promise<StreamRecording> {
  return new Promise((resolve, reject) => {
    const recording: StreamRecording = {
      status: 0,
      headers: {},
      startedAt: performance.now(),
      reads: [],
      frames: [],
      body: '',
      isComplete: false,
      endedAt: 0,
    };
    let pending = '';
    let hasSettled = false;
    const settle = (isComplete: boolean): void => {
      if (hasSettled) return;
      hasSettled = true;
      recording.isComplete = isComplete;
      recording.endedAt = performance.now();
      resolve(recording);
    };

    const outgoing = request(url, {
      method: options.method ?? 'GET',
      headers: options.headers,
      agent: false,
    });
    outgoing.on('response', (response) => {
      recording.status = response.statusCode ?? 0;
      recording.headers = response.headers;
      response.on('data', (chunk: Buffer) => {
        recording.reads.push({ at: performance.now(), bytes: chunk.length });
      });
      // Decoded only to find the frames (a test that lets nginx compress); reads stay the raw ones.
      const decoded =
        response.headers['content-encoding'] === 'gzip' ? response.pipe(createGunzip()) : response;
      decoded.setEncoding('utf8');
      decoded.on('data', (text: string) => {
        const at = performance.now();
        recording.body += text;
        pending += text;
        let boundary = pending.indexOf('\n\n');
        while (boundary !== -1) {
          recording.frames.push(parseFrame(pending.slice(0, boundary), at));
          pending = pending.slice(boundary + 2);
          boundary = pending.indexOf('\n\n');
        }
        if (options.shouldAbort?.(recording)) {
          outgoing.destroy();
          settle(false);
        }
      });
      decoded.on('end', () => settle(response.complete));
      decoded.on('error', () => settle(false));
      response.on('aborted', () => settle(false));
      response.on('error', () => settle(false));
      response.on('close', () => {
        if (!response.complete) settle(false);
      });
    });
    outgoing.on('error', (error) => {
      if (recording.status === 0) reject(error);
      else settle(false);
    });
    outgoing.end(options.body);
  });
}

function parseFrame(frame: string, at: number): RecordedFrame {
  const lines = frame.split('\n');
  const data = lines
    .filter((line) => line.startsWith('data:'))
    .map((line) => line.slice('data:'.length).trimStart());
  const id = lines
    .findLast((line) => line.startsWith('id:'))
    ?.slice('id:'.length)
    .trimStart();
  if (data.length > 0) return { at, data: data.join('\n'), ...(id === undefined ? {} : { id }) };
  return { at, comment: lines.map((line) => line.replace(/^:\s?/, '')).join('\n') };
}
