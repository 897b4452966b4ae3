import { tokenize } from './tokenize.js';

const REASONING = tokenize(
  'Okay, the user wants a clear answer — let me think it through: café, naïve, Straße, ' +
    '日本語の考え, 한국어, and 🤔 a ZWJ coder 👩‍💻 too. First recall what matters, then plan; ',
);

/**
 * Yields exactly `count` deterministic reasoning pieces cycling through a multi-byte "thinking"
 * sentence, lazily, so a huge count costs no memory.
 *
 * @example
 * [...reasoningTokens(3)]; // ['Okay', ',', ' the']
 */
export function* reasoningTokens(count: number): Generator<string, void, undefined> {
  for (let index = 0; index < count; index++) {
    yield REASONING[index % REASONING.length] ?? ' ';
  }
}
