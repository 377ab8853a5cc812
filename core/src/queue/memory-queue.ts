/**
 * The embedded queue: a bounded in-process buffer between ingest and the consumer.
 *
 * Memory is bounded by `capacity` (events accepted but not yet acknowledged); past it, enqueue is
 * refused and ingest answers 429, so nothing is lost silently. A batch goes to the consumer when
 * `batchSize` events wait or `flushMs` has passed since the oldest one arrived. A failed batch is
 * retried with backoff and never skipped: events leave the queue only when the handler resolves.
 */
import type { StoredEvent } from '../event/stored.ts';
import type { BatchHandler, EnqueueRefusal, EventQueue, QueueStats } from './event-queue.ts';
import { BatchPump } from './batch-pump.ts';

export interface MemoryQueueOptions {
  capacity: number;
  batchSize: number;
  flushMs: number;
  /** first retry delay after a failed batch; doubles up to maxBackoffMs */
  backoffMs?: number;
  maxBackoffMs?: number;
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
}

export class MemoryQueue implements EventQueue {
  private readonly pump: BatchPump<StoredEvent>;
  private handler: BatchHandler | null = null;
  private accepting = true;
  private closed = false;
  private enqueued = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly opts: MemoryQueueOptions) {
    this.pump = new BatchPump<StoredEvent>({
      batchSize: opts.batchSize,
      flushMs: opts.flushMs,
      backoffMs: opts.backoffMs ?? 200,
      maxBackoffMs: opts.maxBackoffMs ?? 10_000,
      handle: (batch) => this.handler!(batch),
      retrying: opts.onRetry,
      // draining, or closing: no more events are coming, so no batch waits to fill up
      hurry: () => !this.accepting,
      ready: () => this.handler !== null && !this.closed,
      idle: () => {
        for (const wake of this.idleWaiters.splice(0)) wake();
      },
    });
  }

  async enqueue(events: StoredEvent[]): Promise<EnqueueRefusal | null> {
    if (!this.accepting) return { reason: 'queue_unavailable', retryAfterS: 5 };
    const pending = this.pump.pending();
    if (pending + events.length > this.opts.capacity) {
      // Retry-After grows with the backlog: about one flush interval per full batch waiting.
      const batchesAhead = Math.ceil(pending / this.opts.batchSize);
      return { reason: 'queue_full', retryAfterS: Math.max(1, Math.ceil((batchesAhead * this.opts.flushMs) / 1000)) };
    }
    this.enqueued += events.length;
    this.pump.add(events);
    return null;
  }

  async consume(handler: BatchHandler): Promise<void> {
    if (this.handler) throw new Error('MemoryQueue has one consumer');
    this.handler = handler;
    this.pump.schedule();
  }

  stats(): QueueStats {
    return { pending: this.pump.pending(), capacity: this.opts.capacity, enqueued: this.enqueued, ...this.pump.counters };
  }

  /** Stops taking events and resolves once every accepted event was delivered. */
  async drain(): Promise<void> {
    this.accepting = false;
    if (!this.handler) throw new Error('cannot drain a queue nobody consumes');
    if (this.pump.pending() === 0) return;
    const idle = new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    this.pump.schedule();
    await idle;
  }

  /** Stops at once: what was not delivered yet is given up (drain first to keep it). */
  async close(): Promise<void> {
    this.accepting = false;
    this.closed = true;
    await this.pump.stop();
  }
}
