/**
 * Cluster mode's queue: Apache Kafka behind the EventQueue interface. Ingest nodes publish,
 * consumer nodes join one consumer group and share the topic's partitions; adding a consumer node
 * is starting one more member (up to one per partition).
 *
 * The queue opens even when no broker answers yet: enqueue then answers queue_unavailable (ingest
 * says 503 with Retry-After) while it keeps connecting in the background, so an ingest node that
 * starts before Kafka serves as soon as Kafka does, instead of crash-looping.
 */
import { Kafka, Partitioners, type Admin, type Producer } from 'kafkajs';
import type { StoredEvent } from '../event/stored.ts';
import type { BatchHandler, EnqueueRefusal, EventQueue, QueueStats } from './event-queue.ts';
import { KafkaBatchConsumer, type PartitionOffsets } from './kafka-batch-consumer.ts';
import { kafkajsLogCreator } from './kafka-log.ts';
import { resolveKafkaQueueOptions, type KafkaQueueOptions, type ResolvedKafkaQueueOptions } from './kafka-options.ts';
import { KafkaPublisher, describe } from './kafka-publisher.ts';
import { ensureTopic } from './kafka-topic.ts';

export type { KafkaQueueOptions } from './kafka-options.ts';

export interface KafkaQueueStats extends QueueStats {
  /** the brokers answered and the topic exists */
  connected: boolean;
  /** messages in the topic that were not Vigil events (skipped, counted) */
  malformed: number;
}

type ConsumerCounts = KafkaBatchConsumer['counters'];
const NO_COUNTS: ConsumerCounts = { delivered: 0, retries: 0, malformed: 0 };
const addCounters = (a: ConsumerCounts, b: ConsumerCounts): ConsumerCounts => ({
  delivered: a.delivered + b.delivered,
  retries: a.retries + b.retries,
  malformed: a.malformed + b.malformed,
});

const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 30_000;

/** Opens a queue on the brokers: creates the topic when missing, connects the producer. */
export async function openKafkaQueue(opts: KafkaQueueOptions): Promise<KafkaQueue> {
  const queue = new KafkaQueue(resolveKafkaQueueOptions(opts));
  await queue.connect();
  return queue;
}

export class KafkaQueue implements EventQueue {
  private readonly kafka: Kafka;
  private readonly admin: Admin;
  private readonly producer: Producer;
  private readonly publisher: KafkaPublisher;
  private consumer: KafkaBatchConsumer | null = null;
  private handler: BatchHandler | null = null;
  private connected = false;
  private connecting: Promise<void> | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private reconnectDelay = RECONNECT_MIN_MS;
  private accepting = true;
  private closed = false;
  /** what consumers replaced after a crash had counted */
  private retired: ConsumerCounts = NO_COUNTS;

  constructor(private readonly opts: ResolvedKafkaQueueOptions) {
    this.kafka = new Kafka({
      clientId: opts.clientId,
      brokers: opts.brokers,
      connectionTimeout: 1000,
      // short retries at this level: the queue's own reconnect loop and the ack timeout bound the waits
      retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 1000 },
      logCreator: kafkajsLogCreator(opts.log),
    });
    this.admin = this.kafka.admin();
    this.producer = this.kafka.producer({
      // Idempotent: a produce request retried after a lost answer is not written twice, and
      // retries cannot reorder a partition. kafkajs allows it with one request in flight and
      // unlimited retries (the publisher's ack timeout is what bounds a caller's wait).
      idempotent: true,
      maxInFlightRequests: 1,
      retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 100, maxRetryTime: 2000 },
      allowAutoTopicCreation: false,
      // the Java client's murmur2 partitioner: the same key lands in the same partition from any client
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    this.publisher = new KafkaPublisher(this.producer, {
      topic: opts.topic,
      bufferMax: opts.bufferMax,
      ackTimeoutMs: opts.ackTimeoutMs,
      lingerMs: opts.lingerMs,
      log: opts.log,
    });
  }

  /** One connection attempt now; when it fails, keeps trying in the background with backoff. */
  async connect(): Promise<void> {
    this.connecting ??= this.tryConnect().finally(() => { this.connecting = null; });
    await this.connecting;
  }

  async enqueue(events: StoredEvent[]): Promise<EnqueueRefusal | null> {
    if (!this.accepting || !this.connected) return { reason: 'queue_unavailable', retryAfterS: 5 };
    if (events.length === 0) return null;
    return this.publisher.publish(events);
  }

  async consume(handler: BatchHandler): Promise<void> {
    if (this.handler) throw new Error('a KafkaQueue has one consumer; open another queue to add a group member');
    this.handler = handler;
    if (!this.connected) return; // the reconnect loop starts it
    try {
      await this.startConsumer();
    } catch (error) {
      this.scheduleReconnect(error);
    }
  }

