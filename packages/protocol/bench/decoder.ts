/**
 * @module Decoder benchmark (`pnpm --filter @tokenwire/protocol bench [--quick]`): MB/s and
 * events/s of tokenwire's SSE framing and full decode against eventsource-parser (framing only
 * and with JSON.parse), the openai SDK's own SSE decoding and a raw floor, all measured in the
 * same run on the same chunks; then one huge event arriving a byte at a time.
 * `--quick` uses small sizes and one round: it fails on errors and wrong results, never timings.
 */
import { cpus } from 'node:os';
import { type Contender, contenders, type Outcome } from './define-contenders.js';
import {
  type AnswerStream,
  cutRandomly,
  generateAnswerStream,
  generateLongEvent,
} from './generate-answer-stream.js';

const isQuick = process.argv.includes('--quick');
const MB = 1_000_000;
const settings = isQuick
  ? { streamSize: 1 * MB, rounds: 1, longSizes: [MB / 4, MB], openaiLongSizes: [4_000, 16_000] }
  : { streamSize: 10 * MB, rounds: 15, longSizes: [MB, 5 * MB], openaiLongSizes: [16_000, 64_000] };
const MAX_CHUNK = 4096;
const problems: string[] = [];

/**
 * The best of the rounds: on a shared machine other processes only ever add time, so the fastest
 * round is the closest to what the code itself costs.
 */
function best(values: number[]): number {
  return Math.min(...values);
}

async function time(
  contender: Contender,
  chunks: Iterable<Uint8Array>,
  maxEventSize: number,
): Promise<{ seconds: number; outcome: Outcome | undefined }> {
  const started = performance.now();
  try {
    const outcome = await contender.run(chunks, maxEventSize);
    return { seconds: (performance.now() - started) / 1000, outcome };
  } catch (error) {
    problems.push(`${contender.name} threw: ${String(error)}`);
    return { seconds: Number.NaN, outcome: undefined };
  }
}

function check(contender: Contender, outcome: Outcome | undefined, stream: AnswerStream): void {
  if (outcome === undefined) return;
  const expected =
    contender.kind === 'floor'
      ? { events: stream.events + 1, length: 0 }
      : {
          events: stream.events,
          length: contender.kind === 'framing' ? stream.dataLength : stream.textLength,
        };
  if (outcome.events !== expected.events || outcome.length !== expected.length) {
    problems.push(
      `${contender.name}: found ${outcome.events} events / length ${outcome.length}, expected ${expected.events} / ${expected.length}`,
    );
  }
}

const pad = (text: string, width: number): string => text.padEnd(width);
const padStart = (text: string, width: number): string => text.padStart(width);
const format = (value: number, digits = 0): string =>
  Number.isFinite(value)
    ? value.toLocaleString('en-US', {
        maximumFractionDigits: digits,
        minimumFractionDigits: digits,
      })
    : 'n/a';

async function benchStream(): Promise<void> {
  const stream = generateAnswerStream(settings.streamSize);
  const chunks = cutRandomly(stream.bytes, MAX_CHUNK);
  const megabytes = stream.bytes.length / MB;
  console.log(
    `stream: ${format(megabytes, 1)} MB, ${format(stream.events)} events (token-sized deltas), ` +
      `${format(chunks.length)} chunks of 1–${MAX_CHUNK} B, best of ${settings.rounds} round(s)\n`,
  );

  const seconds = new Map<Contender, number[]>(contenders.map((contender) => [contender, []]));
  // Warm-up: let the JIT compile every contender before anything is timed.
  for (const contender of contenders) {
    check(contender, (await time(contender, chunks, MB)).outcome, stream);
  }
  // Round-robin, so drift in machine load is spread over every contender alike.
  for (let round = 0; round < settings.rounds; round++) {
    for (const contender of contenders) {
      const result = await time(contender, chunks, MB);
      check(contender, result.outcome, stream);
      seconds.get(contender)?.push(result.seconds);
    }
  }

  const baseline = (kind: Contender['kind']): number => {
    const found = contenders.find((contender) => contender.kind === kind && contender.isBaseline);
    return found ? best(seconds.get(found) ?? []) : Number.NaN;
  };
  const framingBaseline = baseline('framing');
  const decodeBaseline = baseline('decode');
  const header = `${pad('decoder', 48)}${padStart('MB/s', 9)}${padStart('events/s', 13)}  vs eventsource-parser`;
  console.log(header);
  console.log('-'.repeat(header.length + 12));
  for (const contender of contenders) {
    const taken = best(seconds.get(contender) ?? []);
    const against = contender.kind === 'decode' ? decodeBaseline : framingBaseline;
    const ratio = against / taken;
    const label = contender.kind === 'decode' ? '(+ JSON.parse)' : '(framing)';
    console.log(
      `${pad(contender.name, 48)}${padStart(format(megabytes / taken), 9)}${padStart(format(stream.events / taken), 13)}  ${format(ratio, 2)}× ${label}`,
    );
  }

  const ours = (name: string): number =>
    best(seconds.get(contenders.find((contender) => contender.name === name) as Contender) ?? []);
  const framing = framingBaseline / ours('tokenwire createSseParser');
  const decoding = decodeBaseline / ours('tokenwire createEventDecoder');
  console.log(
    `\ntargets: framing ≥ eventsource-parser: ${format(framing, 2)}× ${framing >= 1 ? 'met' : 'MISSED'}; ` +
      `full decode ≥ eventsource-parser + JSON.parse: ${format(decoding, 2)}× ${decoding >= 1 ? 'met' : 'MISSED'}` +
      (isQuick ? ' (quick run: timings are not meaningful)' : ''),
  );
}

