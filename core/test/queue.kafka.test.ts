/**
 * The Kafka queue against a real broker (bash scripts/engines/kafka.sh start): the queue contract,
 * then what only a distributed queue has to get right: a consumer group splitting the work, a
 * consumer dying before its commit, and no broker at all.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { Kafka, logLevel } from 'kafkajs';
import type { StoredEvent } from '../src/event/stored.ts';
import { openKafkaQueue, type KafkaQueue, type KafkaQueueOptions } from '../src/queue/kafka-queue.ts';
import { KafkaQueueConfigError, type KafkaLog } from '../src/queue/kafka-options.ts';
import { needEngine } from '../src/test/engines.ts';
import { contractEvents, idsByVisitor, queueContract, waitFor } from '../src/test/queue-contract.ts';

const kafka = await needEngine('kafka');
const broker = process.env.VIGIL_TEST_KAFKA ?? '127.0.0.1:9092';
const run = `${Date.now().toString(36)}-${process.pid}`;
let topicCount = 0;
const topics: string[] = [];
const groups: string[] = [];
const warnings: string[] = [];
const log: KafkaLog = { warn: (m) => warnings.push(m), info: () => {} };

/** A topic and group of their own, removed when the file ends. */
function fresh(): { topic: string; groupId: string } {
  const n = ++topicCount;
  const names = { topic: `vigil.test.${run}.${n}`, groupId: `vigil-test-${run}-${n}` };
  topics.push(names.topic);
  groups.push(names.groupId);
  return names;
}

function open(names: { topic: string; groupId: string }, opts: Partial<KafkaQueueOptions> = {}): Promise<KafkaQueue> {
  return openKafkaQueue({ brokers: [broker], ...names, batchSize: 100, flushMs: 200, bufferMax: 10_000, log, ...opts });
}

