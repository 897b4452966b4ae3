import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { countAbortControllers } from '../test-support/count-abort-controllers.js';
import { AbortLink, type AbortSource, abortSourceOf } from './abort-link.js';

type Step =
  | { kind: 'add'; listener: number }
  | { kind: 'remove'; listener: number }
  | { kind: 'abort'; reason: string | undefined };

/** Runs `steps` on `source` (aborted through `abort`) and returns which listener ran, in order. */
function run(source: AbortSource, abort: (reason?: unknown) => void, steps: Step[]) {
  const calls: string[] = [];
  const listeners = [0, 1, 2].map((index) => () => {
    calls.push(`${index}:${String((source.reason as Error)?.name ?? source.reason)}`);
  });
  for (const step of steps) {
    if (step.kind === 'add') {
      source.addEventListener('abort', listeners[step.listener] as () => void, { once: true });
    } else if (step.kind === 'remove') {
      source.removeEventListener('abort', listeners[step.listener] as () => void);
    } else {
      abort(step.reason);
      calls.push(`aborted:${source.aborted}`);
    }
  }
  return calls;
}

describe('AbortLink', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllGlobals();
  });

  it('runs the same listeners, in the same order, as an AbortController signal (property)', () => {
    const step: fc.Arbitrary<Step> = fc.oneof(
      fc.record({ kind: fc.constant('add' as const), listener: fc.nat(2) }),
      fc.record({ kind: fc.constant('remove' as const), listener: fc.nat(2) }),
      fc.record({
        kind: fc.constant('abort' as const),
        reason: fc.option(fc.constantFrom('stopped', 'timeout'), { nil: undefined }),
      }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 12 }), (steps) => {
        const controller = new AbortController();
        const plain = run(controller.signal, (reason) => controller.abort(reason), steps);
        const link = new AbortLink();
        const linked = run(link, (reason) => link.abort(reason), steps);
        expect(linked).toEqual(plain);
      }),
    );
  });

  it('gives an AbortError as the reason when none is given, and keeps the first reason', () => {
    const link = new AbortLink();
    expect(link.reason).toBeUndefined();
    link.abort();
    expect(link.reason).toBeInstanceOf(DOMException);
    expect((link.reason as DOMException).name).toBe('AbortError');
    link.abort('stopped');
    expect((link.reason as DOMException).name).toBe('AbortError');
  });

  it('makes no AbortSignal until its signal is read, then one that aborts with it', () => {
    const made = countAbortControllers();
    const link = new AbortLink();
    const listener = vi.fn();
    link.addEventListener('abort', listener);
    expect(abortSourceOf(link.attemptOptions(1_000))).toBe(link);
    expect(made()).toBe(0);

    const { signal } = link.attemptOptions(1_000);
    expect(made()).toBe(1);
    expect(signal.aborted).toBe(false);
    link.abort('stopped');
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBe('stopped');
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('reads as an aborted signal when the signal is first read after the abort', () => {
    const link = new AbortLink();
    link.abort('timeout');
    expect(link.signal.aborted).toBe(true);
    expect(link.signal.reason).toBe('timeout');
  });

  it('passes a working signal on through a spread of its attempt options', () => {
    const link = new AbortLink();
    const options = link.attemptOptions(5_000);
    const copy = { ...options, maxRetries: 0 };
    expect(copy.timeout).toBe(5_000);
    expect(Object.keys(options)).toEqual(['timeout', 'signal']);
    link.abort();
    expect(copy.signal.aborted).toBe(true);
  });

  it('watches the signal of options it did not make', () => {
    const controller = new AbortController();
    expect(abortSourceOf({ signal: controller.signal, timeout: 1 })).toBe(controller.signal);
  });

  it('still runs the other listeners when one throws, and reports the error', async () => {
    const link = new AbortLink();
    const reported = new Promise<unknown>((resolve) => {
      const original = globalThis.queueMicrotask;
      vi.spyOn(globalThis, 'queueMicrotask').mockImplementation((callback) => {
        original(() => {
          try {
            callback();
          } catch (error) {
            resolve(error);
          }
        });
      });
    });
    const second = vi.fn();
    link.addEventListener('abort', () => {
      throw new Error('listener failed');
    });
    link.addEventListener('abort', second);
    link.abort();
    expect(second).toHaveBeenCalledTimes(1);
    await expect(reported).resolves.toMatchObject({ message: 'listener failed' });
  });
});
