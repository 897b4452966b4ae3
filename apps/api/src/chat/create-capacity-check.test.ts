import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../http/api-error.js';
import type { ActiveChat, ServerState } from '../server/server-state.js';
import { createCapacityCheck } from './create-capacity-check.js';
import type { HeapGuard } from './create-heap-guard.js';

function setUp(maxOpenStreams: number) {
  const state: ServerState = {
    isShuttingDown: false,
    activeChats: new Set(),
    onChatEnd: undefined,
  };
  const heap = { isFull: false };
  const guard: HeapGuard = {
    limitBytes: 1_000,
    readUsedBytes: () => (heap.isFull ? 1_200 : 800),
    isPastLimit: () => heap.isFull,
  };
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  const checkCapacity = createCapacityCheck({ state, maxOpenStreams, heap: guard, logger });
  return { state, heap, lines, checkCapacity };
}

function refusalOf(check: () => void): ApiError | undefined {
  try {
    check();
    return undefined;
  } catch (error) {
    return error as ApiError;
  }
}

const openStream = (): ActiveChat => ({ terminate: () => {} });

describe('createCapacityCheck', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('admits under both limits, and refuses at MAX_OPEN_STREAMS with a retryable 503 server_busy', () => {
    const { state, checkCapacity, lines } = setUp(2);
    state.activeChats.add(openStream());
    expect(refusalOf(checkCapacity)).toBeUndefined();
    state.activeChats.add(openStream());
    expect(refusalOf(checkCapacity)).toMatchObject({
      status: 503,
      code: 'server_busy',
      retryable: true,
      retryAfterSeconds: 1,
    });
    expect(lines).toEqual([]);
  });

  it('refuses the same way with the heap past its limit, with one warning per interval that counts the refusals', () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    const { heap, checkCapacity, lines } = setUp(1_000);
    heap.isFull = true;
    for (let index = 0; index < 5; index++) {
      expect(refusalOf(checkCapacity)).toBeInstanceOf(ApiError);
      vi.advanceTimersByTime(1_000);
    }
    expect(lines).toEqual([
      expect.objectContaining({
        level: 40,
        heapUsedBytes: 1_200,
        heapLimitBytes: 1_000,
        refusedStreams: 1,
        msg: expect.stringContaining('MAX_HEAP_FRACTION'),
      }),
    ]);
    vi.advanceTimersByTime(5_000);
    expect(refusalOf(checkCapacity)?.code).toBe('server_busy');
    expect(lines.map((line) => line.refusedStreams)).toEqual([1, 5]);

    heap.isFull = false;
    expect(refusalOf(checkCapacity)).toBeUndefined();
  });
});
