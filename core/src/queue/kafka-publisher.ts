/**
 * The producing half of the Kafka queue: an enqueue resolves null only once the broker has
 * acknowledged its events on every in-sync replica (acks=all), so an ingest 202 means the events
 * are durable in Kafka. Nothing is buffered on trust.
 *
 * Publishes that arrive while a produce request is out (or within `lingerMs`) share the next one:
 * the idempotent producer allows one request in flight per broker, so under load this group
 * commit is what keeps throughput up, and sending strictly one request after another keeps each
 * visitor's events in the order they were accepted.
 *
 * Bounded in memory and in time: past `bufferMax` unacknowledged events an enqueue answers
 * queue_full; one not acknowledged within `ackTimeoutMs` answers queue_unavailable, and while a
 * produce request is stuck past that timeout (broker away) new enqueues answer at once. An event
 * answered unavailable may still reach Kafka if its stuck request completes later; the client
 * retries it with the same id and the stores de-duplicate.
 */
import { CompressionTypes, type Message, type Producer } from 'kafkajs';
import type { StoredEvent } from '../event/stored.ts';
import type { EnqueueRefusal } from './event-queue.ts';
import { encodeEvent } from './kafka-codec.ts';
import type { KafkaLog } from './kafka-options.ts';

/** Most events in one produce request; keeps each partition's record batch well under 1 MB. */
const MAX_EVENTS_PER_REQUEST = 2000;
const UNAVAILABLE_RETRY_AFTER_S = 5;

interface Publish {
  messages: Message[];
  answered: boolean;
  timer: NodeJS.Timeout | null;
  answer(result: EnqueueRefusal | null): void;
}

export interface KafkaPublisherOptions {
  topic: string;
  bufferMax: number;
  ackTimeoutMs: number;
  lingerMs: number;
  log: KafkaLog;
}

export class KafkaPublisher {
  private waiting: Publish[] = [];
  private sending: Publish[] | null = null;
  private sendStartedAt = 0;
  private lingerTimer: NodeJS.Timeout | null = null;
  private idleWaiters: (() => void)[] = [];
  private healthy = true;
  /** events handed to publish() and not yet settled by the broker */
  unacked = 0;
  /** events answered null: durable in Kafka */
  acknowledged = 0;
  /** partitions this publisher has written to, so drain knows which ones to wait for */
  readonly partitionsWritten = new Set<number>();

  constructor(
    private readonly producer: Producer,
    private readonly opts: KafkaPublisherOptions,
  ) {}

  publish(events: StoredEvent[]): Promise<EnqueueRefusal | null> {
    if (this.unacked + events.length > this.opts.bufferMax) {
      return Promise.resolve({ reason: 'queue_full', retryAfterS: 1 });
    }
    if (this.sending && Date.now() - this.sendStartedAt > this.opts.ackTimeoutMs) {
      return Promise.resolve(unavailable());
    }
    return new Promise((resolve) => {
      const publish: Publish = {
        messages: events.map(encodeEvent),
        answered: false,
        timer: null,
        answer: (result) => {
          if (publish.answered) return;
          publish.answered = true;
          if (publish.timer) clearTimeout(publish.timer);
          if (result === null) this.acknowledged += publish.messages.length;
          resolve(result);
        },
      };
      publish.timer = setTimeout(() => this.timeOut(publish), this.opts.ackTimeoutMs);
      this.unacked += events.length;
      this.waiting.push(publish);
      this.schedule();
    });
  }

  /** Resolves once every publish was sent and answered, or after `ackTimeoutMs` at most. */
  async flush(): Promise<void> {
    if (this.lingerTimer) {
      clearTimeout(this.lingerTimer);
      this.lingerTimer = null;
      void this.sendNext();
    }
    if (this.isIdle()) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      new Promise<void>((resolve) => this.idleWaiters.push(resolve)),
      new Promise<void>((resolve) => { timer = setTimeout(resolve, this.opts.ackTimeoutMs); }),
    ]);
    clearTimeout(timer);
  }

  /** Answers whatever still waits (the queue is closing); a request already out is not recalled. */
  abandon(): void {
    if (this.lingerTimer) clearTimeout(this.lingerTimer);
    this.lingerTimer = null;
    for (const p of this.waiting.splice(0)) {
      this.unacked -= p.messages.length;
      p.answer(unavailable());
    }
  }

  private isIdle(): boolean {
    return this.waiting.length === 0 && this.sending === null;
  }

  private timeOut(publish: Publish): void {
    const at = this.waiting.indexOf(publish);
    if (at >= 0) {
      // never sent: take it back so it cannot land in Kafka after its caller was told 503
      this.waiting.splice(at, 1);
      this.unacked -= publish.messages.length;
    }
    this.markUnhealthy(`not acknowledged within ${this.opts.ackTimeoutMs} ms`);
    publish.answer(unavailable());
    this.wakeIfIdle();
  }

  private schedule(): void {
    if (this.sending || this.lingerTimer || this.waiting.length === 0) return;
    this.lingerTimer = setTimeout(() => {
      this.lingerTimer = null;
      void this.sendNext();
    }, this.opts.lingerMs);
  }

  private async sendNext(): Promise<void> {
    if (this.sending || this.waiting.length === 0) return;
    const batch: Publish[] = [];
    let count = 0;
    while (this.waiting.length > 0 && (batch.length === 0 || count + this.waiting[0]!.messages.length <= MAX_EVENTS_PER_REQUEST)) {
      const p = this.waiting.shift()!;
      batch.push(p);
      count += p.messages.length;
    }
    this.sending = batch;
    this.sendStartedAt = Date.now();
    try {
      const written = await this.producer.send({
        topic: this.opts.topic,
        acks: -1,
        // gzip: built into Node, no native module; JSON rows shrink several times over
        compression: CompressionTypes.GZIP,
        messages: batch.flatMap((p) => p.messages),
      });
      for (const w of written) this.partitionsWritten.add(w.partition);
      this.markHealthy();
      for (const p of batch) p.answer(null);
    } catch (error) {
      this.markUnhealthy(describe(error));
      for (const p of batch) p.answer(unavailable());
    } finally {
      this.unacked -= count;
      this.sending = null;
    }
    // whatever arrived meanwhile has waited long enough: send it now
    if (this.waiting.length > 0) void this.sendNext();
    else this.wakeIfIdle();
  }

  private wakeIfIdle(): void {
    if (this.isIdle()) for (const wake of this.idleWaiters.splice(0)) wake();
  }

  private markUnhealthy(reason: string): void {
    if (!this.healthy) return;
    this.healthy = false;
    this.opts.log.warn(`kafka: publishing to ${this.opts.topic} failed (${reason}); ingest answers 503 until the broker acknowledges again`);
  }

  private markHealthy(): void {
    if (this.healthy) return;
    this.healthy = true;
    this.opts.log.info(`kafka: publishing to ${this.opts.topic} works again`);
  }
}

function unavailable(): EnqueueRefusal {
  return { reason: 'queue_unavailable', retryAfterS: UNAVAILABLE_RETRY_AFTER_S };
}

export function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
