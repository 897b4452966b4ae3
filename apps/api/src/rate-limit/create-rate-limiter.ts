/** The verdict of {@link RateLimiter.take}. */
export type RateLimitResult = { isAllowed: true } | { isAllowed: false; retryAfterSeconds: number };

/** A per-key request budget. */
export interface RateLimiter {
  /** Spends one request of `key`'s budget, or says how many seconds until one is available. */
  take(key: string): RateLimitResult;
  /** Keys currently tracked (full buckets are forgotten). */
  readonly size: number;
}

/** Options for {@link createRateLimiter}. */
export interface RateLimiterOptions {
  perMinute: number;
  /** The clock, in milliseconds; injectable for tests. */
  now?: () => number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

// How often full buckets are swept out, so memory follows active clients, not every IP ever seen.
const SWEEP_INTERVAL_MS = 60_000;

/**
 * An in-memory token bucket per key: `perMinute` requests at once, refilled evenly over a minute.
 * Swept lazily on use rather than by a timer, so it holds nothing open when the server closes.
 *
 * @example
 * const limiter = createRateLimiter({ perMinute: 60 });
 * const result = limiter.take('203.0.113.7');
 * if (!result.isAllowed) console.log(`retry in ${result.retryAfterSeconds}s`);
 */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const { perMinute } = options;
  const now = options.now ?? Date.now;
  const refillPerMs = perMinute / 60_000;
  const buckets = new Map<string, Bucket>();
  let lastSweep = now();

  const sweep = (time: number) => {
    lastSweep = time;
    for (const [key, bucket] of buckets) {
      if (bucket.tokens + (time - bucket.updatedAt) * refillPerMs >= perMinute) buckets.delete(key);
    }
  };

  return {
    take(key) {
      const time = now();
      if (time - lastSweep >= SWEEP_INTERVAL_MS) sweep(time);
      let bucket = buckets.get(key);
      if (bucket === undefined) {
        bucket = { tokens: perMinute, updatedAt: time };
        buckets.set(key, bucket);
      } else {
        bucket.tokens = Math.min(
          perMinute,
          bucket.tokens + (time - bucket.updatedAt) * refillPerMs,
        );
        bucket.updatedAt = time;
      }
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { isAllowed: true };
      }
      const retryAfterSeconds = Math.max(1, Math.ceil((1 - bucket.tokens) / refillPerMs / 1000));
      return { isAllowed: false, retryAfterSeconds };
    },
    get size() {
      return buckets.size;
    },
  };
}
