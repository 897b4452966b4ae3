import { faultFromEntries } from './fault-from-entries.js';
import type { MockFault } from './types.js';

/** Matches the first `[mock …]` directive; its body is whitespace-separated `key=value` or `key`. */
export const FAULT_DIRECTIVE: RegExp = /\[mock(?:\s+([^\]]*))?\]/;

/**
 * Reads the first `[mock key=value …]` directive in a text (a bare key such as `once` means
 * `true`). Returns `undefined` when the text has none, and throws a `RangeError` naming the
 * problem when a key or value is invalid.
 *
 * @example
 * parseFaultDirective('Tell me a story [mock drop=5 once]'); // { drop: 5, once: true }
 * parseFaultDirective('Tell me a story'); // undefined
 */
export function parseFaultDirective(text: string): MockFault | undefined {
  const match = FAULT_DIRECTIVE.exec(text);
  if (!match) return undefined;
  const body = match[1]?.trim() ?? '';
  const words = body === '' ? [] : body.split(/\s+/);
  return faultFromEntries(
    words.map((word) => {
      const equals = word.indexOf('=');
      return equals === -1
        ? ([word, undefined] as const)
        : ([word.slice(0, equals), word.slice(equals + 1)] as const);
    }),
  );
}
