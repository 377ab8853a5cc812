/**
 * The consumer: takes batches off the queue and writes them to the event store.
 *
 * A batch leaves the queue only once the store has it; a store failure is retried by the queue
 * with backoff, so an outage pauses consumption and nothing is skipped.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { EventQueue } from '@vigil/core/queue/event-queue';
import type { EventStore } from '@vigil/core/store/event-store';
import type { StoredEvent } from '@vigil/core/event/stored';

export interface ConsumerStats {
  batches: number;
  events: number;
  /** insert time of the last batch, ms */
  lastInsertMs: number;
  /** age of the oldest event of the last batch when it was written, ms */
  lastLagMs: number;
}

export interface Consumer {
  stats(): ConsumerStats;
}

export interface ConsumerOptions {
  queue: EventQueue;
  store: EventStore;
  log: FastifyBaseLogger;
  /** called after each batch is stored (the live bus hangs off this) */
  onStored?: (batch: StoredEvent[]) => void;
  clock?: () => number;
}

export async function runConsumer(opts: ConsumerOptions): Promise<Consumer> {
  const clock = opts.clock ?? Date.now;
  const stats: ConsumerStats = { batches: 0, events: 0, lastInsertMs: 0, lastLagMs: 0 };
  await opts.queue.consume(async (batch) => {
    const started = clock();
    await opts.store.insert(batch);
    const done = clock();
    stats.batches++;
    stats.events += batch.length;
    stats.lastInsertMs = done - started;
    let oldest = done;
    for (const e of batch) if (e.ts < oldest) oldest = e.ts;
    stats.lastLagMs = done - oldest;
    opts.log.debug({ events: batch.length, insert_ms: stats.lastInsertMs, lag_ms: stats.lastLagMs }, 'batch stored');
    opts.onStored?.(batch);
  });
  return { stats: () => ({ ...stats }) };
}
