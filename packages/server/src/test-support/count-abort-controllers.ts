import { vi } from 'vitest';

/**
 * Replaces the global `AbortController` with a subclass that counts how many are made, and
 * returns the count so far. `vi.unstubAllGlobals()` puts the real one back.
 *
 * @example
 * const made = countAbortControllers();
 * new AbortController();
 * made(); // 1
 */
export function countAbortControllers(): () => number {
  let made = 0;
  vi.stubGlobal(
    'AbortController',
    class extends AbortController {
      constructor() {
        super();
        made++;
      }
    },
  );
  return () => made;
}
