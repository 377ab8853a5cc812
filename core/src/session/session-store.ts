/**
 * Server-side sessions: a visit ends after 30 minutes without an event.
 *
 * The state sits behind this interface so that two ingest instances can share it (Redis in
 * cluster mode); embedded mode keeps it in memory.
 */
import type { StoredEvent } from '../event/stored.ts';

export const SESSION_TIMEOUT_MS = 30 * 60 * 1000;

/** The dimensions a session takes from its first event and stamps on all of its events. */
export type SessionDimensions = Pick<
  StoredEvent,
  | 'referrer' | 'source' | 'channel'
  | 'utm_source' | 'utm_medium' | 'utm_campaign' | 'utm_term' | 'utm_content'
  | 'country' | 'browser' | 'os' | 'device' | 'screen' | 'screen_width' | 'language'
>;

export interface SessionRecord {
  session_id: string;
  /** the visitor id the session was opened with (yesterday's, for a visit across midnight) */
  visitor_id: string;
  started_at: number;
  last_seen: number;
  dims: SessionDimensions;
}

export interface SessionStore {
  /** The live session of (site, visitor) at time `now`, or null if none or expired. */
  get(siteId: string, visitorId: string, now: number): Promise<SessionRecord | null>;
  /** Stores the session and extends its life to `record.last_seen + SESSION_TIMEOUT_MS`. */
  put(siteId: string, record: SessionRecord): Promise<void>;
  /**
   * The live session of (site, candidate.visitor_id) at `now` if there is one, else stores
   * `candidate` (as put does) and returns it. Atomic in shared stores, so two ingest processes
   * opening a session for one visitor at the same moment both get the same session.
   */
  getOrCreate(siteId: string, candidate: SessionRecord, now: number): Promise<SessionRecord>;
  /** Number of live sessions (memory: exact; shared stores may estimate). */
  size(): Promise<number>;
  close(): Promise<void>;
}

/**
 * A store whose sessions live in this process. It can answer at once, so the session step takes
 * its synchronous path: no promise per event, and no per-visitor queue, since nothing can run
 * between the look-up and the write.
 */
export interface LocalSessionStore extends SessionStore {
  /**
   * The session an event at `now` belongs to, its life extended to `now`: the live session of
   * `visitorId`, else that of `previousVisitorId()` (a visit running across 00:00 UTC; called only
   * when `visitorId` has no live session), else the one `open()` makes, stored as new. The same
   * answer as get, put and getOrCreate in that order. The record returned is the store's own:
   * read it, never change it.
   */
  sessionAt(siteId: string, visitorId: string, previousVisitorId: () => string | null, now: number, open: () => SessionRecord): Readonly<SessionRecord>;
}

export function isLocalSessionStore(store: SessionStore): store is LocalSessionStore {
  return typeof (store as Partial<LocalSessionStore>).sessionAt === 'function';
}
