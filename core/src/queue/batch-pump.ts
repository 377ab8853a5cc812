/**
 * What both queues do between taking items and handing batches to the consumer: hold them, and
 * hand out a batch once `batchSize` wait or `flushMs` after the first arrived, one batch at a
 * time, retrying a failed batch with backoff until it is taken. The embedded queue pumps events;
 * the Kafka consumer pumps fetched messages (event, partition, offset) and commits after each.
 *
 * Under light load one batch goes per flush interval; the pump keeps going only while a full
 * batch waits, or while it is told to hurry (draining: everything goes at once).
 */

export interface BatchPumpOptions<T> {
  batchSize: number;
  flushMs: number;
  /** first retry delay after a failed batch; doubles up to maxBackoffMs */
  backoffMs: number;
  maxBackoffMs: number;
  /** hands a batch to the consumer; a rejection is retried after a backoff */
  handle(batch: T[]): Promise<void>;
  /** after the consumer took a batch, before it stops counting as pending (Kafka commits here) */
  taken?(batch: T[]): Promise<void>;
  /** a failed attempt, before its backoff */
  retrying?(error: unknown, attempt: number, delayMs: number): void;
  /** every waiting item should go now, full batch or not (draining) */
  hurry(): boolean;
  /** whether anything may be handed out yet (the embedded queue waits for its consumer) */
  ready?(): boolean;
  /** the pump has nothing more to hand out (and nothing with the consumer) */
  idle?(): void;
}

export class BatchPump<T> {
  private items: T[] = [];
  /** the batch the consumer holds right now; still counted as pending */
  private inFlight = 0;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  private wakeSleeper: (() => void) | null = null;
  /** items in the batches the consumer took, and failed attempts */
  readonly counters = { delivered: 0, retries: 0 };

  constructor(private readonly opts: BatchPumpOptions<T>) {}

  /** items waiting, plus the batch with the consumer */
  pending(): number {
    return this.items.length + this.inFlight;
  }

  /** items waiting to be handed out (not the batch with the consumer) */
  waiting(): number {
    return this.items.length;
  }

  busy(): boolean {
    return this.running !== null;
  }

  add(items: readonly T[]): void {
    for (const item of items) this.items.push(item);
    this.schedule();
  }

  /** Forgets what waits (a Kafka rebalance: it will be fetched again); the batch in flight goes on. */
  discardWaiting(): void {
    this.items = [];
  }

  /** Hands out a batch when one is due: now if full or hurried, else after the flush interval. */
  schedule(): void {
    if (this.running || this.stopped || this.items.length === 0 || this.opts.ready?.() === false) return;
    if (this.items.length >= this.opts.batchSize || this.opts.hurry()) this.flushSoon(0);
    else if (!this.timer) this.flushSoon(this.opts.flushMs);
  }

  /**
   * Hands out nothing more; a batch with the consumer is not retried, nor taken if it returns
   * later. Resolves once that batch returned (callers that must not wait for it need not).
   */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.wakeSleeper?.();
    await this.running;
  }

  private flushSoon(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.pumpAll().then(() => {
        this.running = null;
        this.schedule();
      });
    }, delayMs);
  }

  private async pumpAll(): Promise<void> {
    while (this.items.length > 0 && !this.stopped) {
      const batch = this.items.splice(0, this.opts.batchSize);
      this.inFlight = batch.length;
      const handled = await this.deliver(batch);
      if (handled) await this.opts.taken?.(batch);
      // pending until taken (and, for Kafka, committed), so a drain never ends with it unsent
      this.inFlight = 0;
      if (!handled) return;
      this.counters.delivered += batch.length;
      if (!this.opts.hurry() && this.items.length < this.opts.batchSize) break;
    }
    if (this.pending() === 0) this.opts.idle?.();
  }

  /** true once the consumer took the batch; false when the pump stopped first */
  private async deliver(batch: T[]): Promise<boolean> {
    let delay = this.opts.backoffMs;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.opts.handle(batch);
        return !this.stopped;
      } catch (error) {
        if (this.stopped) return false;
        this.counters.retries++;
        this.opts.retrying?.(error, attempt, delay);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delay);
          this.wakeSleeper = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wakeSleeper = null;
        delay = Math.min(delay * 2, this.opts.maxBackoffMs);
      }
    }
  }
}
