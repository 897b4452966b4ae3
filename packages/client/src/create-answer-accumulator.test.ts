import type { TokenwireEvent } from '@tokenwire/protocol';
import { describe, expect, it } from 'vitest';
import { createAnswerAccumulator, parseLastEventId } from './create-answer-accumulator.js';

const start: TokenwireEvent = { type: 'start', id: 'gen_1', model: 'demo' };

describe('createAnswerAccumulator', () => {
  it('keeps reasoning and text apart when the model interleaves them', () => {
    const answer = createAnswerAccumulator();
    const events: TokenwireEvent[] = [
      start,
      { type: 'reasoning-delta', delta: 'Think. ' },
      { type: 'text-delta', delta: 'Para 1. ' },
      { type: 'reasoning-delta', delta: 'Think again.' },
      { type: 'text-delta', delta: 'Para 2.' },
    ];
    for (const [seq, event] of events.entries()) answer.apply(event, seq);
    expect(answer.reasoning).toBe('Think. Think again.');
    expect(answer.text).toBe('Para 1. Para 2.');
  });

  it('builds interleaved tool calls, parsing arguments only once a call ends', () => {
    const answer = createAnswerAccumulator();
    answer.apply(start, 0);
    answer.apply({ type: 'tool-call-start', toolCallId: 'a', name: 'f', index: 0 }, 1);
    answer.apply({ type: 'tool-call-start', toolCallId: 'b', name: 'g' }, 2);
    const partial = answer.apply({ type: 'tool-call-delta', toolCallId: 'a', delta: '{"x":' }, 3);
    expect(partial).toEqual({
      outcome: 'applied',
      toolCall: { id: 'a', name: 'f', index: 0, argumentsText: '{"x":', isComplete: false },
    });
    answer.apply({ type: 'tool-call-delta', toolCallId: 'b', delta: 'not json' }, 4);
    answer.apply({ type: 'tool-call-delta', toolCallId: 'a', delta: '1}' }, 5);
    answer.apply({ type: 'tool-call-end', toolCallId: 'b' }, 6);
    const ended = answer.apply({ type: 'tool-call-end', toolCallId: 'a' }, 7);
    expect(ended).toMatchObject({ toolCall: { arguments: { x: 1 }, isComplete: true } });
    expect(answer.toolCalls()).toEqual([
      {
        id: 'a',
        name: 'f',
        index: 0,
        argumentsText: '{"x":1}',
        arguments: { x: 1 },
        isComplete: true,
      },
      { id: 'b', name: 'g', argumentsText: 'not json', isComplete: true },
    ]);
  });

  it('hands out copies: a kept tool call or snapshot does not change later', () => {
    const answer = createAnswerAccumulator();
    answer.apply(start, 0);
    answer.apply({ type: 'tool-call-start', toolCallId: 'a', name: 'f' }, 1);
    const before = answer.snapshot();
    answer.apply({ type: 'tool-call-delta', toolCallId: 'a', delta: '{}' }, 2);
    expect(before.toolCalls?.[0]?.argumentsText).toBe('');
    expect(before.lastEventId).toBe('1');
  });

  it('drops an event whose seq it already applied, and flags a seq that skips ahead', () => {
    const answer = createAnswerAccumulator();
    answer.apply(start, 0);
    answer.apply({ type: 'text-delta', delta: 'a' }, 1);
    expect(answer.apply({ type: 'text-delta', delta: 'a' }, 1)).toEqual({ outcome: 'duplicate' });
    expect(answer.apply(start, 0)).toEqual({ outcome: 'duplicate' });
    expect(answer.apply({ type: 'text-delta', delta: 'c' }, 3)).toEqual({
      outcome: 'gap',
      expectedSeq: 2,
    });
    expect(answer.text).toBe('a');
  });

  it('continues from a seed: its text, tool calls and last id, even mid-call without the start', () => {
    const answer = createAnswerAccumulator({
      text: 'Hel',
      generationId: 'gen_1',
      lastEventId: '4',
      toolCalls: [{ id: 'a', name: 'f', argumentsText: '{"x"', isComplete: false }],
    });
    expect(answer.apply({ type: 'text-delta', delta: 'x' }, 4)).toEqual({ outcome: 'duplicate' });
    answer.apply({ type: 'text-delta', delta: 'lo' }, 5);
    answer.apply({ type: 'tool-call-delta', toolCallId: 'a', delta: ':2}' }, 6);
    answer.apply({ type: 'tool-call-delta', toolCallId: 'unseen', delta: '[]' }, 7);
    answer.apply({ type: 'tool-call-end', toolCallId: 'a' }, 8);
    expect(answer.text).toBe('Hello');
    expect(answer.toolCalls()).toEqual([
      { id: 'a', name: 'f', argumentsText: '{"x":2}', arguments: { x: 2 }, isComplete: true },
      { id: 'unseen', name: '', argumentsText: '[]', isComplete: false },
    ]);
  });

  it('lets an unknown event take its seq, so the next one is no gap', () => {
    const answer = createAnswerAccumulator();
    answer.apply(start, 0);
    expect(answer.apply({ type: 'source-url', url: 'https://example.com' }, 1).outcome).toBe(
      'applied',
    );
    expect(answer.apply({ type: 'text-delta', delta: 'a' }, 2).outcome).toBe('applied');
  });
});

describe('parseLastEventId', () => {
  it('reads seqs and refuses what is not one', () => {
    expect(parseLastEventId('41')).toBe(41);
    expect(parseLastEventId(41)).toBe(41);
    expect(parseLastEventId(undefined)).toBeUndefined();
    for (const bad of ['', ' 1', '1e3', '0x10', '99999999999999999', -1, 1.5]) {
      expect(parseLastEventId(bad)).toBeUndefined();
    }
  });
});
