/**
 * Rate-limit counters in process memory, for embedded mode (and as the fallback while Redis is
 * away). Bounded: expired windows are swept as the map grows, and past `maxKeys` the oldest
 * windows go first, so a flood of distinct keys cannot exhaust memory.
 */
import { checkHit, resultOf, type RateLimitResult, type RateLimiter } from './rate-limiter.ts';

interface Window {
  count: number;
  resetAt: number;
}

export interface MemoryRateLimiterOptions {
  /** default 100,000 */
  maxKeys?: number;
  clock?: () => number;
}

export class MemoryRateLimiter implements RateLimiter {
  private readonly windows = new Map<string, Window>();
  private readonly maxKeys: number;
  private readonly clock: () => number;

  constructor(opts: MemoryRateLimiterOptions = {}) {
    this.maxKeys = opts.maxKeys ?? 100_000;
    this.clock = opts.clock ?? Date.now;
  }

  async hit(key: string, limit: number, windowMs: number, now: number = this.clock()): Promise<RateLimitResult> {
    checkHit(key, limit, windowMs, now);
    let w = this.windows.get(key);
    if (!w || now >= w.resetAt) {
      w = { count: 0, resetAt: now + windowMs };
      // delete first so the map stays in window-start order, oldest in front
      this.windows.delete(key);
      this.windows.set(key, w);
      if (this.windows.size > this.maxKeys) this.shrink(now);
    }
    w.count++;
    return resultOf(w.count, limit, w.resetAt, now);
  }

  async reset(key: string): Promise<void> {
    this.windows.delete(key);
  }

  async close(): Promise<void> {
    this.windows.clear();
  }

  private shrink(now: number): void {
    for (const [key, w] of this.windows) if (now >= w.resetAt) this.windows.delete(key);
    while (this.windows.size > this.maxKeys) {
      const oldest = this.windows.keys().next().value;
      if (oldest === undefined) break;
      this.windows.delete(oldest);
    }
  }
}
