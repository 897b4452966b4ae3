import type { HighlightResult } from 'streamdown';
import { describe, expect, it, vi } from 'vitest';
import { createWorkerHighlighter } from './create-worker-highlighter.js';
import type { HighlightRequest } from './messages.js';

/** A stand-in worker: records requests; `answer()` replies to the oldest with one coloured token per line. */
function fakeWorker() {
  const target = new EventTarget();
  const requests: HighlightRequest[] = [];
  const worker = Object.assign(target, {
    postMessage: (request: HighlightRequest) => requests.push(request),
  }) as unknown as Worker;
  const answer = () => {
    const request = requests.shift();
    if (!request) throw new Error('no request to answer');
    const result: HighlightResult = {
      tokens: request.code.split('\n').map((line) => [{ content: line, color: '#c00', offset: 0 }]),
    };
    target.dispatchEvent(new MessageEvent('message', { data: { id: request.id, result } }));
  };
  return { worker, requests, answer };
}

const options = (code: string, isIncomplete = false) => ({
  code,
  language: 'ts',
  isIncomplete,
  themes: ['github-light', 'github-dark'] as [string, string],
});

describe('createWorkerHighlighter', () => {
  it('answers at once with plain lines, then with the worker colours, then from its cache', () => {
    const { worker, answer, requests } = fakeWorker();
    const start = vi.fn(() => worker);
    const plugin = createWorkerHighlighter(start);
    expect(start).not.toHaveBeenCalled();

    const callback = vi.fn();
    const first = plugin.highlight(options('const a = 1;\nconst b = 2;'), callback);
    expect(first?.tokens.map((line) => line.map((token) => token.content).join(''))).toEqual([
      'const a = 1;',
      'const b = 2;',
    ]);
    expect(first?.tokens.flat().some((token) => token.color)).toBe(false);
    expect(requests).toHaveLength(1);

    answer();
    expect(callback).toHaveBeenCalledTimes(1);
    expect(callback.mock.calls[0]?.[0].tokens[0][0].color).toBe('#c00');
    expect(plugin.highlight(options('const a = 1;\nconst b = 2;'))?.tokens[1]?.[0]?.color).toBe(
      '#c00',
    );
    expect(start).toHaveBeenCalledTimes(1);
  });

  it('tokenizes only the newest text of a growing block and keeps the colours it knew', () => {
    const { worker, answer, requests } = fakeWorker();
    const plugin = createWorkerHighlighter(() => worker);
    plugin.highlight(options('let x', true), vi.fn());
    const stale = vi.fn();
    plugin.highlight(options('let x = 1', true), stale);
    plugin.highlight(options('let x = 1;\nlet', true), vi.fn());
    const newest = vi.fn();
    plugin.highlight(options('let x = 1;\nlet y', true), newest);
    // One request in flight; of the three queued behind it only the newest survives.
    answer();
    expect(requests.map((request) => request.code)).toEqual(['let x = 1;\nlet y']);
    answer();
    expect(stale).not.toHaveBeenCalled();
    expect(newest).toHaveBeenCalledTimes(1);

    // The next frame: the first line keeps its colour, the growing last line is plain for now.
    const next = plugin.highlight(options('let x = 1;\nlet y = 2;\nlet z', true), vi.fn());
    expect(next?.tokens[0]?.[0]?.color).toBe('#c00');
    expect(next?.tokens[1]?.[0]).toMatchObject({ content: 'let y = 2;' });
    expect(next?.tokens[1]?.[0]?.color).toBeUndefined();
    expect(next?.tokens[2]?.[0]).toMatchObject({ content: 'let z' });
  });

  it('gives a block whose fence just closed the colours of the same text tokenized while it grew', () => {
    const { worker, answer, requests } = fakeWorker();
    const plugin = createWorkerHighlighter(() => worker);
    plugin.highlight(options('let x = 1;', true), vi.fn());
    answer();
    const versionBefore = plugin.getVersion();

    const closed = vi.fn();
    const final = plugin.highlight(options('let x = 1;'), closed);
    expect(final?.tokens[0]?.[0]?.color).toBe('#c00');
    // No second trip to the worker, no callback to wait for, and a finished block counts.
    expect(requests).toHaveLength(0);
    expect(closed).not.toHaveBeenCalled();
    expect(plugin.getVersion()).toBe(versionBefore + 1);
    expect(plugin.highlight(options('let x = 1;'))).toBe(final);
  });

  it('keeps the result of a growing block as final when its fence closes while it is queued', () => {
    const { worker, answer } = fakeWorker();
    const plugin = createWorkerHighlighter(() => worker);
    plugin.highlight(options('let a', true), vi.fn());
    plugin.highlight(options('let a = 1;', true), vi.fn());
    const closed = vi.fn();
    plugin.highlight(options('let a = 1;'), closed);
    const versionBefore = plugin.getVersion();
    answer();
    answer();
    expect(closed).toHaveBeenCalledTimes(1);
    expect(plugin.getVersion()).toBe(versionBefore + 1);
    // Cached as final: another language's growing block cannot displace it.
    plugin.highlight({ ...options('x', true), language: 'py' }, vi.fn());
    expect(plugin.highlight(options('let a = 1;'))).toBe(closed.mock.calls[0]?.[0]);
  });
});
