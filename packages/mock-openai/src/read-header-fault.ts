import type { IncomingHttpHeaders } from 'node:http';
import { faultFromEntries } from './fault-from-entries.js';
import type { MockFault } from './types.js';

const PREFIX = 'x-mock-';

// Node lower-cases header names, so the camelCase key needs an explicit spelling.
const HEADER_KEYS: Readonly<Record<string, string>> = {
  stallafter: 'stallAfter',
  'stall-after': 'stallAfter',
  reasoningfield: 'reasoningField',
  'reasoning-field': 'reasoningField',
};

/**
 * Reads `x-mock-<key>` request headers into a fault (`x-mock-stallafter` or `x-mock-stall-after`
 * for `stallAfter`, `x-mock-reasoningfield` or `x-mock-reasoning-field` for `reasoningField`). Returns `undefined` when there are none; throws a `RangeError` on bad input.
 *
 * @example
 * readHeaderFault({ 'x-mock-status': '503', 'x-mock-once': '1' }); // { status: 503, once: true }
 */
export function readHeaderFault(headers: IncomingHttpHeaders): MockFault | undefined {
  const entries: Array<readonly [string, string]> = [];
  for (const [name, value] of Object.entries(headers)) {
    if (!name.startsWith(PREFIX) || value === undefined) continue;
    const key = name.slice(PREFIX.length);
    entries.push([HEADER_KEYS[key] ?? key, Array.isArray(value) ? value.join(',') : value]);
  }
  return entries.length === 0 ? undefined : faultFromEntries(entries);
}
