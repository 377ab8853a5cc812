/**
 * Presence in process memory, for embedded mode. Per site, a Map in touch order: the least
 * recently seen visitors sit at the front, so pruning stops at the first one still retained.
 */
import {
  DEFAULT_PAGE_LIMIT, PRESENCE_RETENTION_MS, checkActive, checkTouch, summarize,
  type ActivePresence, type PresenceStore,
} from './presence-store.ts';

interface Seen {
  page: string;
  lastSeen: number;
}

export interface MemoryPresenceStoreOptions {
  /** default 30 minutes */
  retentionMs?: number;
}

export class MemoryPresenceStore implements PresenceStore {
  private readonly sites = new Map<string, Map<string, Seen>>();
  private readonly retentionMs: number;

  constructor(opts: MemoryPresenceStoreOptions = {}) {
    this.retentionMs = opts.retentionMs ?? PRESENCE_RETENTION_MS;
  }

  async touch(siteId: string, visitorKey: string, page: string, now: number): Promise<void> {
    checkTouch(siteId, visitorKey, page, now);
    let visitors = this.sites.get(siteId);
    if (!visitors) {
      visitors = new Map();
      this.sites.set(siteId, visitors);
    }
    const previous = visitors.get(visitorKey);
    // an event that arrives late must not move the visitor back in time or to an older page
    if (previous && previous.lastSeen > now) return;
    visitors.delete(visitorKey);
    visitors.set(visitorKey, { page, lastSeen: now });
    this.prune(siteId, visitors, now);
  }

  async active(siteId: string, now: number, windowMs: number, limit = DEFAULT_PAGE_LIMIT): Promise<ActivePresence> {
    checkActive(siteId, now, windowMs, limit, this.retentionMs);
    const visitors = this.sites.get(siteId);
    const pages: string[] = [];
    if (visitors) {
      for (const seen of visitors.values()) if (seen.lastSeen > now - windowMs && seen.lastSeen <= now) pages.push(seen.page);
    }
    return summarize(pages, limit);
  }

  async close(): Promise<void> {
    this.sites.clear();
  }

  private prune(siteId: string, visitors: Map<string, Seen>, now: number): void {
    for (const [key, seen] of visitors) {
      if (seen.lastSeen > now - this.retentionMs) break;
      visitors.delete(key);
    }
    if (visitors.size === 0) this.sites.delete(siteId);
  }
}
