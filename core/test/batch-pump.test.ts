import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BatchPump, type BatchPumpOptions } from '../src/queue/batch-pump.ts';

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

function pump(over: Partial<BatchPumpOptions<number>> & Pick<BatchPumpOptions<number>, 'handle'>): BatchPump<number> {
  return new BatchPump<number>({ batchSize: 3, flushMs: 50, backoffMs: 5, maxBackoffMs: 20, hurry: () => false, ...over });
}

test('a full batch goes at once, a partial one after the flush interval, and each is taken after the consumer has it', async () => {
  const log: string[] = [];
  const p = pump({
    handle: async (b) => void log.push(`handle ${b.join(',')}`),
    taken: async (b) => void log.push(`taken ${b.join(',')}`),
  });
  p.add([1, 2, 3, 4]);
  await settle(10);
  assert.deepEqual(log, ['handle 1,2,3', 'taken 1,2,3'], 'the full batch, not yet the partial one');
  assert.equal(p.pending(), 1);
  await settle(80);
  assert.deepEqual(log.slice(2), ['handle 4', 'taken 4']);
  assert.deepEqual([p.pending(), p.counters.delivered], [0, 4]);
});

test('a failing batch is retried whole with growing backoff until taken; nothing after it overtakes it', async () => {
  const seen: number[][] = [];
  const delays: number[] = [];
  let failures = 3;
  const p = pump({
    handle: async (b) => {
      seen.push([...b]);
      if (failures-- > 0) throw new Error('store down');
    },
    retrying: (_e, _attempt, delay) => delays.push(delay),
  });
  p.add([1, 2, 3, 4, 5, 6]);
  await settle(150);
  assert.deepEqual(seen, [[1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2, 3], [4, 5, 6]]);
  assert.deepEqual(delays, [5, 10, 20]);
  assert.deepEqual([p.counters.retries, p.counters.delivered, p.pending()], [3, 6, 0]);
});

test('stopped while the consumer holds a batch: the batch is not taken, and a retry in backoff ends at once', async () => {
  const taken: number[][] = [];
  let release: () => void = () => {};
  const p = pump({ handle: () => new Promise<void>((r) => (release = r)), taken: async (b) => void taken.push(b) });
  p.add([1, 2, 3]);
  await settle(10);
  const stopped = p.stop();
  release();
  await stopped;
  assert.deepEqual(taken, [], 'a batch that returns after stop is not taken (Kafka reads it again)');

  const failing = pump({ handle: async () => Promise.reject(new Error('down')), maxBackoffMs: 60_000, backoffMs: 60_000 });
  failing.add([1, 2, 3]);
  await settle(10);
  const started = Date.now();
  await failing.stop();
  assert.ok(Date.now() - started < 1000, 'stop did not sit out a minute of backoff');
});

test('hurried, everything waiting goes without waiting to fill a batch; ready gates the start; idle says when all is taken', async () => {
  let hurry = false;
  let ready = false;
  let idle = 0;
  const got: number[][] = [];
  const p = pump({ flushMs: 60_000, handle: async (b) => void got.push(b), hurry: () => hurry, ready: () => ready, idle: () => idle++ });
  p.add([1, 2, 3, 4]);
  await settle(20);
  assert.deepEqual(got, [], 'not ready: nothing handed out');
  ready = true;
  p.schedule();
  await settle(20);
  assert.deepEqual(got, [[1, 2, 3]], 'the full batch; the rest waits for the (long) interval');
  hurry = true;
  p.schedule();
  await settle(20);
  assert.deepEqual(got, [[1, 2, 3], [4]]);
  assert.equal(idle, 1);
});
