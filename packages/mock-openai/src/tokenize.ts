// Pre-tokenizer in the spirit of GPT's: a word with its leading space, up to three digits,
// a run of punctuation/symbols (emoji and ZWJ included), or whitespace. Every character
// matches one alternative, so the pieces always join back to the input.
const PRE_TOKEN = / ?\p{L}[\p{L}\p{M}]*| ?\p{N}{1,3}| ?[^\s\p{L}\p{N}]+|\s+/gu;

// Long pre-tokens are cut into 2–5 code units, cycling so pieces vary like real BPE output.
const PIECE_SIZES = [4, 3, 5, 2, 4, 5, 3] as const;
const MAX_WHOLE_PIECE = 6;

/**
 * Splits text into token-like pieces of 1–6 UTF-16 code units: words with their leading space,
 * punctuation runs, whitespace. Deterministic, lossless (`pieces.join('') === text`), and never
 * cuts a surrogate pair, so every piece is valid UTF-16 on its own.
 *
 * @example
 * tokenize('Hello, wörld! 👋');
 * // ['Hello', ',', ' wörld', '!', ' 👋']
 */
export function tokenize(text: string): string[] {
  const pieces: string[] = [];
  let sizeIndex = 0;
  for (const match of text.matchAll(PRE_TOKEN)) {
    const preToken = match[0];
    if (preToken.length <= MAX_WHOLE_PIECE) {
      pieces.push(preToken);
      continue;
    }
    let piece = '';
    let size: number = PIECE_SIZES[sizeIndex++ % PIECE_SIZES.length] ?? 4;
    // for…of walks code points, so a surrogate pair is never separated.
    for (const codePoint of preToken) {
      if (piece !== '' && piece.length + codePoint.length > size) {
        pieces.push(piece);
        piece = '';
        size = PIECE_SIZES[sizeIndex++ % PIECE_SIZES.length] ?? 4;
      }
      piece += codePoint;
    }
    if (piece !== '') pieces.push(piece);
  }
  return pieces;
}
