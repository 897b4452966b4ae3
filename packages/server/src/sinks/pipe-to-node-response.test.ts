import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { FrameSource } from '../generation/frame-source.js';
import type { GenerationSubscriber } from '../generation/generation-subscriber.js';
import { lastFlattenedHeaderByte } from './flatten-header-block.js';
import { type NodeResponseLike, pipeToNodeResponse } from './pipe-to-node-response.js';

function fakeResponse(): NodeResponseLike & { written: unknown[] } {
  const written: unknown[] = [];
  return {
    written,
    writeHead: () => undefined,
    write: (chunk) => written.push(chunk) > 0,
    end: () => undefined,
    once: () => undefined,
    off: () => undefined,
    destroyed: false,
    writableEnded: false,
  };
}

function fakeSource(subscribers: GenerationSubscriber[]): FrameSource {
  return {
    subscribe: (subscriber) => subscribers.push(subscriber) > 0,
    unsubscribe: () => undefined,
    resume: () => undefined,
    run: () => Promise.resolve(),
    abort: () => undefined,
  };
}

describe('pipeToNodeResponse', () => {
  it('attaches readers that share their methods instead of closures per stream', async () => {
    // Every open stream has one, thousands at once: closures would cost each its own.
    const subscribers: GenerationSubscriber[] = [];
    const first = fakeResponse();
    const second = fakeResponse();
    void pipeToNodeResponse(fakeSource(subscribers), Promise.resolve(undefined), first, {
      heartbeatMs: 0,
    });
    void pipeToNodeResponse(fakeSource(subscribers), Promise.resolve(undefined), second, {
      heartbeatMs: 0,
    });
    await new Promise((resolve) => setImmediate(resolve));
    const [one, two] = subscribers;
    expect(one?.write).toBe(two?.write);
    expect(one?.end).toBe(two?.end);
    one?.write('id: 0\ndata: {}\n\n');
    expect(first.written.at(-1)).toBe('id: 0\ndata: {}\n\n');
    expect(second.written).toHaveLength(1);
  });

  it('hears close through a plain prepended listener, not a once wrapper, and acts once', async () => {
    // A once wrapper is a state object and a bound function more per open stream.
    const response = Object.assign(new EventEmitter(), {
      writeHead: () => undefined,
      write: () => true,
      end: () => undefined,
      destroyed: false,
      writableEnded: false,
    });
    const hostListener = () => {};
    response.on('close', hostListener);
    const aborts: string[] = [];
    const source = { ...fakeSource([]), abort: (reason: string) => void aborts.push(reason) };
    const piped = pipeToNodeResponse(source, new Promise(() => {}), response, { heartbeatMs: 0 });
    const [first, second] = response.rawListeners('close');
    expect(second).toBe(hostListener);
    expect(first).not.toHaveProperty('listener');
    response.emit('close');
    response.emit('close');
    expect(aborts).toEqual(['client_closed']);
    void piped;
  });

  it("has Node's header block flattened once writeHead has built it", async () => {
    // flatten-header-block.test.ts shows what flattening does to the heap; this, that the sink
    // asks for it on the block writeHead stored.
    let headerReads = 0;
    let header: string | undefined;
    const response = {
      ...fakeResponse(),
      writeHead: (status: number) => {
        header = `HTTP/1.1 ${status} OK\r\nx-test: Z`;
      },
      get _header() {
        if (header !== undefined) headerReads++;
        return header;
      },
    };
    void pipeToNodeResponse(fakeSource([]), Promise.resolve(undefined), response, {
      heartbeatMs: 0,
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(headerReads).toBeGreaterThan(0);
    expect(lastFlattenedHeaderByte()).toBe('Z'.charCodeAt(0));
  });
});