function* byteByByte(bytes: Uint8Array): Generator<Uint8Array> {
  for (let index = 0; index < bytes.length; index++) yield bytes.subarray(index, index + 1);
}

async function benchLongEvent(): Promise<void> {
  console.log('\none huge text-delta arriving in 1-byte chunks (linear: time grows like size)\n');
  const header = `${pad('decoder', 48)}${padStart('size', 10)}${padStart('seconds', 10)}${padStart('size', 10)}${padStart('seconds', 10)}${padStart('time ×', 9)}${padStart('size ×', 9)}`;
  console.log(header);
  console.log('-'.repeat(header.length));
  const rows: Array<{ name: string; sizes: number[] }> = [
    { name: 'eventsource-parser 3 + JSON.parse', sizes: settings.longSizes },
    { name: 'tokenwire createSseParser', sizes: settings.longSizes },
    { name: 'tokenwire createEventDecoder', sizes: settings.longSizes },
    { name: 'openai 6 SDK _iterSSEMessages (Response)', sizes: settings.openaiLongSizes },
  ];
  for (const row of rows) {
    const contender = contenders.find((candidate) => candidate.name === row.name) as Contender;
    const cells: string[] = [];
    const taken: number[] = [];
    for (const size of row.sizes) {
      const { bytes, textLength } = generateLongEvent(size);
      // Warm-up on a slice, then the timed run.
      await time(contender, byteByByte(generateLongEvent(size / 16).bytes), 8 * MB);
      const result = await time(contender, byteByByte(bytes), 8 * MB);
      const expected = contender.kind === 'decode' ? textLength : undefined;
      if (result.outcome && result.outcome.events !== 2) {
        problems.push(`${row.name}: found ${result.outcome.events} events in the long stream`);
      }
      if (expected !== undefined && result.outcome && result.outcome.length !== expected) {
        problems.push(
          `${row.name}: long delta has ${result.outcome.length} characters, expected ${expected}`,
        );
      }
      taken.push(result.seconds);
      cells.push(
        padStart(`${format(size / 1000)} kB`, 10),
        padStart(format(result.seconds, 3), 10),
      );
    }
    const timeRatio = (taken[1] as number) / (taken[0] as number);
    const sizeRatio = (row.sizes[1] as number) / (row.sizes[0] as number);
    console.log(
      `${pad(row.name, 48)}${cells.join('')}${padStart(format(timeRatio, 1), 9)}${padStart(format(sizeRatio, 0), 9)}`,
    );
  }
}

async function main(): Promise<void> {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log(
    `tokenwire protocol decoder benchmark${isQuick ? ' (--quick)' : ''}: Node ${process.version}, ${cpu}\n`,
  );
  await benchStream();
  await benchLongEvent();
  if (problems.length > 0) {
    console.error(
      `\n${problems.length} problem(s):\n${problems.map((line) => `  - ${line}`).join('\n')}`,
    );
    process.exitCode = 1;
  } else {
    console.log('\nevery decoder found every event with the right content');
  }
}

await main();
