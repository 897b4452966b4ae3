import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { requestRefresh } from './request-refresh.js';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'requestAnimationFrame'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('requestRefresh', () => {
  it('runs the refreshes requested before a frame together in that frame, each once', () => {
    const order: string[] = [];
    const first = vi.fn(() => order.push('first'));
    const second = vi.fn(() => order.push('second'));
    requestRefresh(first);
    requestRefresh(second);
    requestRefresh(first);
    expect(order).toEqual([]);
    vi.advanceTimersToNextFrame();
    expect(order).toEqual(['first', 'second']);
    vi.advanceTimersToNextFrame();
    expect(first).toHaveBeenCalledTimes(1);
  });

  it('waits the delay, then the next frame', () => {
    const refresh = vi.fn();
    requestRefresh(refresh, 250);
    vi.advanceTimersByTime(240);
    expect(refresh).not.toHaveBeenCalled();
    vi.advanceTimersByTime(10);
    expect(refresh).not.toHaveBeenCalled();
    vi.advanceTimersToNextFrame();
    expect(refresh).toHaveBeenCalledTimes(1);
  });
});
