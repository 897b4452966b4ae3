import { describe, expect, it } from 'vitest';
import { createMarkerScanner } from './create-marker-scanner.js';
import { tokenText } from './token-text.js';

const TOKENS = 40;

/** One stream of each framing the bench reads, carrying tokens 0..TOKENS-1. */
function framings(): Record<string, string> {
  const texts = Array.from({ length: TOKENS }, (_, seq) => tokenText(seq));
  const openaiChunk = (delta: string) =>
    `data: {"id":"chatcmpl-bench-3","object":"chat.completion.chunk","created":1,"model":"bench-model","system_fingerprint":"fp_bench","choices":[{"index":0,"delta":${delta},"logprobs":null,"finish_reason":null}]}\n\n`;
  const openaiSse = [
    openaiChunk('{"role":"assistant","content":""}'),
    ...texts.map((text) => openaiChunk(JSON.stringify({ content: text }))),
    'data: [DONE]\n\n',
  ].join('');
  const ndjson = texts
    .map(
      (text) =>
        `${JSON.stringify({ id: 'chatcmpl-bench-3', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content: text }, finish_reason: null }] })}\n`,
    )
    .join('');
  const tokenwire = [
    ': ping\n\n',
    'id: 0\ndata: {"type":"start","id":"gen_Zx9-a_1","model":"bench-model"}\n\n',
    ...texts.map(
      (text, seq) =>
        `id: ${seq + 1}\ndata: {"type":"text-delta","delta":${JSON.stringify(text)}}\n\n`,
    ),
    `id: ${TOKENS + 1}\ndata: {"type":"finish","reason":"stop"}\n\n`,
  ].join('');
  // A proxy that merges deltas (tokens batched into one frame) must still show every marker.
  const batched = `id: 1\ndata: {"type":"text-delta","delta":${JSON.stringify(texts.join(''))}}\n\n`;
  return { openaiSse, ndjson, tokenwire, batched };
}

function scanInPieces(text: string, cut: (index: number) => number): number[] {
  const bytes = Buffer.from(text);
  const scanner = createMarkerScanner();
  const seen: number[] = [];
  for (let start = 0, piece = 0; start < bytes.length; piece++) {
    const end = Math.min(bytes.length, start + cut(piece));
    scanner.push(bytes.subarray(start, end), (seq) => seen.push(seq));
    start = end;
  }
  return seen;
}

const expected = Array.from({ length: TOKENS }, (_, seq) => seq);

describe('createMarkerScanner', () => {
  for (const [name, text] of Object.entries(framings())) {
    it(`finds every marker, in order, in ${name} read whole`, () => {
      expect(scanInPieces(text, () => Number.POSITIVE_INFINITY)).toEqual(expected);
    });

    it(`finds every marker in ${name} cut into 1-byte chunks`, () => {
      expect(scanInPieces(text, () => 1)).toEqual(expected);
    });

    it(`finds every marker in ${name} cut at pseudo-random boundaries`, () => {
      let state = 12345;
      const nextSize = () => {
        state = (state * 1103515245 + 12345) % 2147483648;
        return 1 + (state % 37);
      };
      expect(scanInPieces(text, nextSize)).toEqual(expected);
    });
  }

  it('ignores a lone # and a # followed by text, then still reads the next marker', () => {
    expect(scanInPieces('# heading #x# ##5# #6#', () => 3)).toEqual([5, 6]);
  });

  it('does not turn a closing # into the opening of the next marker', () => {
    expect(scanInPieces('#1#2#3#', () => 1)).toEqual([1, 3]);
  });
});
