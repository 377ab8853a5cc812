/**
 * "Who is active now", shared across instances: every event touches its visitor, the realtime
 * view asks who was seen within the last few minutes and on which page.
 *
 * visitorKey is an opaque hash (the visitor id), never an IP. A visitor counts on the page of
 * their latest touch.
 */
export interface PagePresence {
  value: string;
  active_visitors: number;
}

export interface ActivePresence {
  /** visitors seen within the window */
  total: number;
  /** their latest pages, most visitors first, then by page; at most `limit` */
  pages: PagePresence[];
}

export interface PresenceStore {
  touch(siteId: string, visitorKey: string, page: string, now: number): Promise<void>;
  /** Visitors seen in (now - windowMs, now]; windowMs at most the store's retention. */
  active(siteId: string, now: number, windowMs: number, limit?: number): Promise<ActivePresence>;
  close(): Promise<void>;
}

/** How long a store keeps a visitor after their last touch: the longest window one may ask. */
export const PRESENCE_RETENTION_MS = 30 * 60 * 1000;
export const DEFAULT_PAGE_LIMIT = 100;

export function checkTouch(siteId: string, visitorKey: string, page: string, now: number): void {
  if (typeof siteId !== 'string' || siteId === '') throw new TypeError('presence: siteId must be a non-empty string');
  if (typeof visitorKey !== 'string' || visitorKey === '') throw new TypeError('presence: visitorKey must be a non-empty string');
  if (typeof page !== 'string') throw new TypeError('presence: page must be a string');
  if (!Number.isFinite(now)) throw new RangeError('presence: now must be a finite timestamp');
}

export function checkActive(siteId: string, now: number, windowMs: number, limit: number, retentionMs: number): void {
  if (typeof siteId !== 'string' || siteId === '') throw new TypeError('presence: siteId must be a non-empty string');
  if (!Number.isFinite(now)) throw new RangeError('presence: now must be a finite timestamp');
  if (!Number.isFinite(windowMs) || windowMs <= 0 || windowMs > retentionMs) {
    throw new RangeError(`presence: windowMs must be in (0, ${retentionMs}], got ${windowMs}`);
  }
  if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`presence: limit must be a non-negative integer, got ${limit}`);
}

/** Groups the latest pages of the active visitors into the answer. */
export function summarize(pages: Iterable<string>, limit: number): ActivePresence {
  const byPage = new Map<string, number>();
  let total = 0;
  for (const page of pages) {
    total++;
    byPage.set(page, (byPage.get(page) ?? 0) + 1);
  }
  const sorted = [...byPage]
    .map(([value, active_visitors]) => ({ value, active_visitors }))
    .sort((a, b) => b.active_visitors - a.active_visitors || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  return { total, pages: sorted.slice(0, limit) };
}
