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

export async function loadEvents(store: EventStore, count: number, end: number): Promise<LoadResult> {
  const started = performance.now();
  let insertMs = 0;
  let loaded = 0;
  let nextReport = 0.1;
  for (const batch of generateEvents({ count, end, batchSize: loadBatchSize(count), ...DATASET })) {
    const t0 = performance.now();
    await store.insert(batch);
    insertMs += performance.now() - t0;
    loaded += batch.length;
    if (loaded / count >= nextReport) {
      progress('stats', `loaded ${loaded.toLocaleString('en-US')} of ${count.toLocaleString('en-US')} (${Math.round(loaded / (insertMs / 1000)).toLocaleString('en-US')} rows/s so far)`);
      nextReport += 0.1;
    }
  }
  const insertS = insertMs / 1000;
  return { events: loaded, insertS, wallS: (performance.now() - started) / 1000, rowsPerS: loaded / insertS };
}
