import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildVectorFiles } from '../scripts/generate-vectors.js';
import { encodeEvent } from './encode-event.js';
import type { TokenwireEvent } from './events.js';
import {
  cutAt,
  cutEvery,
  type DecodeResult,
  decodeWithPushDecoder,
  decodeWithStream,
} from './test-support/decode.js';

interface Bytes {
  base64: string;
  text?: string;
  hex?: string;
}
interface Entry {
  seq: number | null;
  event: Record<string, unknown>;
}
interface DecodeVector {
  name: string;
  input: Bytes;
  splits?: number[][];
  options?: { maxEventSize?: number };
  resumedAfter?: number;
  expect: {
    events: Entry[];
    unknownEvents?: Entry[];
    error: { code: string } | null;
    lastEventId: string | null;
  };
}
interface EncodeVector {
  name: string;
  events: Entry[];
  output: Bytes;
}
interface VectorFile<Vector> {
  protocol: number;
  vectors: Vector[];
}

const directory = new URL('../vectors/', import.meta.url);
const read = <Vector>(name: string): VectorFile<Vector> =>
  JSON.parse(readFileSync(new URL(name, directory), 'utf8')) as VectorFile<Vector>;

function bytesOf(bytes: Bytes): Uint8Array {
  const exact = new Uint8Array(Buffer.from(bytes.base64, 'base64'));
  // The readable forms must say the same as the normative base64.
  if (bytes.text !== undefined) expect(new TextEncoder().encode(bytes.text)).toEqual(exact);
  if (bytes.hex !== undefined) expect(Buffer.from(exact).toString('hex')).toBe(bytes.hex);
  return exact;
}

/** The chunkings every decode vector is run with, besides its own `splits`. */
function chunkings(bytes: Uint8Array, splits: number[][] = []): Array<[string, Uint8Array[]]> {
  return [
    ['whole', [bytes]],
    ...[1, 2, 3, 7, 64].map((size): [string, Uint8Array[]] => [
      `every ${size} B`,
      cutEvery(bytes, size),
    ]),
    ...splits.map((offsets): [string, Uint8Array[]] => [
      `split at ${offsets}`,
      cutAt(bytes, offsets),
    ]),
  ];
}

function expected(vector: DecodeVector): DecodeResult {
  return {
    events: vector.expect.events as unknown as DecodeResult['events'],
    unknownEvents: (vector.expect.unknownEvents ?? []) as unknown as DecodeResult['unknownEvents'],
    error: vector.expect.error as DecodeResult['error'],
    lastEventId: vector.expect.lastEventId,
  };
}

const decodeFiles = readdirSync(directory).filter((name) => name.startsWith('decode-'));

describe('conformance vectors', () => {
  it('are the files scripts/generate-vectors.ts writes', () => {
    for (const [name, content] of Object.entries(buildVectorFiles())) {
      expect(readFileSync(new URL(name, directory), 'utf8'), name).toBe(content);
    }
  });

  it('cover valid, resumed, truncated and malformed streams', () => {
    expect(decodeFiles.sort()).toEqual([
      'decode-malformed.json',
      'decode-resumed.json',
      'decode-truncated.json',
      'decode-valid.json',
    ]);
  });

  for (const name of decodeFiles) {
    const file = read<DecodeVector>(name);
    describe(name, () => {
      it.each(file.vectors.map((vector) => [vector.name, vector] as const))(
        '%s: the push decoder gives the expected result for every chunking',
        (_name, vector) => {
          const bytes = bytesOf(vector.input);
          for (const [how, chunks] of chunkings(bytes, vector.splits)) {
            expect(decodeWithPushDecoder(chunks, vector.options), how).toEqual(expected(vector));
          }
        },
      );

      it.each(file.vectors.map((vector) => [vector.name, vector] as const))(
        '%s: EventDecoderStream gives the same events and error',
        async (_name, vector) => {
          const bytes = bytesOf(vector.input);
          for (const [how, chunks] of chunkings(bytes, vector.splits)) {
            const result = await decodeWithStream(chunks, vector.options);
            expect(
              result.events.map((entry) => entry.event),
              how,
            ).toEqual(vector.expect.events.map((entry) => entry.event));
            expect(result.error, how).toEqual(vector.expect.error);
            expect(result.lastEventId, how).toBe(vector.expect.lastEventId);
          }
        },
      );
    });
  }

  it('resume each resumed stream right after its Last-Event-ID, without repeating start', () => {
    const file = read<DecodeVector>('decode-resumed.json');
    const resumedVectors = file.vectors.filter((vector) => vector.resumedAfter !== undefined);
    expect(resumedVectors.length).toBeGreaterThanOrEqual(3);
    for (const vector of resumedVectors) {
      const [first] = vector.expect.events;
      expect(first?.seq, vector.name).toBe((vector.resumedAfter ?? 0) + 1);
      expect(
        vector.expect.events.some((entry) => entry.event.type === 'start'),
        vector.name,
      ).toBe(false);
    }
  });

  describe('encode.json', () => {
    const file = read<EncodeVector>('encode.json');
    it.each(file.vectors.map((vector) => [vector.name, vector] as const))(
      '%s: encodeEvent writes exactly these bytes, and they decode back',
      (_name, vector) => {
        const text = vector.events
          .map((entry) => encodeEvent(entry.event as unknown as TokenwireEvent, entry.seq ?? 0))
          .join('');
        const bytes = bytesOf(vector.output);
        expect(new TextEncoder().encode(text)).toEqual(bytes);
        const decoded = decodeWithPushDecoder(cutEvery(bytes, 1));
        expect(decoded.events).toEqual(vector.events);
      },
    );
  });
});
