import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startHeartbeat } from './start-heartbeat.js';

describe('startHeartbeat', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('beats after every interval of silence', () => {
    const onBeat = vi.fn();
    const heartbeat = startHeartbeat({ intervalMs: 1000, onBeat });
    vi.advanceTimersByTime(999);
    expect(onBeat).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onBeat).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(3000);
    expect(onBeat).toHaveBeenCalledTimes(4);
    heartbeat.stop();
  });

  it('stays stopped when onBeat itself stops it', () => {
    const onBeat = vi.fn(() => heartbeat.stop());
    const heartbeat = startHeartbeat({ intervalMs: 1000, onBeat });
    vi.advanceTimersByTime(5000);
    expect(onBeat).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('postpones the beat when something was written', () => {
    const onBeat = vi.fn();
    const heartbeat = startHeartbeat({ intervalMs: 1000, onBeat });
    vi.advanceTimersByTime(900);
    heartbeat.touch();
    vi.advanceTimersByTime(900);
    expect(onBeat).not.toHaveBeenCalled();
    vi.advanceTimersByTime(100);
    expect(onBeat).toHaveBeenCalledTimes(1);
    heartbeat.stop();
  });

  it('measures silence on a monotonic clock, not the wall clock', () => {
    // An NTP step back after a write must not postpone the beat by the step (a proxy would
    // time the idle stream out meanwhile), nor a step forward bring it early.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date', 'performance'] });
    const onBeat = vi.fn();
    const heartbeat = startHeartbeat({ intervalMs: 1000, onBeat });
    vi.advanceTimersByTime(500);
    heartbeat.touch();
    vi.setSystemTime(Date.now() - 3_600_000);
    vi.advanceTimersByTime(999);
    expect(onBeat).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onBeat).toHaveBeenCalledTimes(1);
    heartbeat.touch();
    vi.setSystemTime(Date.now() + 3_600_000);
    vi.advanceTimersByTime(999);
    expect(onBeat).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    expect(onBeat).toHaveBeenCalledTimes(2);
    heartbeat.stop();
  });

  it('never beats after stop', () => {
    const onBeat = vi.fn();
    startHeartbeat({ intervalMs: 1000, onBeat }).stop();
    vi.advanceTimersByTime(10_000);
    expect(onBeat).not.toHaveBeenCalled();
  });

  it('stops by itself when onBeat throws (the stream is gone)', () => {
    const onBeat = vi.fn(() => {
      throw new Error('closed');
    });
    startHeartbeat({ intervalMs: 1000, onBeat });
    vi.advanceTimersByTime(10_000);
    expect(onBeat).toHaveBeenCalledTimes(1);
  });

  it('shares its methods between heartbeats instead of making closures per heartbeat', () => {
    // Every open stream has a heartbeat, thousands at once: closures would cost each its own.
    const first = startHeartbeat({ intervalMs: 1000, onBeat: () => {} });
    const second = startHeartbeat({ intervalMs: 1000, onBeat: () => {} });
    expect(first.touch).toBe(second.touch);
    expect(first.stop).toBe(second.stop);
    first.stop();
    second.stop();
  });
});
