import { createParser } from 'eventsource-parser';
import { _iterSSEMessages, Stream } from 'openai/core/streaming';
import { createEventDecoder, createSseParser, EventDecoderStream } from '../src/index.js';

/** What a contender found: the checks that it decoded everything, and correctly. */
export interface Outcome {
  /** Frames with data (for the floor: every frame, heartbeat included). */
  events: number;
  /** Framing: the sum of `data` lengths. Decoding: the sum of text-delta lengths. */
  length: number;
}

export interface Contender {
  name: string;
  /** `framing` finds the frames; `decode` also parses them into events. */
  kind: 'floor' | 'framing' | 'decode';
  /** The baseline the others in its kind are compared with. */
  isBaseline?: boolean;
  /** Reads everything through `Response`/streams, as its API requires. */
  isAsync?: boolean;
  run(chunks: Iterable<Uint8Array>, maxEventSize: number): Outcome | Promise<Outcome>;
}

function streamOf(chunks: Iterable<Uint8Array>): ReadableStream<Uint8Array> {
  const iterator = chunks[Symbol.iterator]();
  return new ReadableStream({
    pull(controller) {
      const step = iterator.next();
      if (step.done) controller.close();
      else controller.enqueue(step.value);
    },
  });
}

const deltaLength = (event: { type: string; delta?: unknown }): number =>
  event.type === 'text-delta' && typeof event.delta === 'string' ? event.delta.length : 0;

export const contenders: Contender[] = [
  {
    name: 'raw floor: streaming TextDecoder + indexOf',
    kind: 'floor',
    run(chunks) {
      const decoder = new TextDecoder();
      let events = 0;
      let endsWithLF = false;
      for (const chunk of chunks) {
        const text = decoder.decode(chunk, { stream: true });
        if (text.length === 0) continue;
        if (endsWithLF && text.charCodeAt(0) === 10) events++;
        for (let at = text.indexOf('\n\n'); at !== -1; at = text.indexOf('\n\n', at + 2)) events++;
        endsWithLF = text.charCodeAt(text.length - 1) === 10;
      }
      return { events, length: 0 };
    },
  },
  {
    name: 'eventsource-parser 3 (+ streaming TextDecoder)',
    kind: 'framing',
    isBaseline: true,
    run(chunks, maxEventSize) {
      const outcome: Outcome = { events: 0, length: 0 };
      const decoder = new TextDecoder();
      const parser = createParser({
        maxBufferSize: maxEventSize,
        onEvent(message) {
          outcome.events++;
          outcome.length += message.data.length;
        },
      });
      for (const chunk of chunks) parser.feed(decoder.decode(chunk, { stream: true }));
      return outcome;
    },
  },
  {
    name: 'tokenwire createSseParser',
    kind: 'framing',
    run(chunks, maxEventSize) {
      const outcome: Outcome = { events: 0, length: 0 };
      const parser = createSseParser({
        maxEventSize,
        onMessage(message) {
          outcome.events++;
          outcome.length += message.data.length;
        },
      });
      for (const chunk of chunks) parser.feed(chunk);
      parser.end();
      return outcome;
    },
  },
  {
    name: 'openai 6 SDK _iterSSEMessages (Response)',
    kind: 'framing',
    isAsync: true,
    async run(chunks) {
      const outcome: Outcome = { events: 0, length: 0 };
      const response = new Response(streamOf(chunks));
      for await (const message of _iterSSEMessages(response, new AbortController())) {
        outcome.events++;
        outcome.length += message.data.length;
      }
      return outcome;
    },
  },
  {
    name: 'eventsource-parser 3 + JSON.parse',
    kind: 'decode',
    isBaseline: true,
    run(chunks, maxEventSize) {
      const outcome: Outcome = { events: 0, length: 0 };
      const decoder = new TextDecoder();
      const parser = createParser({
        maxBufferSize: maxEventSize,
        onEvent(message) {
          outcome.events++;
          outcome.length += deltaLength(JSON.parse(message.data));
        },
      });
      for (const chunk of chunks) parser.feed(decoder.decode(chunk, { stream: true }));
      return outcome;
    },
  },
  {
    name: 'tokenwire createEventDecoder',
    kind: 'decode',
    run(chunks, maxEventSize) {
      const outcome: Outcome = { events: 0, length: 0 };
      const decoder = createEventDecoder({
        maxEventSize,
        onEvent(event) {
          outcome.events++;
          outcome.length += deltaLength(event);
        },
      });
      for (const chunk of chunks) decoder.push(chunk);
      decoder.end();
      return outcome;
    },
  },
  {
    name: 'tokenwire EventDecoderStream (Web streams)',
    kind: 'decode',
    isAsync: true,
    async run(chunks, maxEventSize) {
      const outcome: Outcome = { events: 0, length: 0 };
      const reader = streamOf(chunks)
        .pipeThrough(new EventDecoderStream({ maxEventSize }))
        .getReader();
      for (let step = await reader.read(); !step.done; step = await reader.read()) {
        outcome.events++;
        outcome.length += deltaLength(step.value);
      }
      return outcome;
    },
  },
  {
    name: 'openai 6 SDK Stream.fromSSEResponse (JSON)',
    kind: 'decode',
    isAsync: true,
    async run(chunks) {
      const outcome: Outcome = { events: 0, length: 0 };
      const response = new Response(streamOf(chunks));
      const stream = Stream.fromSSEResponse<{ type: string; delta?: unknown }>(
        response,
        new AbortController(),
      );
      for await (const event of stream) {
        outcome.events++;
        outcome.length += deltaLength(event);
      }
      return outcome;
    },
  },
];
