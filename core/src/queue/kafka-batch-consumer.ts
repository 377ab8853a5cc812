/**
 * The consuming half of the Kafka queue: one member of the consumer group, handing the handler
 * batches of up to `batchSize` events (or what arrived within `flushMs`), across all the
 * partitions the group assigned to it.
 *
 * At least once: offsets are committed only after the handler resolved for every event below
 * them. A failing handler gets the same batch again after a backoff, with fetching paused
 * meanwhile; nothing is skipped and nothing committed past it. A member that dies before
 * committing leaves its events to whoever gets the partition next, who reads them again from the
 * last commit; the stores de-duplicate by event id.
 *
 * Fetched events wait in memory, at most about `bufferMax` of them (fetching pauses past it). On a
 * rebalance the events not yet handed out are dropped: kafkajs fetches every partition we keep
 * again from its committed offset, and the others belong to another member now.
 */
import type { Consumer, EachBatchPayload } from 'kafkajs';
import type { StoredEvent } from '../event/stored.ts';
import type { BatchHandler } from './event-queue.ts';
import { decodeEvent } from './kafka-codec.ts';
import type { ResolvedKafkaQueueOptions } from './kafka-options.ts';
import { describe } from './kafka-publisher.ts';
import { BatchPump } from './batch-pump.ts';

interface Fetched {
  event: StoredEvent;
  partition: number;
  offset: bigint;
}

/** Committed offset per partition: the next offset the group would read. */
export type PartitionOffsets = Map<number, bigint>;

export class KafkaBatchConsumer {
  private readonly pump: BatchPump<Fetched>;
  private assigned = new Set<number>();
  private paused = false;
  private draining = false;
  private closed = false;
  private commitFailing = false;
  private malformedLogged = false;
  private malformed = 0;

  constructor(
    private readonly consumer: Consumer,
    private readonly opts: ResolvedKafkaQueueOptions,
    handler: BatchHandler,
  ) {
    this.pump = new BatchPump<Fetched>({
      batchSize: opts.batchSize,
      flushMs: opts.flushMs,
      backoffMs: opts.backoffMs,
      maxBackoffMs: opts.maxBackoffMs,
      handle: (batch) => handler(batch.map((f) => f.event)),
      taken: async (batch) => {
        await this.commit(batch);
        if (this.paused && this.pump.waiting() < this.opts.bufferMax) this.resume();
      },
      retrying: (error, attempt, delayMs) => {
        // nothing more is fetched while the same batch is retried
        this.pause();
        this.opts.onRetry?.(error, attempt, delayMs);
        if (attempt === 1) this.opts.log.warn(`kafka: the batch handler failed (${describe(error)}); retrying the same ${this.pump.pending() - this.pump.waiting()} events with backoff`);
      },
      hurry: () => this.draining,
    });
  }

  get counters(): { delivered: number; retries: number; malformed: number } {
    return { ...this.pump.counters, malformed: this.malformed };
  }

  async start(): Promise<void> {
    this.consumer.on(this.consumer.events.GROUP_JOIN, ({ payload }) => this.onJoin(payload.memberAssignment[this.opts.topic] ?? []));
    await this.consumer.connect();
    // fromBeginning: a group's first member reads what ingest published before any consumer ran
    await this.consumer.subscribe({ topics: [this.opts.topic], fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: async (payload) => this.take(payload),
    });
  }

  /** events fetched and not yet handled, the batch with the handler included */
  pending(): number {
    return this.pump.pending();
  }

  assignedPartitions(): number[] {
    return [...this.assigned].sort((a, b) => a - b);
  }

  /**
   * Hands out what is fetched without waiting for full batches, until the group's committed
   * offsets reach `targets` on the partitions this member holds (or `timeoutMs` passed), then
   * leaves the group.
   */
  async drain(targets: PartitionOffsets, committed: () => Promise<PartitionOffsets>, timeoutMs: number): Promise<void> {
    this.draining = true;
    this.pump.schedule();
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.pump.pending() === 0 && !this.pump.busy() && (await this.reached(targets, committed))) break;
      if (Date.now() > deadline) {
        this.opts.log.warn(`kafka: drain gave up after ${timeoutMs} ms with ${this.pending()} events unhandled; the group reads them again from the last commit`);
        break;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    await this.close();
  }

  /** Leaves the group without committing anything more; a batch with the handler now is not committed. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // not waiting for a batch the handler holds: it is not committed, so it is read again
    void this.pump.stop();
    this.pump.discardWaiting();
    await this.consumer.disconnect();
  }

  private async reached(targets: PartitionOffsets, committed: () => Promise<PartitionOffsets>): Promise<boolean> {
    const mine = [...targets].filter(([p]) => this.assigned.has(p));
    if (mine.length === 0) return true;
    const now = await committed();
    return mine.every(([p, target]) => (now.get(p) ?? -1n) >= target);
  }

  private onJoin(partitions: number[]): void {
    this.assigned = new Set(partitions);
    this.pump.discardWaiting();
    if (this.paused && this.pump.pending() === 0) this.resume();
  }

  private async take({ batch, resolveOffset, isRunning, isStale }: EachBatchPayload): Promise<void> {
    if (this.closed || !isRunning() || isStale()) return;
    const fetched: Fetched[] = [];
    for (const message of batch.messages) {
      try {
        fetched.push({ event: decodeEvent(message.value), partition: batch.partition, offset: BigInt(message.offset) });
      } catch (error) {
        // A message Vigil did not write can never succeed; holding the partition for it would stop
        // the whole partition for good. Count it and log where it is, never its contents.
        this.malformed++;
        if (!this.malformedLogged) {
          this.malformedLogged = true;
          this.opts.log.warn(`kafka: skipping a malformed message at ${batch.topic}/${batch.partition}@${message.offset} (${describe(error)}); further ones are only counted`);
        }
      }
    }
    const last = batch.messages.at(-1);
    if (last) resolveOffset(last.offset);
    this.pump.add(fetched);
    if (this.pump.waiting() >= this.opts.bufferMax) this.pause();
  }

  private async commit(batch: Fetched[]): Promise<void> {
    const next = new Map<number, bigint>();
    for (const f of batch) {
      if (f.offset + 1n > (next.get(f.partition) ?? -1n)) next.set(f.partition, f.offset + 1n);
    }
    // A partition given to another member since the batch was fetched is theirs to commit now.
    const offsets = [...next].filter(([p]) => this.assigned.has(p));
    if (offsets.length === 0 || this.closed) return;
    try {
      await this.consumer.commitOffsets(offsets.map(([partition, offset]) => ({ topic: this.opts.topic, partition, offset: offset.toString() })));
      if (this.commitFailing) this.opts.log.info('kafka: committing offsets works again');
      this.commitFailing = false;
    } catch (error) {
      // The events are stored; an uncommitted offset only means they may be handled once more.
      if (!this.commitFailing) this.opts.log.warn(`kafka: committing offsets failed (${describe(error)}); those events may be handled again`);
      this.commitFailing = true;
    }
  }

  private pause(): void {
    if (this.paused) return;
    this.paused = true;
    this.consumer.pause([{ topic: this.opts.topic }]);
  }

  private resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.consumer.resume([{ topic: this.opts.topic }]);
  }
}
