/**
 * Presence in Redis, shared by every instance. Per site, a sorted set of visitor keys scored by
 * when they were last seen, and a hash of each visitor's latest page. Both keys expire after the
 * retention window without touches, and each touch trims a bounded number of visitors gone past
 * it, so a site's keys stay the size of its recent audience.
 */
import {
  DEFAULT_PAGE_LIMIT, PRESENCE_RETENTION_MS, checkActive, checkTouch, summarize,
  type ActivePresence, type PresenceStore,
} from './presence-store.ts';
import type { RedisConnection } from '../redis/redis-connection.ts';
import { LuaScript } from '../redis/lua-script.ts';

export interface RedisPresenceStoreOptions {
  /** the process's command connection; the store does not close it */
  connection: RedisConnection;
  /** default 'vigil:presence:' */
  keyPrefix?: string;
  /** default 30 minutes */
  retentionMs?: number;
}

// KEYS: seen zset, page hash. ARGV: now, visitor, page, cutoff, retention ms.
// ZADD GT keeps the latest time when instances report out of order; the page follows only a
// touch that is the visitor's latest.
const TOUCH = new LuaScript(`
local now = tonumber(ARGV[1])
local prev = tonumber(redis.call('ZSCORE', KEYS[1], ARGV[2]))
if (not prev) or prev <= now then
  redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
  redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
end
local gone = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[4], 'LIMIT', 0, 100)
if #gone > 0 then
  redis.call('ZREM', KEYS[1], unpack(gone))
  redis.call('HDEL', KEYS[2], unpack(gone))
end
redis.call('PEXPIRE', KEYS[1], ARGV[5])
redis.call('PEXPIRE', KEYS[2], ARGV[5])
return 1
`);

// KEYS: seen zset, page hash. ARGV: since (exclusive), now (inclusive). Returns the pages.
const ACTIVE_PAGES = new LuaScript(`
local visitors = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. ARGV[1], ARGV[2])
if #visitors == 0 then return {} end
local pages = redis.call('HMGET', KEYS[2], unpack(visitors))
for i = 1, #pages do
  if not pages[i] then pages[i] = '' end
end
return pages
`);

export class RedisPresenceStore implements PresenceStore {
  private readonly connection: RedisConnection;
  private readonly prefix: string;
  private readonly retentionMs: number;

  constructor(opts: RedisPresenceStoreOptions) {
    this.connection = opts.connection;
    this.prefix = opts.keyPrefix ?? 'vigil:presence:';
    this.retentionMs = opts.retentionMs ?? PRESENCE_RETENTION_MS;
  }

  async touch(siteId: string, visitorKey: string, page: string, now: number): Promise<void> {
    checkTouch(siteId, visitorKey, page, now);
    await this.connection.run('presence touch', (c) =>
      TOUCH.run(c, this.keys(siteId), [now, visitorKey, page, now - this.retentionMs, this.retentionMs]),
    );
  }

  async active(siteId: string, now: number, windowMs: number, limit = DEFAULT_PAGE_LIMIT): Promise<ActivePresence> {
    checkActive(siteId, now, windowMs, limit, this.retentionMs);
    const pages = await this.connection.run('presence active', (c) => ACTIVE_PAGES.run(c, this.keys(siteId), [now - windowMs, now]));
    return summarize(Array.isArray(pages) ? pages.map(String) : [], limit);
  }

  /** The connection belongs to the caller; nothing to release here. */
  async close(): Promise<void> {}

  private keys(siteId: string): string[] {
    const site = encodeURIComponent(siteId);
    return [`${this.prefix}${site}:seen`, `${this.prefix}${site}:page`];
  }
}
