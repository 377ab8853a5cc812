/**
 * Rate-limit counters in Redis, shared by every instance: one hash per key holding the window's
 * count and end, updated by a Lua script so concurrent hits from several processes count exactly.
 * The window follows the caller's `now` (as the memory limiter does); the key itself expires
 * with its window. Keys are stored as hashes, so no IP or account name sits in Redis.
 */
import { createHash } from 'node:crypto';
import { checkHit, resultOf, type RateLimitResult, type RateLimiter } from './rate-limiter.ts';
import type { RedisConnection } from '../redis/redis-connection.ts';
import { LuaScript } from '../redis/lua-script.ts';

export interface RedisRateLimiterOptions {
  /** the process's command connection; the limiter does not close it */
  connection: RedisConnection;
  /** default 'vigil:rl:' */
  keyPrefix?: string;
  clock?: () => number;
}

// KEYS: the window hash. ARGV: now, window ms. Returns { count, window end }.
const HIT = new LuaScript(`
local now = tonumber(ARGV[1])
local count = tonumber(redis.call('HGET', KEYS[1], 'count'))
local reset_at = tonumber(redis.call('HGET', KEYS[1], 'reset_at'))
if (not count) or (not reset_at) or now >= reset_at then
  reset_at = now + tonumber(ARGV[2])
  count = 1
  redis.call('HSET', KEYS[1], 'count', 1, 'reset_at', string.format('%.0f', reset_at))
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
else
  count = redis.call('HINCRBY', KEYS[1], 'count', 1)
end
return { count, string.format('%.0f', reset_at) }
`);

export class RedisRateLimiter implements RateLimiter {
  private readonly connection: RedisConnection;
  private readonly prefix: string;
  private readonly clock: () => number;

  constructor(opts: RedisRateLimiterOptions) {
    this.connection = opts.connection;
    this.prefix = opts.keyPrefix ?? 'vigil:rl:';
    this.clock = opts.clock ?? Date.now;
  }

  async hit(key: string, limit: number, windowMs: number, now: number = this.clock()): Promise<RateLimitResult> {
    checkHit(key, limit, windowMs, now);
    const reply = await this.connection.run('rate limit hit', (c) => HIT.run(c, [this.redisKey(key)], [Math.floor(now), windowMs]));
    const [count, resetAt] = Array.isArray(reply) ? reply.map(Number) : [];
    if (count === undefined || resetAt === undefined || !Number.isFinite(count) || !Number.isFinite(resetAt)) {
      throw new Error('rate limit: unexpected reply from redis');
    }
    return resultOf(count, limit, resetAt, now);
  }

  async reset(key: string): Promise<void> {
    await this.connection.run('rate limit reset', (c) => c.del(this.redisKey(key)));
  }

  /** The connection belongs to the caller; nothing to release here. */
  async close(): Promise<void> {}

  private redisKey(key: string): string {
    return this.prefix + createHash('sha256').update(key).digest('hex').slice(0, 32);
  }
}
