/**
 * Fixed-window rate limiting: at most `limit` hits per key per window, the window starting at a
 * key's first hit. Login uses it per IP and per account, so keys may hold personal data: the
 * Redis implementation stores only their hash, and nothing here logs them.
 */
export interface RateLimitResult {
  allowed: boolean;
  /** hits left in the current window */
  remaining: number;
  /** seconds until the window ends, for Retry-After; 0 when allowed */
  retryAfterS: number;
}

export interface RateLimiter {
  /** Counts one hit and says whether it is within the limit. `now` defaults to the clock. */
  hit(key: string, limit: number, windowMs: number, now?: number): Promise<RateLimitResult>;
  /** Forgets the key's hits (e.g. after a successful login). */
  reset(key: string): Promise<void>;
  close(): Promise<void>;
}

export function checkHit(key: string, limit: number, windowMs: number, now: number): void {
  if (typeof key !== 'string' || key === '') throw new TypeError('rate limit: key must be a non-empty string');
  if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`rate limit: limit must be a non-negative integer, got ${limit}`);
  if (!Number.isInteger(windowMs) || windowMs < 1) throw new RangeError(`rate limit: windowMs must be a positive integer, got ${windowMs}`);
  if (!Number.isFinite(now)) throw new RangeError('rate limit: now must be a finite timestamp');
}

/** The answer for the `count`-th hit of a window that ends at `resetAt`. */
export function resultOf(count: number, limit: number, resetAt: number, now: number): RateLimitResult {
  const allowed = count <= limit;
  return {
    allowed,
    remaining: Math.max(0, limit - count),
    retryAfterS: allowed ? 0 : Math.max(1, Math.ceil((resetAt - now) / 1000)),
  };
}
