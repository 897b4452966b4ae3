import { describe, expect, it } from 'vitest';
import { asciiBytes } from './ascii-bytes.js';

describe('asciiBytes', () => {
  it('gives one byte per character, the bytes UTF-8 gives for ASCII', () => {
    const text = '\ndata: {"type":"text-delta","delta":';
    expect(asciiBytes('id: ')).toEqual(Uint8Array.of(0x69, 0x64, 0x3a, 0x20));
    expect(asciiBytes(text)).toEqual(new TextEncoder().encode(text));
  });
});
