import type { MockChunkDelta } from './types.js';

const CITIES = ['München', '東京', 'São Paulo', 'Kraków'] as const;
// Cycled like a tokenizer's piece lengths, in UTF-16 code units, so cuts land anywhere.
const PIECE_SIZES = [3, 1, 5, 2, 7, 4, 6] as const;

/** One call's deterministic arguments: JSON with multi-byte text and an astral emoji. */
function argumentsFor(index: number): string {
  const city = CITIES[index % CITIES.length] ?? 'Paris';
  return JSON.stringify({ city, unit: 'celsius', note: `Grüße 👋🏽 #${index}` });
}

/**
 * Cuts `text` into pieces of 1–7 code units, cycling, plus one cut between the two halves of the
 * first surrogate pair: a piece may end in the middle of a character, as upstream argument
 * pieces do, and only the joined string is valid.
 */
function cutArguments(text: string, offset: number): string[] {
  const cuts = new Set<number>();
  for (let at = 0, step = offset; at < text.length; step++) {
    at += PIECE_SIZES[step % PIECE_SIZES.length] ?? 3;
    if (at < text.length) cuts.add(at);
  }
  const highSurrogate = text.search(/[\ud800-\udbff]/);
  if (highSurrogate !== -1) cuts.add(highSurrogate + 1);
  const pieces: string[] = [];
  let start = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    pieces.push(text.slice(start, cut));
    start = cut;
  }
  pieces.push(text.slice(start));
  return pieces;
}

/**
 * The deltas of `count` parallel tool calls in OpenAI's streaming shape: a call's first delta has
 * `index`, `id`, `type: "function"` and `function: { name, arguments: "" }`; then pieces
 * `{ index, function: { arguments } }`. Call i starts in round i and the calls' pieces alternate
 * round by round, so they interleave. Names cycle through `names`.
 *
 * @example
 * [...toolCallDeltas({ count: 2, names: ['get_weather'], idPrefix: 'call_x' })][0];
 * // { tool_calls: [{ index: 0, id: 'call_x0', type: 'function', function: { name: 'get_weather', arguments: '' } }] }
 */
export function* toolCallDeltas(options: {
  count: number;
  names: readonly string[];
  idPrefix: string;
}): Generator<MockChunkDelta, void, undefined> {
  const calls = Array.from({ length: options.count }, (_, index) => ({
    index,
    name: options.names[index % options.names.length] ?? 'get_weather',
    pieces: cutArguments(argumentsFor(index), index),
    next: -1,
  }));
  for (let round = 0; ; round++) {
    let isDone = round >= calls.length;
    for (const call of calls.slice(0, round + 1)) {
      if (call.next === -1) {
        call.next = 0;
        isDone = false;
        yield {
          tool_calls: [
            {
              index: call.index,
              id: `${options.idPrefix}${call.index}`,
              type: 'function',
              function: { name: call.name, arguments: '' },
            },
          ],
        };
      } else if (call.next < call.pieces.length) {
        isDone = false;
        yield {
          tool_calls: [{ index: call.index, function: { arguments: call.pieces[call.next++] } }],
        };
      }
    }
    if (isDone) return;
  }
}
