import type { FetchFunction } from '@tokenwire/client';
import { encodeEvent, protocolHeaders, type TokenwireEvent } from '@tokenwire/protocol';

/** One request the hook made, with a response body the test writes frame by frame. */
export interface TestExchange {
  url: string;
  method: string;
  body: {
    messages: Array<{ role: string; content: string | null; [field: string]: unknown }>;
    [field: string]: unknown;
  };
  headers: Headers;
  /** Encodes events with consecutive sequence numbers, as one network chunk. */
  send(...events: TokenwireEvent[]): void;
  end(): void;
  /** Whether the client cancelled the body (stop, unmount, reset). */
  readonly isCancelled: boolean;
}

export interface TestFetch {
  fetch: FetchFunction;
  /** The chat POSTs, and the resume GETs once `acceptResumes` is set. */
  exchanges: TestExchange[];
  /** The URLs of the `POST <url>/<id>/stop` requests (answered 202, no exchange). */
  stops: string[];
  /**
   * False (the default): a resume GET is answered 410 `resume_gap`, so a cut stream fails at
   * once. True: it becomes an exchange the test writes, like a POST.
   */
  acceptResumes: boolean;
  /** Answers the next request with this response instead of an open stream. */
  respondOnceWith(response: Response): void;
}

const encoder = new TextEncoder();

export function createTestFetch(): TestFetch {
  const exchanges: TestExchange[] = [];
  const stops: string[] = [];
  const overrides: Response[] = [];
  const testFetch: TestFetch = {
    fetch: async (input, init) => {
      if (String(input).endsWith('/stop')) {
        stops.push(String(input));
        return new Response(null, { status: 202 });
      }
      if ((init.method ?? 'GET') === 'GET' && !testFetch.acceptResumes) {
        return Response.json({ error: { code: 'resume_gap', message: 'Gone.' } }, { status: 410 });
      }
      return openExchange(input, init);
    },
    exchanges,
    stops,
    acceptResumes: false,
    respondOnceWith: (response) => overrides.push(response),
  };
  const openExchange = async (input: string | URL, init: RequestInit): Promise<Response> => {
    const override = overrides.shift();
    let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
    let isCancelled = false;
    let seq = 0;
    const body = new ReadableStream<Uint8Array>({
      start(streamController) {
        controller = streamController;
      },
      cancel() {
        isCancelled = true;
      },
    });
    exchanges.push({
      url: String(input),
      // A resume is a GET, without a body.
      body:
        init.body === undefined || init.body === null
          ? { messages: [] }
          : JSON.parse(String(init.body)),
      method: init.method ?? 'GET',
      headers: new Headers(init.headers),
      send(...events) {
        const text = events.map((event) => encodeEvent(event, seq++)).join('');
        controller?.enqueue(encoder.encode(text));
      },
      end() {
        controller?.close();
      },
      get isCancelled() {
        return isCancelled;
      },
    });
    return override ?? new Response(body, { status: 200, headers: protocolHeaders });
  };
  return testFetch;
}

/** Lets the client's read loop run: every pending promise callback, then a macrotask. */
export const settle = (ms = 0): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface AnimationFrames {
  /** Callbacks waiting for the next frame. */
  pending(): number;
  /** Runs one frame: every callback requested so far. Returns how many ran. */
  run(): number;
}

/** A deterministic requestAnimationFrame: frames happen only when the test runs one. */
export function mockAnimationFrames(stub: (name: string, value: unknown) => void): AnimationFrames {
  let callbacks = new Map<number, FrameRequestCallback>();
  let nextHandle = 1;
  stub('requestAnimationFrame', (callback: FrameRequestCallback) => {
    const handle = nextHandle++;
    callbacks.set(handle, callback);
    return handle;
  });
  stub('cancelAnimationFrame', (handle: number) => {
    callbacks.delete(handle);
  });
  return {
    pending: () => callbacks.size,
    run() {
      const current = callbacks;
      callbacks = new Map();
      for (const callback of current.values()) callback(performance.now());
      return current.size;
    },
  };
}
