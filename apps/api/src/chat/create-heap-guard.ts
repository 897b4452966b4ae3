import { getHeapStatistics, type HeapInfo } from 'node:v8';

/** The figures of `v8.getHeapStatistics()` a {@link HeapGuard} reads. */
export type HeapFigures = Pick<HeapInfo, 'used_heap_size' | 'heap_size_limit'>;

/** Options for {@link createHeapGuard}. */
export interface HeapGuardOptions {
  /** `MAX_HEAP_FRACTION`: the share of the heap's limit that may be in use; 1 turns the guard off. */
  maxFraction: number;
  /** Reads the heap's figures: `v8.getHeapStatistics` unless a test passes its own. */
  readHeap?: () => HeapFigures;
  /**
   * Node's flags, `NODE_OPTIONS` first and then the command line's (the last one wins, as in Node),
   * where `--max-old-space-size` is looked for.
   */
  nodeFlags?: readonly string[];
}

/** Answers "is the heap too full for another stream?"; see {@link createHeapGuard}. */
export interface HeapGuard {
  /** Bytes in use past which the heap counts as full; `Infinity` when the guard is off. */
  readonly limitBytes: number;
  /** V8's `used_heap_size`, now. */
  readUsedBytes(): number;
  /** Whether more than `limitBytes` are in use now. */
  isPastLimit(): boolean;
}

const MEBIBYTE = 1024 * 1024;
const MAX_OLD_SPACE_SIZE = /^--max[-_]old[-_]space[-_]size=(\d+)$/;

/**
 * Creates the guard that tells when V8's heap is within `1 - maxFraction` of the size at which
 * the process dies with "JavaScript heap out of memory". That size is the old generation's limit:
 * `--max-old-space-size` when Node was given it, else V8's `heap_size_limit`.
 *
 * @example
 * const heap = createHeapGuard({ maxFraction: 0.9 });
 * if (heap.isPastLimit()) console.warn(`heap over ${heap.limitBytes} bytes`);
 */
export function createHeapGuard(options: HeapGuardOptions): HeapGuard {
  // A read of counters V8 keeps per heap space, not a walk of the heap: cheap enough to ask
  // afresh for every new stream, where a sample could be a burst of new streams out of date.
  const readHeap = options.readHeap ?? getHeapStatistics;
  const readUsedBytes = () => readHeap().used_heap_size;
  if (options.maxFraction >= 1) {
    return { limitBytes: Number.POSITIVE_INFINITY, readUsedBytes, isPastLimit: () => false };
  }
  const limitBytes =
    options.maxFraction *
    oldGenerationLimit(readHeap().heap_size_limit, options.nodeFlags ?? currentNodeFlags());
  return { limitBytes, readUsedBytes, isPastLimit: () => readUsedBytes() > limitBytes };
}

/**
 * V8's `heap_size_limit` is the old generation's limit plus the young generation's reserve (three
 * semi-spaces, sized from the machine's memory and not from `--max-old-space-size`: 48 MiB in
 * Node 20 on a large machine), which is never all in use. The process dies when the old
 * generation reaches its own limit, 64 of 112 MiB with `--max-old-space-size=64`, so a fraction of
 * `heap_size_limit` would not be reached in a small heap. Without the flag, V8 sizes both
 * generations from the machine's memory, and the young one is a small share.
 */
function oldGenerationLimit(heapSizeLimit: number, nodeFlags: readonly string[]): number {
  let maxOldSpaceMebibytes: number | undefined;
  for (const flag of nodeFlags) {
    const match = MAX_OLD_SPACE_SIZE.exec(flag);
    if (match !== null) maxOldSpaceMebibytes = Number(match[1]);
  }
  if (maxOldSpaceMebibytes === undefined || maxOldSpaceMebibytes === 0) return heapSizeLimit;
  return Math.min(heapSizeLimit, maxOldSpaceMebibytes * MEBIBYTE);
}

function currentNodeFlags(): string[] {
  const nodeOptions = process.env.NODE_OPTIONS?.split(/\s+/) ?? [];
  return [...nodeOptions, ...process.execArgv];
}
