import { describe, expect, it } from 'vitest';
import { defaultAnswers } from './default-answers.js';
import { tokenize } from './tokenize.js';

const HIGH_SURROGATE = /[\uD800-\uDBFF]$/;
const LOW_SURROGATE = /^[\uDC00-\uDFFF]/;

function expectWellFormed(pieces: readonly string[], text: string): void {
  expect(pieces.join('')).toBe(text);
  for (const piece of pieces) {
    expect(piece.length).toBeGreaterThanOrEqual(1);
    expect(piece.length).toBeLessThanOrEqual(6);
    expect(piece).not.toMatch(HIGH_SURROGATE);
    expect(piece).not.toMatch(LOW_SURROGATE);
  }
}

// A seeded generator so a failure reproduces; mixes every class the pre-tokenizer knows.
function randomText(seed: number, length: number): string {
  const alphabet = [
    'a',
    'Z',
    'é',
    'ß',
    'e\u0301',
    '中',
    '語',
    'の',
    '한',
    '7',
    '42',
    ' ',
    '  ',
    '\n',
    '\t',
    '.',
    ',',
    '`',
    '|',
    '#',
    '😀',
    '👩‍💻',
    '🏳️‍🌈',
    '𝔸',
    '\u200d',
    '\uFE0F',
    '→',
  ];
  let state = seed;
  let text = '';
  for (let index = 0; index < length; index++) {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    text += alphabet[state % alphabet.length];
  }
  return text;
}

describe('tokenize', () => {
  it('splits words with their leading space and punctuation like a BPE pre-tokenizer', () => {
    expect(tokenize('Hello, wörld! 👋')).toEqual(['Hello', ',', ' wörld', '!', ' 👋']);
  });

  it('cuts long words, CJK runs and indentation into pieces of at most 6 code units', () => {
    const text = ' internationalization 日本語の文章です        indented';
    const pieces = tokenize(text);
    expectWellFormed(pieces, text);
    expect(pieces.length).toBeGreaterThan(8);
  });

  it('never separates the halves of a surrogate pair, even in long emoji runs', () => {
    const text = '😀😃😄😁😆😅🤣😂🙂👩‍👩‍👧‍👦🏳️‍🌈';
    expectWellFormed(tokenize(text), text);
  });

  it('round-trips every default answer into well-formed pieces', () => {
    for (const answer of defaultAnswers) expectWellFormed(tokenize(answer), answer);
  });

  it('round-trips random multi-byte text exactly (200 seeded cases)', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const text = randomText(seed, 1 + (seed % 97));
      expectWellFormed(tokenize(text), text);
    }
  });

  it('returns no pieces for empty text', () => {
    expect(tokenize('')).toEqual([]);
  });
});