  stats(): KafkaQueueStats {
    const consumer = addCounters(this.retired, this.consumer?.counters ?? NO_COUNTS);
    return {
      pending: this.publisher.unacked + (this.consumer?.pending() ?? 0),
      capacity: this.opts.bufferMax,
      enqueued: this.publisher.acknowledged,
      delivered: consumer.delivered,
      retries: consumer.retries,
      malformed: consumer.malformed,
      connected: this.connected,
    };
  }

  /** Partitions of the topic this queue's consumer holds in the group right now. */
  assignedPartitions(): number[] {
    return this.consumer?.assignedPartitions() ?? [];
  }

  /**
   * Stops taking events and waits for the broker to acknowledge what was taken. A consuming queue
   * then hands out what it fetched and, when it published too, reads on until it handled what it
   * published on the partitions it holds; it commits and leaves the group.
   */
  async drain(): Promise<void> {
    this.accepting = false;
    await this.publisher.flush();
    if (!this.consumer) return;
    const targets = this.connected ? await this.endOffsets([...this.publisher.partitionsWritten]) : new Map();
    await this.consumer.drain(targets, () => this.committedOffsets(), this.opts.drainTimeoutMs);
  }

  /** Leaves the group without committing a batch still with the handler; stops publishing. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.accepting = false;
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    await this.connecting?.catch(() => {});
    this.publisher.abandon();
    await this.consumer?.close().catch((e) => this.opts.log.warn(`kafka: leaving the group failed (${describe(e)})`));
    await this.producer.disconnect().catch(() => {});
    await this.admin.disconnect().catch(() => {});
  }

  private async tryConnect(): Promise<void> {
    if (this.closed) return;
    try {
      await this.admin.connect();
      await ensureTopic(this.admin, this.opts.topic, this.opts.partitions);
      await this.producer.connect();
      if (!this.connected) this.opts.log.info(`kafka: connected, topic ${this.opts.topic}`);
      this.connected = true;
      this.reconnectDelay = RECONNECT_MIN_MS;
      if (this.handler && !this.consumer) await this.startConsumer();
    } catch (error) {
      this.scheduleReconnect(error);
    }
  }

  private scheduleReconnect(error: unknown, what = `brokers ${this.opts.brokers.join(',')} not ready`): void {
    if (this.closed || this.reconnectTimer) return;
    this.opts.log.warn(`kafka: ${what} (${describe(error)}); retrying in ${this.reconnectDelay} ms`);
    this.reconnectTimer = setTimeout(() => { this.reconnectTimer = null; void this.connect(); }, this.reconnectDelay);
    this.reconnectDelay = Math.min(this.reconnectDelay * 2, RECONNECT_MAX_MS);
  }

  private async startConsumer(): Promise<void> {
    if (this.consumer || !this.handler || this.closed) return;
    const member = this.kafka.consumer({
      groupId: this.opts.groupId,
      sessionTimeout: 10_000,
      // a joining member is noticed within a second, so adding a consumer node rebalances quickly
      heartbeatInterval: 1000,
      // an idle fetch returns at least this often, which bounds how long leaving the group takes
      maxWaitTimeInMs: Math.min(1000, Math.max(100, this.opts.flushMs)),
      allowAutoTopicCreation: false,
      // Restarts are ours (see replaceCrashed): kafkajs leaves a consumer stopped for good after
      // some errors (kafkajs#1630, a group coordinator not found on a broker still starting), and
      // its own restart cannot bring back a deleted topic.
      retry: { restartOnFailure: async () => false },
    });
    const consumer = new KafkaBatchConsumer(member, this.opts, this.handler);
    member.on(member.events.CRASH, ({ payload }) => void this.replaceCrashed(consumer, payload.error));
    this.consumer = consumer;
    try {
      await consumer.start();
    } catch (error) {
      this.consumer = null;
      await consumer.close().catch(() => {});
      throw error;
    }
  }

  /**
   * A consumer that crashed has left the group; a new member takes its place through the reconnect
   * loop, which also recreates a missing topic. What the old one fetched and did not commit is
   * read again by the new one (the stores de-duplicate by event id).
   */
  private async replaceCrashed(crashed: KafkaBatchConsumer, error: unknown): Promise<void> {
    if (this.closed || this.consumer !== crashed) return;
    this.consumer = null;
    this.retired = addCounters(this.retired, crashed.counters);
    await crashed.close().catch(() => {});
    this.scheduleReconnect(error, 'the consumer stopped; a new group member takes over');
  }

  private async endOffsets(partitions: number[]): Promise<PartitionOffsets> {
    if (partitions.length === 0) return new Map();
    const all = await this.admin.fetchTopicOffsets(this.opts.topic);
    return new Map(all.filter((o) => partitions.includes(o.partition)).map((o) => [o.partition, BigInt(o.high)]));
  }

  private async committedOffsets(): Promise<PartitionOffsets> {
    const [topic] = await this.admin.fetchOffsets({ groupId: this.opts.groupId, topics: [this.opts.topic] });
    return new Map((topic?.partitions ?? []).map((p) => [p.partition, BigInt(p.offset)]));
  }
}
