import { describe, expect, it } from 'vitest';
import { describeError } from './describe-error.js';

describe('describeError', () => {
  it('reports a truncated stream, or a connection lost mid-answer, as Interrupted', () => {
    expect(describeError({ kind: 'truncated', message: 'ended early' }).title).toBe('Interrupted');
    expect(
      describeError({ kind: 'network', message: 'reset', partial: { text: 'Half an' } }).title,
    ).toBe('Interrupted');
    expect(
      describeError({
        kind: 'network',
        code: 'silence_timeout',
        message: '',
        partial: { text: '' },
      }).title,
    ).toBe('Interrupted');
  });

  it("passes the server's safe message through for HTTP and generation errors", () => {
    expect(describeError({ kind: 'http', status: 429, message: 'Slow down.' })).toEqual({
      title: 'Too many requests',
      detail: 'Slow down.',
    });
    expect(describeError({ kind: 'generation', message: 'The model is unreachable.' }).detail).toBe(
      'The model is unreachable.',
    );
  });

  it('has words for anything else, even a non-error', () => {
    expect(describeError(undefined).title).toBe('Something went wrong');
    expect(describeError({ kind: 'network', message: '' }).title).toBe('Connection lost');
  });
});
