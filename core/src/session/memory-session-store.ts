/**
 * Sessions in process memory, for embedded mode. A Map keeps sessions in the order they were last
 * written, which is also the order they expire in, so the periodic sweep and the size bound both
 * remove from the front. Bounded: past `maxSessions` the least recently active sessions go first.
 */
import { SESSION_TIMEOUT_MS, type LocalSessionStore, type SessionRecord } from './session-store.ts';

export interface MemorySessionStoreOptions {
  /** default 1,000,000 (a few hundred MB at most) */
  maxSessions?: number;
  /** how often expired sessions are removed; default 60 s */
  sweepEveryMs?: number;
  clock?: () => number;
}

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
  private readonly sessions = new Map<string, SessionRecord>();
  private readonly maxSessions: number;
  private readonly clock: () => number;
  private readonly timer: NodeJS.Timeout;

  constructor(opts: MemorySessionStoreOptions = {}) {
    this.maxSessions = opts.maxSessions ?? 1_000_000;
    this.clock = opts.clock ?? Date.now;
    this.timer = setInterval(() => this.sweep(), opts.sweepEveryMs ?? 60_000);
    this.timer.unref();
  }

  async get(siteId: string, visitorId: string, now: number): Promise<SessionRecord | null> {
    const record = this.sessions.get(keyOf(siteId, visitorId));
    return record && isLive(record, now) ? copy(record) : null;
  }

  async put(siteId: string, record: SessionRecord): Promise<void> {
    this.write(keyOf(siteId, record.visitor_id), record);
  }

  async getOrCreate(siteId: string, candidate: SessionRecord, now: number): Promise<SessionRecord> {
    // no await between the check and the write, so concurrent calls cannot both create
    const key = keyOf(siteId, candidate.visitor_id);
    const live = this.sessions.get(key);
    if (live && isLive(live, now)) return copy(live);
    this.write(key, candidate);
    return copy(candidate);
  }

  sessionAt(siteId: string, visitorId: string, previousVisitorId: string | null, now: number, open: () => SessionRecord): Readonly<SessionRecord> {
    let key = keyOf(siteId, visitorId);
    let live = this.sessions.get(key);
    if ((!live || !isLive(live, now)) && previousVisitorId) {
      key = keyOf(siteId, previousVisitorId);
      live = this.sessions.get(key);
    }
    if (live && isLive(live, now)) {
      // records are never changed in place (the async calls hand out copies), so the extended
      // one shares its dimensions with the old
      const extended = live.last_seen >= now ? live : { ...live, last_seen: now };
      this.keep(key, extended);
      return extended;
    }
    const opened = open();
    this.keep(keyOf(siteId, opened.visitor_id), opened);
    return opened;
  }

  private write(key: string, record: SessionRecord): void {
    this.keep(key, copy(record));
  }

  /** Stores the record itself (no copy) as the newest. */
  private keep(key: string, record: SessionRecord): void {
    // delete first so the session moves to the end of the Map's order
    this.sessions.delete(key);
    this.sessions.set(key, record);
    while (this.sessions.size > this.maxSessions) {
      const oldest = this.sessions.keys().next().value;
      if (oldest === undefined) break;
      this.sessions.delete(oldest);
    }
  }

  async size(): Promise<number> {
    this.sweep();
    return this.sessions.size;
  }

  /** Removes every expired session; returns how many. */
  sweep(now: number = this.clock()): number {
    let removed = 0;
    // A full pass rather than stopping at the first live entry: a clock that stepped back could
    // have put an older last_seen behind a newer one.
    for (const [key, record] of this.sessions) {
      if (!isLive(record, now)) {
        this.sessions.delete(key);
        removed++;
      }
    }
    return removed;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    this.sessions.clear();
  }
}
