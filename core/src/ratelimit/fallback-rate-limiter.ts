/**
 * A shared limiter that keeps limiting while Redis is away: hits go to a local memory limiter
 * until Redis answers again. Limits then hold per process instead of cluster-wide, which errs
 * towards letting a few more attempts through rather than locking everyone out.
 */
import type { RateLimitResult, RateLimiter } from './rate-limiter.ts';
import { MemoryRateLimiter } from './memory-rate-limiter.ts';
import { isRedisUnavailable } from '../redis/redis-unavailable.ts';

export class FallbackRateLimiter implements RateLimiter {
  constructor(
    private readonly primary: RateLimiter,
    private readonly fallback: RateLimiter = new MemoryRateLimiter(),
  ) {}

  async hit(key: string, limit: number, windowMs: number, now?: number): Promise<RateLimitResult> {
    try {
      return await this.primary.hit(key, limit, windowMs, now);
    } catch (e) {
      if (!isRedisUnavailable(e)) throw e;
      return this.fallback.hit(key, limit, windowMs, now);
    }
  }

  async reset(key: string): Promise<void> {
    await this.fallback.reset(key);
    try {
      await this.primary.reset(key);
    } catch (e) {
      if (!isRedisUnavailable(e)) throw e;
    }
  }

  async close(): Promise<void> {
    await Promise.all([this.primary.close(), this.fallback.close()]);
  }
}
