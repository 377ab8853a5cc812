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
  private readonly buffer: StoredEvent[] = [];
  /** the batch the handler holds right now; still counted as pending */
  private inFlight = 0;
  private handler: BatchHandler | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private accepting = true;
  private closed = false;
  private counters = { enqueued: 0, delivered: 0, retries: 0 };
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly opts: MemoryQueueOptions) {}

  async enqueue(events: StoredEvent[]): Promise<EnqueueRefusal | null> {
    if (!this.accepting) return { reason: 'queue_unavailable', retryAfterS: 5 };
    if (this.pending() + events.length > this.opts.capacity) {
      // Retry-After grows with the backlog: about one flush interval per full batch waiting.
      const batchesAhead = Math.ceil(this.pending() / this.opts.batchSize);
      return { reason: 'queue_full', retryAfterS: Math.max(1, Math.ceil((batchesAhead * this.opts.flushMs) / 1000)) };
    }
    for (const e of events) this.buffer.push(e);
    this.counters.enqueued += events.length;
    this.schedule();
    return null;
  }

  async consume(handler: BatchHandler): Promise<void> {
    if (this.handler) throw new Error('MemoryQueue has one consumer');
    this.handler = handler;
    this.schedule();
  }

  stats(): QueueStats {
    return { pending: this.pending(), capacity: this.opts.capacity, ...this.counters };
  }

  /** Stops taking events and resolves once every accepted event was delivered. */
  async drain(): Promise<void> {
    this.accepting = false;
    if (!this.handler) throw new Error('cannot drain a queue nobody consumes');
    if (this.pending() === 0) return;
    this.flushSoon(0);
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  async close(): Promise<void> {
    this.accepting = false;
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private pending(): number {
    return this.buffer.length + this.inFlight;
  }

  private schedule(): void {
    if (!this.handler || this.running || this.closed || this.buffer.length === 0) return;
    if (this.buffer.length >= this.opts.batchSize || !this.accepting) this.flushSoon(0);
    else if (!this.timer) this.flushSoon(this.opts.flushMs);
  }

  private flushSoon(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.deliverAll().then(() => {
        this.running = null;
        this.schedule();
      });
    }, delayMs);
  }

  private async deliverAll(): Promise<void> {
    while (this.buffer.length > 0 && !this.closed) {
      const batch = this.buffer.splice(0, this.opts.batchSize);
      this.inFlight = batch.length;
      await this.deliver(batch);
      this.inFlight = 0;
      this.counters.delivered += batch.length;
      // Under light load deliver one batch per flush interval; keep going only while a full batch waits.
      if (this.accepting && this.buffer.length < this.opts.batchSize) break;
    }
    if (this.pending() === 0) for (const wake of this.idleWaiters.splice(0)) wake();
  }

  private async deliver(batch: StoredEvent[]): Promise<void> {
    let delay = this.opts.backoffMs ?? 200;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.handler!(batch);
        return;
      } catch (error) {
        // close() without drain() gives up on what is left; everything else is retried.
        if (this.closed) return;
        this.counters.retries++;
        this.opts.onRetry?.(error, attempt, delay);
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, this.opts.maxBackoffMs ?? 10_000);
      }
    }
  }
}
