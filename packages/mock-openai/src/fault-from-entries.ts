import type { MockFault, MockFinishReason } from './types.js';

const FINISH_REASONS: ReadonlySet<string> = new Set<MockFinishReason>([
  'stop',
  'length',
  'content_filter',
  'tool_calls',
]);

// OpenAI allows 128 tools per request; more calls than that is a typo.
const MAX_TOOL_CALLS = 128;

/**
 * Builds a fault from `key=value` pairs, shared by the directive and header parsers so both accept
 * exactly the same keys and values. Unknown keys and bad values throw a `RangeError`: a typo in a
 * test's directive should fail loudly instead of silently streaming a healthy answer.
 *
 * @example
 * faultFromEntries([['drop', '3'], ['once', undefined]]); // { drop: 3, once: true }
 */
export function faultFromEntries(
  entries: Iterable<readonly [key: string, value: string | undefined]>,
): MockFault {
  const fault: MockFault = {};
  for (const [key, value] of entries) {
    switch (key) {
      case 'status':
        fault.status = readInteger(key, value, 400, 599);
        break;
      case 'drop':
        fault.drop = readInteger(key, value, 0);
        break;
      case 'stall':
        fault.stall = readInteger(key, value, 0);
        break;
      case 'stallAfter':
        fault.stallAfter = readInteger(key, value, 0);
        break;
      case 'tokens':
        fault.tokens = readInteger(key, value, 0);
        break;
      case 'reasoning':
        fault.reasoning = readInteger(key, value, 0);
        break;
      case 'reasoningField':
        if (value !== 'reasoning_content' && value !== 'reasoning') {
          throw new RangeError(
            `mock fault "reasoningField" must be reasoning_content or reasoning, got ${String(value)}`,
          );
        }
        fault.reasoningField = value;
        break;
      case 'tools':
        fault.tools = readInteger(key, value, 0, MAX_TOOL_CALLS);
        break;
      case 'rate':
        fault.rate = readNumber(key, value);
        break;
      case 'finish':
        if (value === undefined || !FINISH_REASONS.has(value)) {
          throw new RangeError(
            `mock fault "finish" must be one of ${[...FINISH_REASONS].join(', ')}, got ${String(value)}`,
          );
        }
        fault.finish = value as MockFinishReason;
        break;
      case 'once':
        fault.once = readFlag(key, value);
        break;
      case 'id':
        if (value === undefined || value === '')
          throw new RangeError('mock fault "id" needs a value');
        fault.id = value;
        break;
      default:
        throw new RangeError(
          `unknown mock fault key "${key}" (known: status, drop, stall, stallAfter, finish, tokens, reasoning, reasoningField, tools, rate, once, id)`,
        );
    }
  }
  return fault;
}

function readInteger(key: string, value: string | undefined, min: number, max = Infinity): number {
  const number = value === undefined || value === '' ? Number.NaN : Number(value);
  if (!Number.isInteger(number) || number < min || number > max) {
    const range = max === Infinity ? `>= ${min}` : `${min}–${max}`;
    throw new RangeError(`mock fault "${key}" must be an integer ${range}, got ${String(value)}`);
  }
  return number;
}

function readNumber(key: string, value: string | undefined): number {
  const number = value === undefined || value === '' ? Number.NaN : Number(value);
  if (!Number.isFinite(number) || number < 0) {
    throw new RangeError(`mock fault "${key}" must be a number >= 0, got ${String(value)}`);
  }
  return number;
}

function readFlag(key: string, value: string | undefined): boolean {
  if (value === undefined || value === '' || value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw new RangeError(`mock fault "${key}" must be true or false, got ${value}`);
}