after(async () => {
  if (kafka.skip || topics.length === 0) return;
  const admin = new Kafka({ brokers: [broker], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  // only names that exist: kafkajs retries an unknown topic until its timeout
  const liveGroups = new Set((await admin.listGroups()).groups.map((g) => g.groupId));
  await admin.deleteGroups(groups.filter((g) => liveGroups.has(g))).catch(() => {});
  const liveTopics = new Set(await admin.listTopics());
  await admin.deleteTopics({ topics: topics.filter((t) => liveTopics.has(t)) });
  await admin.disconnect();
});

queueContract(
  'KafkaQueue',
  async (s) => {
    const queue = await open(fresh(), { batchSize: s.batchSize, flushMs: s.flushMs, backoffMs: s.backoffMs, bufferMax: s.capacity });
    return { queue, cleanup: () => queue.close() };
  },
  { skip: kafka.skip },
);

describe('KafkaQueue on a real broker', { skip: kafka.skip }, () => {
  it('two consumers in one group split the partitions and together see every event once', async () => {
    const names = fresh();
    const a = await open(names, { partitions: 4 });
    const b = await open(names);
    const gotA: StoredEvent[] = [];
    const gotB: StoredEvent[] = [];
    try {
      await a.consume(async (batch) => { gotA.push(...batch); });
      await b.consume(async (batch) => { gotB.push(...batch); });
      await waitFor(
        'both members to hold partitions',
        () => a.assignedPartitions().length > 0 && b.assignedPartitions().length > 0 && a.assignedPartitions().length + b.assignedPartitions().length === 4,
        30_000,
      );
      assert.deepEqual([...a.assignedPartitions(), ...b.assignedPartitions()].sort(), [0, 1, 2, 3]);

      const sent = contractEvents(400, 40, 1000);
      for (let k = 0; k < sent.length; k += 50) assert.equal(await a.enqueue(sent.slice(k, k + 50)), null);
      await waitFor('400 events between the two', () => gotA.length + gotB.length >= sent.length, 30_000);
      await new Promise((r) => setTimeout(r, 300));

      const all = [...gotA, ...gotB];
      assert.equal(all.length, sent.length, 'an event was delivered twice');
      assert.deepEqual(new Set(all.map((e) => e.id)), new Set(sent.map((e) => e.id)));
      assert.ok(gotA.length > 0 && gotB.length > 0, `one member did all the work (${gotA.length} / ${gotB.length})`);
      const visitorsA = new Set(idsByVisitor(gotA).keys());
      for (const v of idsByVisitor(gotB).keys()) assert.ok(!visitorsA.has(v), `visitor ${v} was split between members`);
      assert.deepEqual(new Map([...idsByVisitor(gotA), ...idsByVisitor(gotB)]), idsByVisitor(sent));
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('a consumer closed before committing leaves its batch to the next one, which sees the same events', async () => {
    const names = fresh();
    const publisher = await open(names);
    const first = await open(names, { batchSize: 100, flushMs: 200 });
    const handledByFirst: string[][] = [];
    let hang = false;
    await first.consume(async (batch) => {
      handledByFirst.push(batch.map((e) => e.id));
      if (hang) await new Promise(() => {}); // dies mid-batch: the handler never returns
    });
    const committed = contractEvents(6, 3, 2000);
    const uncommitted = contractEvents(6, 3, 3000);
    let restarted: KafkaQueue | null = null;
    try {
      assert.equal(await publisher.enqueue(committed), null);
      await waitFor('the first batch handled and committed', () => first.stats().delivered === committed.length, 30_000);
      hang = true;
      assert.equal(await publisher.enqueue(uncommitted), null);
      await waitFor('the second batch with the handler', () => handledByFirst.flat().length >= 12, 30_000);
      await first.close();

      restarted = await open(names, { batchSize: 100, flushMs: 200 });
      const replayed: StoredEvent[] = [];
      await restarted.consume(async (batch) => { replayed.push(...batch); });
      await waitFor('the uncommitted events again', () => replayed.length >= uncommitted.length, 30_000);
      await new Promise((r) => setTimeout(r, 500));
      assert.deepEqual(
        replayed.map((e) => e.id).sort(),
        uncommitted.map((e) => e.id).sort(),
        'the restarted consumer should see exactly the uncommitted events, with the same ids',
      );
      const sentById = new Map(uncommitted.map((e) => [e.id, e]));
      for (const e of replayed) assert.deepEqual(e, sentById.get(e.id));
      assert.deepEqual(idsByVisitor(replayed), idsByVisitor(uncommitted));
    } finally {
      await first.close();
      await restarted?.close();
      await publisher.close();
    }
  });

  it('a consumer that crashes (its topic deleted under it) is replaced: the topic comes back and later events are delivered', async () => {
    const names = fresh();
    const queue = await open(names, { partitions: 1 });
    const admin = new Kafka({ brokers: [broker], logLevel: logLevel.NOTHING }).admin();
    const got: StoredEvent[] = [];
    try {
      await admin.connect();
      await queue.consume(async (batch) => { got.push(...batch); });
      const before = contractEvents(5, 2, 5000);
      assert.equal(await queue.enqueue(before), null);
      await waitFor('the first events', () => got.length >= before.length, 30_000);

      const warned = warnings.length;
      await admin.deleteTopics({ topics: [names.topic] });
      await waitFor('the consumer replaced', () => warnings.slice(warned).some((w) => w.includes('a new group member takes over')), 30_000);
      await waitFor('the topic back and a partition held', async () => (await admin.listTopics()).includes(names.topic) && queue.assignedPartitions().length === 1, 30_000, 200);

      const after = contractEvents(5, 2, 6000);
      await waitFor('the queue taking events again', async () => (await queue.enqueue(after)) === null, 30_000, 500);
      await waitFor('the later events', () => after.every((e) => got.some((g) => g.id === e.id)), 30_000);
      // counted once the handler's promise resolved, a moment after it saw them
      await waitFor('the count to carry over the replacement', () => queue.stats().delivered >= before.length + after.length, 10_000);
    } finally {
      await admin.disconnect();
      await queue.close();
    }
  });

  it('skips a message that is not a Vigil event, counts it, and delivers the rest', async () => {
    const names = fresh();
    const queue = await open(names, { partitions: 1 });
    const got: StoredEvent[] = [];
    const raw = new Kafka({ brokers: [broker], logLevel: logLevel.NOTHING }).producer();
    try {
      await raw.connect();
      await raw.send({ topic: names.topic, messages: [{ value: 'not json {' }, { value: JSON.stringify({ id: 'x' }) }] });
      const sent = contractEvents(5, 2, 4000);
      assert.equal(await queue.enqueue(sent), null);
      await queue.consume(async (batch) => { got.push(...batch); });
      await waitFor('the 5 valid events', () => got.length >= 5, 30_000);
      assert.deepEqual(got.map((e) => e.id), sent.map((e) => e.id));
      assert.equal(queue.stats().malformed, 2);
      assert.ok(warnings.some((w) => w.includes('malformed message') && !w.includes('not json')), 'logs where, never what');
    } finally {
      await raw.disconnect();
      await queue.close();
    }
  });
});

describe('KafkaQueue without a broker', () => {
  it('answers queue_unavailable within a bounded time when no broker answers', async () => {
    const port = await closedPort();
    const started = Date.now();
    const queue = await openKafkaQueue({ brokers: [`127.0.0.1:${port}`], ...fresh(), batchSize: 10, flushMs: 100, bufferMax: 100, log });
    try {
      assert.ok(Date.now() - started < 10_000, `opening took ${Date.now() - started} ms`);
      const asked = Date.now();
      const refusal = await queue.enqueue(contractEvents(3, 1));
      assert.ok(Date.now() - asked < 1_000, `enqueue took ${Date.now() - asked} ms to refuse`);
      assert.equal(refusal?.reason, 'queue_unavailable');
      assert.ok(refusal.retryAfterS >= 1);
      assert.equal(queue.stats().connected, false);
      assert.equal(queue.stats().enqueued, 0);
    } finally {
      await queue.close();
    }
  });

  it('rejects a malformed broker address or topic with a clear error', async () => {
    await assert.rejects(openKafkaQueue({ brokers: ['http://kafka'], batchSize: 1, flushMs: 1, bufferMax: 1 }), KafkaQueueConfigError);
    await assert.rejects(openKafkaQueue({ brokers: [], batchSize: 1, flushMs: 1, bufferMax: 1 }), /at least one/);
    await assert.rejects(openKafkaQueue({ brokers: [broker], topic: 'bad topic!', batchSize: 1, flushMs: 1, bufferMax: 1 }), /characters/);
  });
});

/** A loopback port nothing listens on. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
