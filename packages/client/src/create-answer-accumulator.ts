import type { TokenwireEvent, UnknownEvent } from '@tokenwire/protocol';
import type { ChatToolCall, PartialChatResult } from './types.js';

/**
 * What {@link AnswerAccumulator.apply} did with an event: `applied` (with the tool call it
 * touched, as a fresh copy), `duplicate` (its seq was already applied: drop it), or `gap` (its seq
 * skips past events never received: the stream has a hole).
 */
export type AnswerUpdate =
  | { outcome: 'applied'; toolCall?: ChatToolCall | undefined }
  | { outcome: 'duplicate' }
  | { outcome: 'gap'; expectedSeq: number };

/** The answer built from events, across every connection of one generation. */
export interface AnswerAccumulator {
  apply(event: TokenwireEvent | UnknownEvent, seq: number | undefined): AnswerUpdate;
  readonly text: string;
  readonly reasoning: string;
  readonly generationId: string | undefined;
  readonly model: string | undefined;
  /** The highest seq applied: what a resume sends as `Last-Event-ID`. */
  readonly highestSeq: number | undefined;
  /** `highestSeq` as a frame id (or the seed's, before any event). */
  readonly lastEventId: string | undefined;
  /** Copies of the tool calls, in the order they started. */
  toolCalls(): ChatToolCall[];
  /** A copy of everything so far, for an error's `partial`. */
  snapshot(): PartialChatResult;
}

/**
 * Folds protocol events into text, reasoning and tool calls, dropping every event whose seq was
 * already applied (PROTOCOL.md §11.3), so a resume that replays events twice cannot duplicate
 * text. Pure: no I/O, no timers. `seed` is what an earlier connection already delivered.
 */
export function createAnswerAccumulator(seed: PartialChatResult = { text: '' }): AnswerAccumulator {
  let text = seed.text;
  let reasoning = seed.reasoning ?? '';
  let generationId = seed.generationId;
  let model = seed.model;
  let highestSeq = parseLastEventId(seed.lastEventId);
  const calls = new Map<string, ChatToolCall>();
  for (const call of seed.toolCalls ?? []) calls.set(call.id, { ...call });

  const lastEventId = (): string | undefined =>
    highestSeq === undefined ? seed.lastEventId : String(highestSeq);

  const callFor = (toolCallId: string): ChatToolCall => {
    let call = calls.get(toolCallId);
    if (call === undefined) {
      // A resume may begin inside a call whose tool-call-start came on the previous connection
      // (PROTOCOL.md §4.9); without a seed, its name is unknown.
      call = { id: toolCallId, name: '', argumentsText: '', isComplete: false };
      calls.set(toolCallId, call);
    }
    return call;
  };

  const applyEvent = (event: TokenwireEvent | UnknownEvent): ChatToolCall | undefined => {
    const known = event as TokenwireEvent;
    switch (known.type) {
      case 'start':
        generationId = known.id;
        model = known.model;
        return undefined;
      case 'text-delta':
        text += known.delta;
        return undefined;
      case 'reasoning-delta':
        reasoning += known.delta;
        return undefined;
      case 'tool-call-start': {
        const call = callFor(known.toolCallId);
        call.name = known.name;
        if (known.index !== undefined) call.index = known.index;
        return { ...call };
      }
      case 'tool-call-delta': {
        const call = callFor(known.toolCallId);
        call.argumentsText += known.delta;
        return { ...call };
      }
      case 'tool-call-end': {
        const call = callFor(known.toolCallId);
        call.isComplete = true;
        try {
          call.arguments = JSON.parse(call.argumentsText);
        } catch {
          // PROTOCOL.md §4.8: the server passes on what the model wrote, which may not parse;
          // argumentsText keeps it.
        }
        return { ...call };
      }
      default:
        return undefined;
    }
  };

  return {
    apply(event, seq) {
      if (seq !== undefined && highestSeq !== undefined) {
        if (seq <= highestSeq) return { outcome: 'duplicate' };
        if (seq > highestSeq + 1) return { outcome: 'gap', expectedSeq: highestSeq + 1 };
      }
      if (seq !== undefined) highestSeq = seq;
      return { outcome: 'applied', toolCall: applyEvent(event) };
    },
    get text() {
      return text;
    },
    get reasoning() {
      return reasoning;
    },
    get generationId() {
      return generationId;
    },
    get model() {
      return model;
    },
    get highestSeq() {
      return highestSeq;
    },
    get lastEventId() {
      return lastEventId();
    },
    toolCalls: () => [...calls.values()].map((call) => ({ ...call })),
    snapshot() {
      return {
        text,
        reasoning,
        toolCalls: [...calls.values()].map((call) => ({ ...call })),
        generationId,
        model,
        lastEventId: lastEventId(),
      };
    },
  };
}

/** A `Last-Event-ID` as a seq: 1–16 ASCII digits up to 2^53 − 1 (PROTOCOL.md §5), else undefined. */
export function parseLastEventId(id: string | number | undefined): number | undefined {
  if (typeof id === 'number') return Number.isSafeInteger(id) && id >= 0 ? id : undefined;
  if (id === undefined || !/^\d{1,16}$/.test(id)) return undefined;
  const seq = Number(id);
  return seq <= Number.MAX_SAFE_INTEGER ? seq : undefined;
}
