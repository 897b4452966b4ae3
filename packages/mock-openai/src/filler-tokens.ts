import { tokenize } from './tokenize.js';

const FILLER = tokenize(
  'Streaming keeps the reader busy while the model thinks — café, naïve, Straße, 日本語の文章, ' +
    '한국어, emoji 🎉 and a ZWJ family 👩‍👩‍👧 included. Each piece arrives in order; ',
);

/**
 * Yields exactly `count` deterministic token pieces cycling through a multi-byte filler sentence,
 * lazily, so a huge count costs no memory.
 *
 * @example
 * [...fillerTokens(3)]; // ['Stre', 'ami', 'ng']
 */
export function* fillerTokens(count: number): Generator<string, void, undefined> {
  for (let index = 0; index < count; index++) {
    yield FILLER[index % FILLER.length] ?? ' ';
  }
}
