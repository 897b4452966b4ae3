import { afterEach, describe, expect, it, vi } from 'vitest';
import { warmUpMarkdown } from './warm-up-markdown.js';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('warmUpMarkdown', () => {
  it('waits for an idle moment, then renders its sample off the page', () => {
    const idle: Array<() => void> = [];
    vi.stubGlobal('requestIdleCallback', (callback: () => void) => idle.push(callback));
    const before = document.body.innerHTML;
    warmUpMarkdown();
    expect(idle).toHaveLength(1);
    expect(() => idle[0]?.()).not.toThrow();
    expect(document.body.innerHTML).toBe(before);
  });
});
