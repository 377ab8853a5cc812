/**
 * Sessions in Redis, for cluster mode: every ingest instance sees every session. One key per
 * (site, visitor) holding the record as JSON; the key expires at last_seen + 30 minutes (PXAT),
 * so Redis forgets a visit exactly when it ends. Opening a session goes through a Lua script that
 * joins a live session if one exists, so two instances cannot open two sessions for one visitor.
 *
 * While Redis is away every method rejects with RedisUnavailableError; SessionStoreWithFallback
 * (core/src/redis) turns that into local sessions so ingest keeps accepting events.
 */
import { SESSION_TIMEOUT_MS, type SessionRecord, type SessionStore } from './session-store.ts';
import type { RedisConnection } from '../redis/redis-connection.ts';
import { LuaScript } from '../redis/lua-script.ts';

export interface RedisSessionStoreOptions {
  /** the process's command connection; the store does not close it */
  connection: RedisConnection;
  /** default 'vigil:session:' */
  keyPrefix?: string;
}

// KEYS: the session key. ARGV: candidate JSON, candidate expiry (ms), now, timeout ms.
// Returns the live record's JSON: the one already there, or the candidate just stored.
const GET_OR_CREATE = new LuaScript(`
local current = redis.call('GET', KEYS[1])
if current then
  local ok, record = pcall(cjson.decode, current)
  if ok and type(record) == 'table' and type(record.last_seen) == 'number'
     and record.last_seen + tonumber(ARGV[4]) > tonumber(ARGV[3]) then
    return current
  end
end
redis.call('SET', KEYS[1], ARGV[1], 'PXAT', ARGV[2])
return ARGV[1]
`);

export class RedisSessionStore implements SessionStore {
  private readonly connection: RedisConnection;
  private readonly prefix: string;

  constructor(opts: RedisSessionStoreOptions) {
    this.connection = opts.connection;
    this.prefix = opts.keyPrefix ?? 'vigil:session:';
  }

  async get(siteId: string, visitorId: string, now: number): Promise<SessionRecord | null> {
    const text = await this.connection.run('session get', (c) => c.get(this.key(siteId, visitorId)));
    const record = text === null ? null : parseRecord(text);
    // the key's expiry follows Redis' clock; `now` is ingest's, so check it too
    return record && isLive(record, now) ? record : null;
  }

  async put(siteId: string, record: SessionRecord): Promise<void> {
    const key = this.key(siteId, record.visitor_id);
    const json = JSON.stringify(record);
    // An expiry in the past deletes the key, which is what an already-ended session deserves.
    await this.connection.run('session put', (c) => c.set(key, json, { expiration: { type: 'PXAT', value: expiryOf(record) } }));
  }

  async getOrCreate(siteId: string, candidate: SessionRecord, now: number): Promise<SessionRecord> {
    const key = this.key(siteId, candidate.visitor_id);
    const json = JSON.stringify(candidate);
    const reply = await this.connection.run('session get-or-create', (c) =>
      GET_OR_CREATE.run(c, [key], [json, expiryOf(candidate), now, SESSION_TIMEOUT_MS]),
    );
    return (typeof reply === 'string' ? parseRecord(reply) : null) ?? structuredClone(candidate);
  }

  /** Live sessions under this store's prefix, counted with SCAN: costs a pass over the keyspace. */
  async size(): Promise<number> {
    return this.connection.run('session size', async (c) => {
      let count = 0;
      for await (const keys of c.scanIterator({ MATCH: `${escapeGlob(this.prefix)}*`, COUNT: 1000 })) count += keys.length;
      return count;
    });
  }

  /** The connection belongs to the caller; nothing to release here. */
  async close(): Promise<void> {}

  private key(siteId: string, visitorId: string): string {
    return `${this.prefix}${encodeURIComponent(siteId)}:${encodeURIComponent(visitorId)}`;
  }
}

function expiryOf(record: SessionRecord): number {
  return Math.floor(record.last_seen + SESSION_TIMEOUT_MS);
}

function isLive(record: SessionRecord, now: number): boolean {
  return now < record.last_seen + SESSION_TIMEOUT_MS;
}

/** A stored record, or null when the value is not one (then a new session replaces it). */
function parseRecord(text: string): SessionRecord | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const r = value as Partial<SessionRecord>;
  const ok =
    typeof r.session_id === 'string' && typeof r.visitor_id === 'string' &&
    typeof r.started_at === 'number' && typeof r.last_seen === 'number' &&
    typeof r.dims === 'object' && r.dims !== null;
  return ok ? (r as SessionRecord) : null;
}

function escapeGlob(s: string): string {
  return s.replace(/[*?[\]\\]/g, '\\$&');
}
