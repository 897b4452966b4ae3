import { createSeededRandom } from '@tokenwire/testing';
import { describe, expect, it } from 'vitest';
import type { SseFrame } from '../sse-frame.js';
import { encodeHttpChunk } from './encode-http-chunk.js';

/** The chunk as Node's `response.write` spells it: `len.toString(16)`, CRLF, the bytes, CRLF. */
const nodesChunk = (frame: SseFrame) => {
  const bytes = Buffer.from(frame);
  return Buffer.concat([
    Buffer.from(`${bytes.length.toString(16)}\r\n`),
    bytes,
    Buffer.from('\r\n'),
  ]);
};

const PIECES = ['a', 'data: ', '\n', 'é', '€', '👋', '\ud800', '\udfff', '"'];

describe('encodeHttpChunk', () => {
  it('spells the length in lower-case hex without leading zeros, as Node does', () => {
    expect(Buffer.from(encodeHttpChunk('é')).toString('latin1')).toBe('2\r\n\xc3\xa9\r\n');
    for (const size of [1, 9, 10, 15, 16, 255, 256, 4095, 4096, 65_535, 65_536]) {
      const frame = new Uint8Array(size).fill(0x61);
      expect(Buffer.from(encodeHttpChunk(frame)).equals(nodesChunk(frame)), `${size} B`).toBe(true);
    }
  });

  it('encodes a lone surrogate as U+FFFD, with the length Node computes for it', () => {
    expect(Buffer.from(encodeHttpChunk('x\ud800y'))).toEqual(nodesChunk('x\ud800y'));
  });

  it('refuses an empty frame, which would end the body', () => {
    expect(() => encodeHttpChunk('')).toThrow(RangeError);
    expect(() => encodeHttpChunk(new Uint8Array(0))).toThrow(RangeError);
  });

  it('keeps every chunk intact while thousands more are cut from the shared slab', () => {
    const random = createSeededRandom(20_260_611);
    const frames: SseFrame[] = [];
    const chunks: Uint8Array[] = [];
    for (let index = 0; index < 5_000; index++) {
      // Mostly token-sized, sometimes past the slab's half, where a chunk gets its own memory.
      const size =
        random() < 0.9 ? 1 + Math.floor(random() * 200) : 1 + Math.floor(random() * 9_000);
      let frame: SseFrame;
      if (random() < 0.5) {
        frame = new Uint8Array(size).map(() => Math.floor(random() * 256));
      } else {
        frame = '';
        while (frame.length < size) frame += PIECES[Math.floor(random() * PIECES.length)];
      }
      frames.push(frame);
      chunks.push(encodeHttpChunk(frame));
    }
    for (const [index, frame] of frames.entries()) {
      const chunk = Buffer.from(chunks[index] as Uint8Array);
      expect(chunk.equals(nodesChunk(frame)), `chunk ${index}`).toBe(true);
    }
  });
});
