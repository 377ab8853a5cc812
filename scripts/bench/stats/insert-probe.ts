/**
 * What the consumer meets once the store holds this much: the time to insert one batch of the
 * size a busy second brings (and one small batch, as a quiet site flushes) into the loaded store.
 * The probe events belong to a site no query asks about, so the timed answers do not change.
 */
import type { EventStore } from '@vigil/core/store/event-store';
import type { StoredEvent } from '@vigil/core/event/stored';
import { generateEvents } from '@vigil/core/test/generate-events';
import { median } from '../percentiles.ts';

export const PROBE = { siteId: 'insert-probe', consumerBatch: 5_000, smallBatch: 100, rounds: 3 } as const;

export interface InsertProbe {
  consumerBatchMs: number;
  smallBatchMs: number;
}

function probeBatches(size: number, rounds: number, end: number, seed: number): StoredEvent[][] {
  const batches: StoredEvent[][] = [];
  for (const batch of generateEvents({ count: size * rounds, sites: 1, bigSiteShare: 1, days: 1, end, seed, batchSize: size })) {
    batches.push(batch.map((e) => ({ ...e, site_id: PROBE.siteId })));
  }
  return batches;
}

async function medianInsertMs(store: EventStore, batches: StoredEvent[][]): Promise<number> {
  const samples: number[] = [];
  for (const batch of batches) {
    const t0 = performance.now();
    await store.insert(batch);
    samples.push(performance.now() - t0);
  }
  return median(samples);
}

export async function probeInserts(store: EventStore, end: number): Promise<InsertProbe> {
  return {
    consumerBatchMs: await medianInsertMs(store, probeBatches(PROBE.consumerBatch, PROBE.rounds, end, 901)),
    smallBatchMs: await medianInsertMs(store, probeBatches(PROBE.smallBatch, PROBE.rounds, end, 902)),
  };
}
