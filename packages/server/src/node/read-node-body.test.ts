import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readNodeBody } from './read-node-body.js';

const text = (chunks: Uint8Array[]) =>
  chunks.map((chunk) => Buffer.from(chunk).toString()).join('');

/** A body whose first bytes are already buffered, as when they came with the response's head. */
function bufferedBody(first: string): Readable {
  const stream = new Readable({ read() {} });
  stream.push(first);
  return stream;
}

describe('readNodeBody', () => {
  it('delivers bytes already buffered before read() returns, then the rest as they come', async () => {
    const stream = bufferedBody('data: 0\n\n');
    const body = readNodeBody(stream);
    const chunks: Uint8Array[] = [];
    const reading = body.read((bytes) => chunks.push(bytes));
    // In the same turn: the first token leaves with the writes of the turn that connected.
    expect(text(chunks)).toBe('data: 0\n\n');
    stream.push('data: 1\n\n');
    stream.push(null);
    expect(await reading).toEqual({ failure: undefined, isBodyDone: true });
    expect(text(chunks)).toBe('data: 0\n\ndata: 1\n\n');
  });

  it('holds what is buffered while paused, until resume', async () => {
    const stream = new Readable({ read() {} });
    stream.push('a');
    const body = readNodeBody(stream);
    const chunks: Uint8Array[] = [];
    const reading = body.read((bytes) => {
      chunks.push(bytes);
      body.pause();
    });
    expect(text(chunks)).toBe('a');
    stream.push('b');
    stream.push(null);
    await new Promise((resolve) => setImmediate(resolve));
    expect(text(chunks)).toBe('a');
    body.resume();
    await new Promise((resolve) => setImmediate(resolve));
    expect(text(chunks)).toBe('ab');
    body.resume();
    expect(await reading).toEqual({ failure: undefined, isBodyDone: true });
  });

  it('stops at a chunk the reader throws on, with that error, and takes no more', async () => {
    const stream = bufferedBody('bad');
    const failure = new Error('cannot parse');
    const reading = readNodeBody(stream).read(() => {
      throw failure;
    });
    expect(await reading).toEqual({ failure, isBodyDone: false });
    expect(stream.listenerCount('data')).toBe(0);
  });

  it('reads a body that ended before read() was called', async () => {
    const stream = bufferedBody('last');
    stream.push(null);
    const chunks: Uint8Array[] = [];
    expect(await readNodeBody(stream).read((bytes) => chunks.push(bytes))).toEqual({
      failure: undefined,
      isBodyDone: true,
    });
    expect(text(chunks)).toBe('last');
  });
});
