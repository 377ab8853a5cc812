/**
 * Sessions in process memory, for embedded mode. A RecencyMap keeps sessions in the order they
 * were last active (to within a minute), which is also the order they expire in, so the periodic
 * sweep and the size bound both remove from the front, and an event extends its session without
 * reordering a Map of every visitor. Bounded: past `maxSessions` the least recently active
 * sessions go first.
 */
import { RecencyMap } from '../collections/recency-map.ts';
import { SESSION_TIMEOUT_MS, type LocalSessionStore, type SessionRecord } from './session-store.ts';

export interface MemorySessionStoreOptions {
  /** default 1,000,000 (a few hundred MB at most) */
  maxSessions?: number;
  /** how often expired sessions are removed; default 5 s (each sweep reads little more than what expired) */
  sweepEveryMs?: number;
  clock?: () => number;
}

/** how stale a session's place in the expiry order may be: a sweep reads at most this much of live sessions */
const REORDER_MS = 60_000;

function keyOf(siteId: string, visitorId: string): string {
  return `${siteId}\n${visitorId}`;
}

function isLive(record: SessionRecord, now: number): boolean {
  return now < record.last_seen + SESSION_TIMEOUT_MS;
}

function copy(record: SessionRecord): SessionRecord {
  return { ...record, dims: { ...record.dims } };
}

export class MemorySessionStore implements LocalSessionStore {
  private readonly sessions = new RecencyMap<SessionRecord>(REORDER_MS);
  private readonly maxSessions: number;
  private readonly clock: () => number;
  private readonly timer: NodeJS.Timeout;

  constructor(opts: MemorySessionStoreOptions = {}) {
    this.maxSessions = opts.maxSessions ?? 1_000_000;
    this.clock = opts.clock ?? Date.now;
    this.timer = setInterval(() => this.sweep(), opts.sweepEveryMs ?? 5_000);
    this.timer.unref();
  }

  async get(siteId: string, visitorId: string, now: number): Promise<SessionRecord | null> {
    const record = this.sessions.get(keyOf(siteId, visitorId));
    return record && isLive(record, now) ? copy(record) : null;
  }

  async put(siteId: string, record: SessionRecord): Promise<void> {
    this.keep(keyOf(siteId, record.visitor_id), copy(record), record.last_seen, true);
  }

  async getOrCreate(siteId: string, candidate: SessionRecord, now: number): Promise<SessionRecord> {
    // no await between the check and the write, so concurrent calls cannot both create
    const key = keyOf(siteId, candidate.visitor_id);
    const live = this.sessions.get(key);
    if (live && isLive(live, now)) return copy(live);
    this.keep(key, copy(candidate), candidate.last_seen, true);
    return copy(candidate);
  }

  sessionAt(siteId: string, visitorId: string, previousVisitorId: () => string | null, now: number, open: () => SessionRecord): Readonly<SessionRecord> {
    let key = keyOf(siteId, visitorId);
    let live = this.sessions.get(key);
    if (!live || !isLive(live, now)) {
      const previous = previousVisitorId();
      if (previous) {
        key = keyOf(siteId, previous);
        live = this.sessions.get(key);
      }
    }
    if (live && isLive(live, now)) {
      // records are never changed in place (the async calls hand out copies), so the extended
      // one shares its dimensions with the old
      const extended = live.last_seen >= now ? live : { ...live, last_seen: now };
      this.keep(key, extended, now);
      return extended;
    }
    const opened = open();
    this.keep(keyOf(siteId, opened.visitor_id), opened, now);
    return opened;
  }

  /**
   * Stores the record itself (no copy), active at `at`. The async calls keep the exact order (a
   * put may move a session back in time); the event path keeps it to within REORDER_MS.
   */
  private keep(key: string, record: SessionRecord, at: number, exactOrder = false): void {
    this.sessions.set(key, record, at, exactOrder);
    while (this.sessions.size > this.maxSessions) this.sessions.deleteOldest();
  }

  async size(): Promise<number> {
    this.sweep(this.clock(), true);
    return this.sessions.size;
  }

  /**
   * Removes expired sessions; returns how many. The periodic sweep reads from the front until the
   * first session placed within the timeout; `everything` reads them all (size() does, so that
   * its count is exact even after the clock stepped back).
   */
  sweep(now: number = this.clock(), everything = false): number {
    return this.sessions.sweep(now - SESSION_TIMEOUT_MS, (record) => !isLive(record, now), everything);
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    this.sessions.clear();
  }
}
