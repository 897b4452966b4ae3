import { createServer, type IncomingMessage, type Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { setTimeout as delay, setImmediate as nextTurn } from 'node:timers/promises';
import { HEARTBEAT_FRAME, protocolHeaders } from '@tokenwire/protocol';
import { createSeededRandom } from '@tokenwire/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FrameSource } from '../generation/frame-source.js';
import type { GenerationSubscriber } from '../generation/generation-subscriber.js';
import type { SseFrame } from '../sse-frame.js';
import { openRawConnection, type RawResponse } from '../test-support/open-raw-connection.js';
import { createFrameWriter, flushFrameWrites, type WriteBatching } from './create-frame-writer.js';
import { pipeToNodeResponse } from './pipe-to-node-response.js';

const REQUEST = 'POST / HTTP/1.1\r\nHost: tokenwire.test\r\nContent-Length: 0\r\n\r\n';
const noDrain = () => {};

/**
 * How many whole chunks (`<hex>\r\n<data>\r\n`) one socket write holds, back to back and
 * nothing else: what a direct write hands the socket (0 for Node's own writes, never whole).
 */
function countWholeChunks(chunk: unknown): number {
  if (!(chunk instanceof Uint8Array)) return 0;
  const text = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('latin1');
  let count = 0;
  for (let offset = 0; offset < text.length; count++) {
    const match = /^([0-9a-f]+)\r\n/.exec(text.slice(offset, offset + 18));
    if (match === null) return 0;
    const end = offset + (match[0] as string).length + Number.parseInt(match[1] as string, 16);
    if (text.slice(end, end + 2) !== '\r\n') return 0;
    offset = end + 2;
  }
  return count;
}

/** Watches a server socket's writes: frames that took the direct path, and in how many writes. */
function watchSocketWrites(socket: Socket) {
  const write = vi.spyOn(socket, 'write');
  const counts = () => write.mock.calls.map(([chunk]) => countWholeChunks(chunk));
  return {
    get wholeChunks() {
      return counts().reduce((sum, count) => sum + count, 0);
    },
    get directWrites() {
      return counts().filter((count) => count > 0).length;
    },
    restore: () => write.mockRestore(),
  };
}

const withoutDate = (head: string) => head.replace(/^date: .*$/im, 'date: -');
const bytesOf = (frame: SseFrame) => Buffer.from(frame);

/** A frame source that writes `nextFrame`'s frames in order, waits for `resume` after a full write, then ends. */
function createScriptedSource(nextFrame: (index: number) => SseFrame | undefined) {
  const written: SseFrame[] = [];
  const counts = { pauses: 0, resumes: 0, isWaiting: false };
  let subscriber: GenerationSubscriber | undefined;
  let wake: (() => void) | undefined;
  const source: FrameSource = {
    subscribe(reader) {
      subscriber = reader;
      return true;
    },
    unsubscribe() {
      subscriber = undefined;
      wake?.();
    },
    resume() {
      counts.resumes++;
      wake?.();
    },
    abort() {},
    async run() {
      for (;;) {
        const frame = nextFrame(written.length);
        if (frame === undefined || subscriber === undefined) break;
        written.push(frame);
        if (!subscriber.write(frame)) {
          counts.pauses++;
          counts.isWaiting = true;
          await new Promise<void>((resolve) => {
            wake = () => {
              wake = undefined;
              counts.isWaiting = false;
              resolve();
            };
          });
        }
      }
      subscriber?.end();
    },
  };
  return { source, written, counts };
}

const TEXT_PIECES = ['a', 'data: ', ' ', '\n', 'é', '€', '中文', '👋', '\ud800', '"\\'];

/** Frames and heartbeats of 1 B to 20 KiB, random bytes or text with multi-byte UTF-8. */
function randomWrites(
  random: () => number,
): { frame: SseFrame; isTurnAfter: boolean; isCallbackAfter: boolean }[] {
  const count = 1 + Math.floor(random() * 40);
  return Array.from({ length: count }, () => {
    const roll = random();
    const size =
      roll < 0.6
        ? 1 + Math.floor(random() * 128)
        : roll < 0.9
          ? 129 + Math.floor(random() * 1_920)
          : 2_049 + Math.floor(random() * 18_432);
    let frame: SseFrame;
    if (random() < 0.15) frame = HEARTBEAT_FRAME;
    // Node writes nothing for an empty write; a zero-length chunk would end the body.
    else if (random() < 0.03) frame = random() < 0.5 ? '' : new Uint8Array(0);
    else if (random() < 0.5) frame = new Uint8Array(size).map(() => Math.floor(random() * 256));
    else {
      frame = '';
      while (Buffer.byteLength(frame) < size) {
        frame += TEXT_PIECES[Math.floor(random() * TEXT_PIECES.length)];
      }
    }
    // Some writes land in the tick of the one before (a corked socket), some in a later I/O
    // callback of the same turn (after a microtask checkpoint), some a turn later.
    const after = random();
    return { frame, isTurnAfter: after < 0.3, isCallbackAfter: after >= 0.3 && after < 0.55 };
  });
}

describe('createFrameWriter', () => {
  let server: Server;
  let port: number;
  let handle: (request: IncomingMessage, response: ServerResponse) => void = () => {};

  beforeAll(async () => {
    server = createServer((request, response) => handle(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('shares its methods between writers instead of making closures per writer', () => {
    // Every open stream has a writer, thousands at once: closures would cost each its own.
    const response = new ServerResponse({ method: 'GET', httpVersionMajor: 1 } as IncomingMessage);
    const first = createFrameWriter(response, { directWrites: true, onDrain: noDrain });
    const second = createFrameWriter(response, { directWrites: true, onDrain: noDrain });
    expect(first.write).toBe(second.write);
    expect(first.end).toBe(second.end);
    expect(first.stop).toBe(second.stop);
  });

  /** Two raw connections whose requests have arrived, each with a writer past its header block. */
  async function openTwoWriters(writeBatching?: WriteBatching) {
    const connections = [await openRawConnection(port), await openRawConnection(port)];
    const responses: ServerResponse[] = [];
    const bothArrived = new Promise<void>((resolve) => {
      handle = (_request, response) => {
        if (responses.push(response) === 2) resolve();
      };
    });
    for (const connection of connections) connection.send(REQUEST);
    await bothArrived;
    const writers = responses.map((response) => {
      response.writeHead(200, protocolHeaders);
      const writer = createFrameWriter(response, {
        directWrites: true,
        writeBatching,
        onDrain: noDrain,
      });
      // Through response.write, with the header block: later frames may go straight out.
      writer.write(HEARTBEAT_FRAME);
      return writer;
    });
    await nextTurn();
    // A stream's first direct frames leave at their callback's end in either mode.
    for (const [index, writer] of writers.entries()) writer.write(`data: ${index}_\n\n`);
    await nextTurn();
    const spyOnWrites = () => {
      const socketWrites = responses.map((response) =>
        vi.spyOn(response.socket as NonNullable<ServerResponse['socket']>, 'write'),
      );
      return {
        count: () => socketWrites.map((write) => write.mock.calls.length),
        restore: () => {
          for (const write of socketWrites) write.mockRestore();
        },
      };
    };
    const writeBoth = (index: number, turn: string) => {
      writers[index]?.write(`data: ${index}${turn}\n\n`);
      writers[index]?.write(`data: ${index}${turn}+\n\n`);
    };
    const finish = async (turns: string[]) => {
      for (const writer of writers) writer.end();
      const answers = await Promise.all(connections.map((connection) => connection.readResponse()));
      for (const connection of connections) connection.close();
      expect(answers.map((answer) => answer.chunks.map(String))).toEqual(
        [0, 1].map((index) => [
          HEARTBEAT_FRAME,
          `data: ${index}_\n\n`,
          ...turns.flatMap((turn) => [`data: ${index}${turn}\n\n`, `data: ${index}${turn}+\n\n`]),
        ]),
      );
    };
    return { spyOnWrites, writeBoth, finish };
  }

  it("sends every writer's frames of a callback from one microtask with writeBatching 'callback'", async () => {
    // A flush closure per writer would live as long as its stream; one queue serves them all.
    const { spyOnWrites, writeBoth, finish } = await openTwoWriters('callback');
    // Twice: the queue and each writer's frames are arrays reused from one turn to the next.
    for (const turn of ['a', 'c']) {
      const writes = spyOnWrites();
      try {
        writeBoth(0, turn);
        // A microtask queued between the two writers' frames: with a microtask per writer, it
        // would run before the second writer's flush.
        const between = Promise.resolve().then(writes.count);
        writeBoth(1, turn);
        expect(writes.count()).toEqual([0, 0]);
        // One microtask, queued by the turn's first write, sends each writer's two frames in one write.
        expect(await between).toEqual([1, 1]);
      } finally {
        writes.restore();
      }
      await nextTurn();
    }
    await finish(['a', 'c']);
  });

  it("sends every writer's frames of a turn in its check phase, after its I/O callbacks, by default", async () => {
    const { spyOnWrites, writeBoth, finish } = await openTwoWriters();
    for (const turn of ['a', 'c']) {
      const writes = spyOnWrites();
      try {
        writeBoth(0, turn);
        // The end of one I/O callback and the start of the next: microtasks run, nothing leaves.
        await Promise.resolve();
        await Promise.resolve();
        expect(writes.count()).toEqual([0, 0]);
        writeBoth(1, turn);
        // Queued after the first write's flush, in the same check phase.
        await nextTurn();
        expect(writes.count()).toEqual([1, 1]);
      } finally {
        writes.restore();
      }
    }
    await finish(['a', 'c']);
  });

  it("sends a stream's first direct frames at the end of their callback, in either mode", async () => {
    const connection = await openRawConnection(port);
    const counts: number[] = [];
    handle = (request, response) => {
      response.writeHead(200, protocolHeaders);
      const writer = createFrameWriter(response, { directWrites: true, onDrain: noDrain });
      writer.write(HEARTBEAT_FRAME);
      void (async () => {
        await nextTurn();
        const watch = watchSocketWrites(request.socket);
        writer.write('data: a\n\n');
        writer.write('data: b\n\n');
        await Promise.resolve();
        counts.push(watch.directWrites);
        writer.write('data: c\n\n');
        await Promise.resolve();
        await Promise.resolve();
        // From the second batch on, frames wait for the check phase.
        counts.push(watch.directWrites);
        await nextTurn();
        counts.push(watch.directWrites);
        watch.restore();
        writer.end();
      })();
      request.resume();
    };
    connection.send(REQUEST);
    const response = await connection.readResponse();
    connection.close();
    expect(response.chunks.map(String)).toEqual([
      HEARTBEAT_FRAME,
      'data: a\n\n',
      'data: b\n\n',
      'data: c\n\n',
    ]);
    expect(counts).toEqual([1, 1, 2]);
  });

  it('sends the frames of a turn whose callbacks run long at the end of the one that finds them 2 ms old', async () => {
    const { spyOnWrites, writeBoth, finish } = await openTwoWriters();
    const writes = spyOnWrites();
    try {
      writeBoth(0, 'a');
      await Promise.resolve();
      // The next callback comes more than 2 ms later: its writer's queueing flushes both.
      const until = performance.now() + 3;
      while (performance.now() < until) {
        // Another callback's work.
      }
      writeBoth(1, 'a');
      expect(writes.count()).toEqual([0, 0]);
      await Promise.resolve();
      expect(writes.count()).toEqual([1, 1]);
    } finally {
      writes.restore();
    }
    await finish(['a']);
  });

  it('sends the queued frames at once on flushFrameWrites, and not again in the check phase', async () => {
    const { spyOnWrites, writeBoth, finish } = await openTwoWriters();
    const writes = spyOnWrites();
    try {
      writeBoth(0, 'a');
      writeBoth(1, 'a');
      flushFrameWrites();
      expect(writes.count()).toEqual([1, 1]);
      // A write after the flush is queued for the check phase the first write scheduled.
      writeBoth(0, 'b');
      await nextTurn();
      expect(writes.count()).toEqual([2, 1]);
      await nextTurn();
      expect(writes.count()).toEqual([2, 1]);
    } finally {
      writes.restore();
    }
    writeBoth(1, 'b');
    await finish(['a', 'b']);
  });

  /** One request on a fresh connection, answered by writing `frames` through a writer. */
  async function serveFrames(
    writes: { frame: SseFrame; isTurnAfter?: boolean; isCallbackAfter?: boolean }[],
    directWrites: boolean,
    writeBatching?: WriteBatching,
  ): Promise<RawResponse & { wholeChunks: number; directWrites: number }> {
    const connection = await openRawConnection(port);
    let wholeChunks = 0;
    let directWriteCount = 0;
    handle = (request, response) => {
      const watch = watchSocketWrites(request.socket);
      response.writeHead(200, protocolHeaders);
      const writer = createFrameWriter(response, { directWrites, writeBatching, onDrain: noDrain });
      void (async () => {
        for (const { frame, isTurnAfter, isCallbackAfter } of writes) {
          writer.write(frame);
          if (isTurnAfter === true) await nextTurn();
          // The write's flush was queued first, so in 'callback' mode it runs before this.
          else if (isCallbackAfter === true) await Promise.resolve();
        }
        writer.end();
        wholeChunks = watch.wholeChunks;
        directWriteCount = watch.directWrites;
        watch.restore();
      })();
      request.resume();
    };
    connection.send(REQUEST);
    const response = await connection.readResponse();
    connection.close();
    return { ...response, wholeChunks, directWrites: directWriteCount };
  }

  it.each(['turn', 'callback'] as const)(
    'sends the bytes response.write sends, frame for frame, for random frames and heartbeats (writeBatching %s)',
    async (writeBatching) => {
      const random = createSeededRandom(20_261_204);
      for (let run = 0; run < 40; run++) {
        const writes = randomWrites(random);
        const direct = await serveFrames(writes, true, writeBatching);
        const plain = await serveFrames(writes, false);
        expect(withoutDate(direct.head), `run ${run}`).toBe(withoutDate(plain.head));
        expect(direct.body.equals(plain.body), `run ${run}: bodies differ`).toBe(true);
        const frames = writes
          .map(({ frame }) => bytesOf(frame))
          .filter((bytes) => bytes.length > 0);
        expect(direct.chunks.length, `run ${run}`).toBe(frames.length);
        for (const [index, frame] of frames.entries()) {
          expect(direct.chunks[index]?.equals(frame), `run ${run}, frame ${index}`).toBe(true);
        }
        // Node sends the header block with the first write: that one goes through response.write,
        // and so does an empty one.
        const directOnes = writes.filter(({ frame }, index) => index > 0 && frame.length > 0);
        expect(direct.wholeChunks, `run ${run}`).toBe(directOnes.length);
        expect(plain.wholeChunks, `run ${run}`).toBe(0);
        // Direct frames of one turn share one socket write, cut by a write through the response
        // (which sends the batch first), by 16 KiB of frames and, with 'callback' or for the first
        // batch, by the end of an I/O callback.
        let batches = 0;
        let batchSize = -1;
        for (const [index, { frame, isTurnAfter, isCallbackAfter }] of writes.entries()) {
          if (index > 0 && frame.length > 0) {
            if (batchSize === -1) {
              batches++;
              batchSize = 0;
            }
            batchSize += frame.length;
            if (batchSize >= 16_384) batchSize = -1;
          } else batchSize = -1;
          // A stream's first direct batch leaves at its callback's end in either mode.
          const isCutByCallback = writeBatching === 'callback' || batches <= 1;
          if (isTurnAfter || (isCallbackAfter && isCutByCallback)) batchSize = -1;
        }
        expect(direct.directWrites, `run ${run}`).toBe(batches);
      }
    },
  );

  it.each([
    { directWrites: true, path: 'frames straight to the socket' },
    { directWrites: false, path: 'response.write' },
  ])(
    'pauses the generation while the client reads nothing and resumes it when it reads ($path)',
    async ({ directWrites }) => {
      const random = createSeededRandom(42);
      const block = new Uint8Array(65_536).map(() => Math.floor(random() * 256));
      // 16 MiB: more than the loopback socket's kernel buffers hold for a reader that reads nothing.
      const FRAMES = 1_024;
      const { source, written, counts } = createScriptedSource((index) => {
        if (index >= FRAMES) return undefined;
        const frame = block.slice(index % 4_096, (index % 4_096) + 16_384);
        new DataView(frame.buffer).setUint32(0, index);
        return frame;
      });
      const connection = await openRawConnection(port);
      connection.socket.pause();
      let watch: ReturnType<typeof watchSocketWrites> | undefined;
      handle = (request, response) => {
        watch = watchSocketWrites(request.socket);
        void pipeToNodeResponse(source, Promise.resolve(undefined), response, {
          heartbeatMs: 0,
          directWrites,
        });
        request.resume();
      };
      connection.send(REQUEST);
      // Early full writes drain into the kernel's buffers; once those are full, the pause holds.
      let writtenBefore = -1;
      while (!counts.isWaiting || written.length !== writtenBefore) {
        writtenBefore = written.length;
        await delay(50);
      }
      const resumesWhenStalled = counts.resumes;
      await delay(100);
      expect(counts.isWaiting).toBe(true);
      expect(written.length).toBe(writtenBefore);
      expect(written.length).toBeLessThan(FRAMES);
      expect(counts.resumes).toBe(resumesWhenStalled);

      connection.socket.resume();
      const response = await connection.readResponse();
      connection.close();
      expect(counts.resumes).toBeGreaterThan(resumesWhenStalled);
      expect(written.length).toBe(FRAMES);
      expect(response.chunks.length).toBe(FRAMES + 1);
      expect(response.chunks[0]?.toString()).toBe(HEARTBEAT_FRAME);
      for (const [index, frame] of written.entries()) {
        expect(response.chunks[index + 1]?.equals(bytesOf(frame)), `frame ${index}`).toBe(true);
      }
      if (directWrites) expect(watch?.wholeChunks).toBe(written.length);
      else expect(watch?.wholeChunks).toBe(0);
      watch?.restore();
    },
  );

  describe('goes through response.write, with the same frames on the wire,', () => {
    const frames = Array.from(
      { length: 20 },
      (_, index) => `id: ${index}\ndata: token ${index}\n\n`,
    );
    const allFrames = [HEARTBEAT_FRAME, ...frames];
    const shout = (chunk: string | Uint8Array) =>
      Buffer.from(chunk).map((byte) => (byte >= 0x61 && byte <= 0x7a ? byte - 0x20 : byte));
    /** Frames of the last {@link answerWithFrames} that took the direct path. */
    let wholeChunks = -1;
    beforeEach(() => {
      wholeChunks = -1;
    });
    /** Answers with every frame through a writer, then ends; `beforeFrame` may change the response. */
    const answerWithFrames = (
      request: IncomingMessage,
      response: ServerResponse,
      beforeFrame?: (index: number) => void,
    ) => {
      const watch = watchSocketWrites(request.socket);
      response.writeHead(200, protocolHeaders);
      const writer = createFrameWriter(response, { directWrites: true, onDrain: noDrain });
      for (const [index, frame] of allFrames.entries()) {
        beforeFrame?.(index);
        writer.write(frame);
      }
      writer.end();
      wholeChunks = watch.wholeChunks;
      watch.restore();
      request.resume();
    };

    it.each([
      { when: 'before the first frame', patchAt: 0 },
      { when: 'after frames went straight to the socket', patchAt: 8 },
    ])('for a response whose write a compression middleware patched $when', async ({ patchAt }) => {
      const connection = await openRawConnection(port);
      handle = (request, response) =>
        answerWithFrames(request, response, (index) => {
          if (index !== patchAt) return;
          const write = response.write;
          response.write = ((chunk: string | Uint8Array) =>
            (write as (chunk: Uint8Array) => boolean).call(
              response,
              shout(chunk),
            )) as typeof response.write;
        });
      connection.send(REQUEST);
      const response = await connection.readResponse();
      connection.close();
      expect(response.chunks.map(String)).toEqual(
        allFrames.map((frame, index) => (index < patchAt ? frame : String(shout(frame)))),
      );
      // The first frame carries the header block through response.write.
      expect(wholeChunks).toBe(Math.max(patchAt - 1, 0));
    });

    it('for a response whose end a middleware patched', async () => {
      const connection = await openRawConnection(port);
      handle = (request, response) => {
        const end = response.end;
        response.end = (() => (end as () => ServerResponse).call(response)) as typeof response.end;
        answerWithFrames(request, response);
      };
      connection.send(REQUEST);
      const response = await connection.readResponse();
      connection.close();
      expect(response.chunks.map(String)).toEqual(allFrames);
      expect(wholeChunks).toBe(0);
    });

    it('for a ServerResponse subclass that overrides write and end', async () => {
      class ShoutingResponse extends ServerResponse {}
      Object.defineProperties(ShoutingResponse.prototype, {
        write: {
          value(this: ServerResponse, chunk: string | Uint8Array) {
            const write = ServerResponse.prototype.write as (chunk: Uint8Array) => boolean;
            return write.call(this, shout(chunk));
          },
        },
        end: {
          value(this: ServerResponse) {
            return (ServerResponse.prototype.end as () => ServerResponse).call(this);
          },
        },
      });
      const shouting = createServer({ ServerResponse: ShoutingResponse }, (request, response) => {
        response.writeHead(200, protocolHeaders);
        const writer = createFrameWriter(response, { directWrites: true, onDrain: noDrain });
        for (const frame of allFrames) writer.write(frame);
        writer.end();
        request.resume();
      });
      await new Promise<void>((resolve) => shouting.listen(0, '127.0.0.1', resolve));
      try {
        const connection = await openRawConnection((shouting.address() as AddressInfo).port);
        connection.send(REQUEST);
        const response = await connection.readResponse();
        connection.close();
        expect(response.chunks.map(String)).toEqual(allFrames.map((frame) => String(shout(frame))));
      } finally {
        shouting.closeAllConnections();
        await new Promise<void>((resolve) => shouting.close(() => resolve()));
      }
    });

    it('for an HTTP/1.0 request, whose body is not chunked', async () => {
      const connection = await openRawConnection(port);
      handle = (request, response) => answerWithFrames(request, response);
      connection.send('POST / HTTP/1.0\r\nContent-Length: 0\r\n\r\n');
      const response = await connection.readResponse();
      connection.close();
      expect(response.head).not.toMatch(/transfer-encoding/i);
      expect(response.body.toString()).toBe(allFrames.join(''));
      expect(wholeChunks).toBe(0);
    });

    it('for a HEAD request, whose body Node drops, even chunked with its headers flushed', async () => {
      const connection = await openRawConnection(port);
      handle = (request, response) => {
        response.writeHead(200, { ...protocolHeaders, 'Transfer-Encoding': 'chunked' });
        // Without a body Node sends the header block only with end() or flushHeaders().
        response.flushHeaders();
        const writer = createFrameWriter(response, { directWrites: true, onDrain: noDrain });
        for (const frame of allFrames) writer.write(frame);
        writer.end();
        request.resume();
      };
      connection.send('HEAD / HTTP/1.1\r\nHost: tokenwire.test\r\n\r\n');
      const head = await connection.readResponse({ hasBody: false });
      expect(head.head).toMatch(/^HTTP\/1\.1 200/);
      // Body bytes after a HEAD answer would be read as the start of the next response.
      handle = (request, response) => {
        response.writeHead(200, protocolHeaders);
        response.end('next');
        request.resume();
      };
      connection.send(REQUEST);
      const second = await connection.readResponse();
      connection.close();
      expect(second.head).toMatch(/^HTTP\/1\.1 200/);
      expect(second.chunks.map(String)).toEqual(['next']);
    });

    it('for a pipelined response waiting its turn, and while its own queue is flushed', async () => {
      const connection = await openRawConnection(port);
      let releaseFirst: () => void = () => {};
      const isSecondQueued = new Promise<void>((resolve) => {
        releaseFirst = resolve;
      });
      let secondWholeChunks = -1;
      handle = (request, response) => {
        request.resume();
        response.writeHead(200, protocolHeaders);
        const writer = createFrameWriter(response, { directWrites: true, onDrain: noDrain });
        if (request.url === '/first') {
          writer.write('first 1\n\n');
          void isSecondQueued.then(() => {
            writer.write('first 2\n\n');
            writer.end();
          });
          return;
        }
        // No socket yet: Node queues these in the response until the first one ends.
        expect(response.socket).toBeNull();
        writer.write('second 1\n\n');
        writer.write('second 2\n\n');
        response.once('socket', (socket: Socket) => {
          // Node emits 'socket' before it flushes the response's queue to it.
          const watch = watchSocketWrites(socket);
          writer.write('second 3\n\n');
          void nextTurn().then(() => {
            writer.write('second 4\n\n');
            writer.end();
            secondWholeChunks = watch.wholeChunks;
            watch.restore();
          });
        });
        releaseFirst();
      };
      connection.send(
        `${REQUEST.replace('POST /', 'POST /first')}${REQUEST.replace('POST /', 'POST /second')}`,
      );
      const first = await connection.readResponse();
      const second = await connection.readResponse();
      connection.close();
      expect(first.chunks.map(String)).toEqual(['first 1\n\n', 'first 2\n\n']);
      expect(second.chunks.map(String)).toEqual([
        'second 1\n\n',
        'second 2\n\n',
        'second 3\n\n',
        'second 4\n\n',
      ]);
      // Only the write after the queue went out was direct.
      expect(secondWholeChunks).toBe(1);
    });
  });

  it.each([true, false])(
    'reports a write after the client went away as full, as response.write does (directWrites: %s)',
    async (directWrites) => {
      const connection = await openRawConnection(port);
      const results = new Promise<boolean[]>((resolve) => {
        handle = (request, response) => {
          response.writeHead(200, protocolHeaders);
          const writer = createFrameWriter(response, { directWrites, onDrain: noDrain });
          const before = writer.write(HEARTBEAT_FRAME);
          response.once('close', () => resolve([before, writer.write('data: late\n\n')]));
          request.resume();
        };
      });
      connection.send(REQUEST);
      await connection.readResponse({ hasBody: false });
      connection.close();
      expect(await results).toEqual([true, false]);
    },
  );

  it.each([true, false])(
    'leaves a socket the client half-closed to Node: no write after its end (directWrites: %s)',
    async (directWrites) => {
      const connection = await openRawConnection(port);
      const clientErrors: Error[] = [];
      const onClientError = (error: Error) => clientErrors.push(error);
      server.on('clientError', onClientError);
      const result = new Promise<boolean>((resolve) => {
        handle = (request, response) => {
          response.writeHead(200, protocolHeaders);
          const writer = createFrameWriter(response, { directWrites, onDrain: noDrain });
          writer.write(HEARTBEAT_FRAME);
          // Node's own 'end' listener, added first, has already ended the socket's writing side.
          request.socket.once('end', () => resolve(writer.write('data: late\n\n')));
          request.resume();
        };
      });
      connection.send(REQUEST);
      await connection.readResponse({ hasBody: false });
      connection.socket.end();
      // Node keeps the write for a socket it can no longer write to, as it does any queued answer.
      expect(await result).toBe(true);
      await delay(20);
      server.off('clientError', onClientError);
      connection.close();
      expect(clientErrors).toEqual([]);
    },
  );

  it("ends the body in the same socket write as the turn's last frames", async () => {
    const connection = await openRawConnection(port);
    // Node's own writes may be latin1 strings (its chunk terminator).
    const lastWrites: Array<Array<Buffer | string>> = [];
    handle = (request, response) => {
      response.writeHead(200, protocolHeaders);
      const writer = createFrameWriter(response, { directWrites: true, onDrain: noDrain });
      writer.write('data: a\n\n');
      void nextTurn().then(() => {
        // What reaches the socket's handle from here on: one write or writev per system call.
        const socket = request.socket as Socket & {
          _write(chunk: Buffer | string, encoding: string, callback: () => void): void;
          _writev(chunks: { chunk: Buffer | string }[], callback: () => void): void;
        };
        vi.spyOn(socket, '_write').mockImplementation(function (
          this: Socket,
          chunk,
          encoding,
          callback,
        ) {
          lastWrites.push([chunk]);
          return Object.getPrototypeOf(socket)._write.call(this, chunk, encoding, callback);
        });
        vi.spyOn(socket, '_writev').mockImplementation(function (this: Socket, chunks, callback) {
          lastWrites.push(chunks.map(({ chunk }) => chunk));
          return Object.getPrototypeOf(socket)._writev.call(this, chunks, callback);
        });
        writer.write('data: b\n\n');
        writer.write('data: c\n\n');
        writer.end();
      });
      request.resume();
    };
    connection.send(REQUEST);
    const response = await connection.readResponse();
    connection.close();
    expect(response.chunks.map(String)).toEqual(['data: a\n\n', 'data: b\n\n', 'data: c\n\n']);
    expect(lastWrites).toHaveLength(1);
    expect((lastWrites[0] ?? []).map((chunk) => Buffer.from(chunk).toString()).join('')).toBe(
      '9\r\ndata: b\n\n\r\n9\r\ndata: c\n\n\r\n0\r\n\r\n',
    );
  });

  it('leaves the connection ready for the next request after a direct-written answer', async () => {
    const connection = await openRawConnection(port);
    const sockets = new Set<Socket>();
    const drainListeners: number[] = [];
    for (const round of [1, 2]) {
      const frames = Array.from({ length: 30 }, (_, index) => `data: ${round}.${index}\n\n`);
      const { source } = createScriptedSource((index) => frames[index]);
      let watch: ReturnType<typeof watchSocketWrites> | undefined;
      const piped = new Promise<void>((resolve) => {
        handle = (request, response) => {
          sockets.add(request.socket);
          drainListeners.push(request.socket.listenerCount('drain'));
          watch = watchSocketWrites(request.socket);
          void pipeToNodeResponse(source, Promise.resolve(undefined), response, {
            heartbeatMs: 0,
          }).then(resolve);
          request.resume();
        };
      });
      connection.send(REQUEST);
      const response = await connection.readResponse();
      await piped;
      expect(response.head).toMatch(/^connection: keep-alive$/im);
      expect(response.chunks.map(String)).toEqual([HEARTBEAT_FRAME, ...frames]);
      expect(watch?.wholeChunks).toBe(frames.length);
      watch?.restore();
    }
    connection.close();
    expect(sockets.size).toBe(1);
    expect(drainListeners[1]).toBe(drainListeners[0]);
  });
});
