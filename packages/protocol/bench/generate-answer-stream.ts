import { createSeededRandom } from '@tokenwire/testing';
import { encodeEvent, type TokenwireEvent } from '../src/index.js';

/** A recorded-like protocol stream and what a correct decoder must find in it. */
export interface AnswerStream {
  bytes: Uint8Array;
  events: number;
  /** Sum of the `data` lengths of every frame, in UTF-16 code units. */
  dataLength: number;
  /** Sum of the text-delta lengths, in UTF-16 code units. */
  textLength: number;
}

const words = (
  'the of and to in is that it for as with was on be by this are or from at an but not have ' +
  'you which one all were can there their has more if will about so what when up out into time ' +
  'only some could them other than then now its over also after use two how our work first well ' +
  'way even new because any these give day most us stream token model answer browser server ' +
  'request response function const return await async string number value error result data ' +
  'buffer chunk decoder encoder protocol event parser proxy nginx header cache latency'
).split(' ');
const pieces = [
  '.',
  ',',
  ':',
  ';',
  '!',
  '?',
  '\n',
  '\n\n',
  '**',
  '- ',
  '## ',
  '`',
  '```ts\n',
  '```\n',
  '(',
  ')',
  ' 42',
  ' 2026',
  ' café',
  ' naïve',
  ' 東京',
  ' Ünïcödé',
  ' 🙂',
  ' 👩‍💻',
  ' 🚀',
  ' "quoted"',
  ' C:\\path',
];

/** One token-sized delta, as OpenAI streams them: mostly a word with its leading space. */
function nextDelta(random: () => number): string {
  const roll = random();
  if (roll < 0.82) {
    const word = words[Math.floor(random() * words.length)] as string;
    // Long words often arrive as two tokens.
    if (word.length > 6 && random() < 0.3) return ` ${word.slice(0, 4)}`;
    return ` ${word}`;
  }
  return pieces[Math.floor(random() * pieces.length)] as string;
}

/**
 * Generates a realistic answer stream of about `size` bytes: the opening heartbeat, `start`,
 * token-sized `text-delta` frames, and `finish` with usage — as the API would send it.
 */
export function generateAnswerStream(size: number, seed = 42): AnswerStream {
  const random = createSeededRandom(seed);
  const frames: string[] = [': ping\n\n'];
  let bytes = 0;
  let events = 0;
  let dataLength = 0;
  let textLength = 0;
  const add = (event: TokenwireEvent): void => {
    const frame = encodeEvent(event, events++);
    frames.push(frame);
    bytes += Buffer.byteLength(frame);
    dataLength += frame.length - frame.indexOf('data: ') - 6 - 2;
  };
  add({ type: 'start', id: 'gen_bench', model: 'gpt-4o-mini' });
  while (bytes < size - 120) {
    const delta = nextDelta(random);
    textLength += delta.length;
    add({ type: 'text-delta', delta });
  }
  add({
    type: 'finish',
    reason: 'stop',
    usage: { promptTokens: 25, completionTokens: events },
  });
  return { bytes: new TextEncoder().encode(frames.join('')), events, dataLength, textLength };
}

/** Cuts `bytes` into chunks of random sizes from 1 to `maxChunk` bytes, as a network would. */
export function cutRandomly(bytes: Uint8Array, maxChunk: number, seed = 7): Uint8Array[] {
  const random = createSeededRandom(seed);
  const chunks: Uint8Array[] = [];
  for (let start = 0; start < bytes.length; ) {
    const size = 1 + Math.floor(random() * maxChunk);
    chunks.push(bytes.subarray(start, start + size));
    start += size;
  }
  return chunks;
}

/** One text-delta of `size` bytes followed by finish: the long-event worst case. */
export function generateLongEvent(size: number): { bytes: Uint8Array; textLength: number } {
  const sentence = 'All work and no play makes Jack a dull boy. ';
  const delta = sentence.repeat(Math.ceil(size / sentence.length)).slice(0, size);
  const text =
    encodeEvent({ type: 'text-delta', delta }, 0) +
    encodeEvent({ type: 'finish', reason: 'stop' }, 1);
  return { bytes: new TextEncoder().encode(text), textLength: delta.length };
}
