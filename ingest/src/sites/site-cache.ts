/**
 * Sites by id in front of the config database. Every tracked event needs its site, so hits are
 * kept ~30 s; misses are kept too (~5 s) so a flood of made-up site ids cannot reach the database,
 * and concurrent lookups of one id share a single query.
 */
import { LRUCache } from 'lru-cache';
import type { ConfigStore, Site } from '@vigil/core/configdb/config-store';

export interface SiteCacheOptions {
  positiveTtlMs?: number;
  negativeTtlMs?: number;
  maxEntries?: number;
}

/** lru-cache cannot hold null, so a miss is cached as an entry without a site. */
interface Entry {
  site: Site | null;
}

export class SiteCache {
  private readonly cache: LRUCache<string, Entry>;

  constructor(sites: ConfigStore['sites'], opts: SiteCacheOptions = {}) {
    const negativeTtl = opts.negativeTtlMs ?? 5_000;
    this.cache = new LRUCache<string, Entry>({
      max: opts.maxEntries ?? 10_000,
      ttl: opts.positiveTtlMs ?? 30_000,
      fetchMethod: async (id, _stale, { options }) => {
        const site = await sites.get(id);
        if (!site) options.ttl = negativeTtl;
        return { site };
      },
    });
  }

  /**
   * The site when the cache holds a fresh answer for `id` (a site, or null for a known miss);
   * undefined when only `get` can tell. Lets the hot path skip a promise for a cached site.
   */
  peek(id: string): Site | null | undefined {
    return this.cache.get(id)?.site;
  }

  async get(id: string): Promise<Site | null> {
    const entry = await this.cache.fetch(id);
    return entry?.site ?? null;
  }

  clear(): void {
    this.cache.clear();
  }
}
