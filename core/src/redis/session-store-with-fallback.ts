/**
 * Keeps ingest assigning sessions while Redis is away. Each call goes to the shared store first;
 * when it rejects with RedisUnavailableError the call is answered from a local memory store
 * instead, and the first such fallback of an outage is logged.
 *
 * What happens during an outage: each process keeps its own sessions, so a visitor whose events
 * reach two processes can get two sessions, and a visit already open in Redis continues under a
 * new id. When Redis is back, a session opened locally during the outage wins over the one in
 * Redis if it was seen more recently, and its next put moves it to Redis; visits stay whole for
 * visitors who stayed on one process.
 */
import type { SessionRecord, SessionStore } from '../session/session-store.ts';
import { MemorySessionStore } from '../session/memory-session-store.ts';
import { isRedisUnavailable } from './redis-unavailable.ts';
import type { RedisLog } from './redis-log.ts';

const FAILED = Symbol('shared store unavailable');

export interface SessionStoreWithFallbackOptions {
  shared: SessionStore;
  /** default: a new MemorySessionStore */
  local?: SessionStore;
  log?: RedisLog;
}

export class SessionStoreWithFallback implements SessionStore {
  private readonly shared: SessionStore;
  private readonly local: SessionStore;
  private readonly log: RedisLog | undefined;
  private fallingBack = false;

  constructor(opts: SessionStoreWithFallbackOptions) {
    this.shared = opts.shared;
    this.local = opts.local ?? new MemorySessionStore();
    this.log = opts.log;
  }

  /** True while the last shared-store call failed (sessions are per process). */
  get degraded(): boolean {
    return this.fallingBack;
  }

  async get(siteId: string, visitorId: string, now: number): Promise<SessionRecord | null> {
    const local = await this.local.get(siteId, visitorId, now);
    const shared = await this.attempt(() => this.shared.get(siteId, visitorId, now));
    if (shared === FAILED) return local;
    return local && (!shared || local.last_seen > shared.last_seen) ? local : shared;
  }

  async put(siteId: string, record: SessionRecord): Promise<void> {
    const done = await this.attempt(() => this.shared.put(siteId, record));
    if (done === FAILED) await this.local.put(siteId, record);
  }

  async getOrCreate(siteId: string, candidate: SessionRecord, now: number): Promise<SessionRecord> {
    // a visit opened locally during an outage is the candidate to keep, if Redis has none live
    const local = await this.local.get(siteId, candidate.visitor_id, now);
    const proposal = local ? { ...local, last_seen: Math.max(local.last_seen, candidate.last_seen) } : candidate;
    const shared = await this.attempt(() => this.shared.getOrCreate(siteId, proposal, now));
    return shared === FAILED ? this.local.getOrCreate(siteId, proposal, now) : shared;
  }

  async size(): Promise<number> {
    const shared = await this.attempt(() => this.shared.size());
    return shared === FAILED ? this.local.size() : shared;
  }

  async close(): Promise<void> {
    await Promise.all([this.shared.close(), this.local.close()]);
  }

  private async attempt<T>(call: () => Promise<T>): Promise<T | typeof FAILED> {
    try {
      const result = await call();
      if (this.fallingBack) {
        this.fallingBack = false;
        this.log?.info('sessions are shared through redis again');
      }
      return result;
    } catch (e) {
      if (!isRedisUnavailable(e)) throw e;
      if (!this.fallingBack) {
        this.fallingBack = true;
        this.log?.warn('redis unavailable: sessions are kept per process until it is back');
      }
      return FAILED;
    }
  }
}
