/**
 * The queue between ingest and the consumer. Embedded mode keeps it in process; cluster mode puts
 * Kafka behind the same interface.
 *
 * Delivery is at least once: a batch handed to the consumer stays owned by the queue until the
 * handler resolves. If the handler throws, the same events are offered again after a backoff.
 */
import type { StoredEvent } from '../event/stored.ts';

/** Why an enqueue was refused. The caller answers 429 (full) or 503 (unavailable) with Retry-After. */
export type EnqueueRefusal = { reason: 'queue_full' | 'queue_unavailable'; retryAfterS: number };

export interface QueueStats {
  /** events accepted but not yet acknowledged by the consumer */
  pending: number;
  capacity: number;
  enqueued: number;
  delivered: number;
  /** consumer handler failures (each one is retried, never dropped) */
  retries: number;
}

export type BatchHandler = (batch: StoredEvent[]) => Promise<void>;

export interface EventQueue {
  /** Takes all events or none of them. */
  enqueue(events: StoredEvent[]): Promise<EnqueueRefusal | null>;
  /** Starts delivering batches to the handler (one consumer per queue in embedded mode). */
  consume(handler: BatchHandler): Promise<void>;
  stats(): QueueStats;
  /** Stops taking events, delivers everything already accepted, then resolves. */
  drain(): Promise<void>;
  close(): Promise<void>;
}
