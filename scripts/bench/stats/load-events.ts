/** Fills a DuckDB event store with generated events, timing only the store's inserts. */
import type { EventStore } from '@vigil/core/store/event-store';
import { generateEvents } from '@vigil/core/test/generate-events';
import { progress } from '../progress.ts';

export const DATASET = {
  sites: 20,
  /** site-0, the one every query asks about */
  bigSiteShare: 0.4,
  days: 30,
  seed: 42,
} as const;

/**
 * Events per insert: a bulk import's batch (the consumer's default is 5,000), at most 20 inserts
 * per load. Each commit's cost grows with the stored data, so small batches make a 10M load take
 * far longer than the queries being measured.
 */
export function loadBatchSize(count: number): number {
  return Math.max(50_000, Math.ceil(count / 20));
}

export interface LoadResult {
  events: number;
  insertS: number;
  wallS: number;
  rowsPerS: number;
}

export interface LoadOptions {
  /** the section whose progress lines these are */
  section?: string;
  /** the id site-0's events get: the id of a site the server's config database knows */
  bigSiteId?: string;
}

/**
 * Generates the dataset once and inserts every batch into each store in turn, timing each store's
 * inserts on their own: the same events, so the stores answer the same questions.
 */
export async function loadEventsInto(stores: EventStore[], count: number, end: number, opts: LoadOptions = {}): Promise<LoadResult[]> {
  const section = opts.section ?? 'stats';
  const started = performance.now();
  const insertMs = stores.map(() => 0);
  let loaded = 0;
  let nextReport = 0.1;
  for (const generated of generateEvents({ count, end, batchSize: loadBatchSize(count), ...DATASET })) {
    const bigSiteId = opts.bigSiteId;
    const batch = bigSiteId === undefined ? generated : generated.map((e) => (e.site_id === 'site-0' ? { ...e, site_id: bigSiteId } : e));
    for (const [i, store] of stores.entries()) {
      const t0 = performance.now();
      await store.insert(batch);
      insertMs[i]! += performance.now() - t0;
    }
    loaded += batch.length;
    if (loaded / count >= nextReport) {
      const rates = insertMs.map((m) => Math.round(loaded / (m / 1000)).toLocaleString('en-US')).join(' / ');
      progress(section, `loaded ${loaded.toLocaleString('en-US')} of ${count.toLocaleString('en-US')} (${rates} rows/s so far)`);
      nextReport += 0.1;
    }
  }
  const wallS = (performance.now() - started) / 1000;
  return insertMs.map((m) => ({ events: loaded, insertS: m / 1000, wallS, rowsPerS: loaded / (m / 1000) }));
}

export async function loadEvents(store: EventStore, count: number, end: number): Promise<LoadResult> {
  const [result] = await loadEventsInto([store], count, end);
  return result!;
}
