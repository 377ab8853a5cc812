/**
 * Presence in process memory, for embedded mode. Per site, a RecencyMap of visitors to their page
 * and last touch. A touch updates the visitor's entry in place: every accepted request touches, so
 * replacing or reordering entries of a Map that lives as long as the process cost the ingest
 * thread garbage-collection work on every request: most of the live fan-out's cost, which fell
 * from ~9-10 to ~1 µs a request with the ingest benchmark's traffic. The RecencyMap moves a
 * visitor back in its order at most once a minute, so that a sweep of the visitors past the
 * retention (a site at a time, at most every hundredth of the retention) reads little more than
 * what it removes: a full pass over a busy site's visitors held the event loop for ~14 ms.
 */
import { RecencyMap } from '../collections/recency-map.ts';
import {
  DEFAULT_PAGE_LIMIT, PRESENCE_RETENTION_MS, checkActive, checkTouch, summarize,
  type ActivePresence, type PresenceStore,
} from './presence-store.ts';

interface Seen {
  page: string;
  lastSeen: number;
}

/** how stale a visitor's place in the sweep order may be */
const REORDER_MS = 60_000;

interface SiteVisitors {
  visitors: RecencyMap<Seen>;
  /** the latest touch time a sweep ran at */
  sweptAt: number;
}

export interface MemoryPresenceStoreOptions {
  /** default 30 minutes */
  retentionMs?: number;
}

export class MemoryPresenceStore implements PresenceStore {
  private readonly sites = new Map<string, SiteVisitors>();
  private readonly retentionMs: number;

  constructor(opts: MemoryPresenceStoreOptions = {}) {
    this.retentionMs = opts.retentionMs ?? PRESENCE_RETENTION_MS;
  }

  async touch(siteId: string, visitorKey: string, page: string, now: number): Promise<void> {
    checkTouch(siteId, visitorKey, page, now);
    let site = this.sites.get(siteId);
    if (!site) {
      site = { visitors: new RecencyMap(REORDER_MS), sweptAt: now };
      this.sites.set(siteId, site);
    }
    const seen = site.visitors.get(visitorKey);
    if (!seen) site.visitors.set(visitorKey, { page, lastSeen: now }, now);
    else if (seen.lastSeen <= now) {
      // an event that arrives late must not move the visitor back in time or to an older page
      seen.page = page;
      seen.lastSeen = now;
      site.visitors.set(visitorKey, seen, now);
    }
    if (now - site.sweptAt >= this.retentionMs / 100) this.sweep(siteId, site, now);
  }

  async active(siteId: string, now: number, windowMs: number, limit = DEFAULT_PAGE_LIMIT): Promise<ActivePresence> {
    checkActive(siteId, now, windowMs, limit, this.retentionMs);
    const visitors = this.sites.get(siteId)?.visitors;
    const pages: string[] = [];
    if (visitors) {
      visitors.forEachValue((seen) => {
        if (seen.lastSeen > now - windowMs && seen.lastSeen <= now) pages.push(seen.page);
      });
    }
    return summarize(pages, limit);
  }

  async close(): Promise<void> {
    this.sites.clear();
  }

  private sweep(siteId: string, site: SiteVisitors, now: number): void {
    site.sweptAt = now;
    const cutoff = now - this.retentionMs;
    site.visitors.sweep(cutoff, (seen) => seen.lastSeen <= cutoff);
    if (site.visitors.size === 0) this.sites.delete(siteId);
  }
}
