import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryQueue } from '../src/queue/memory-queue.ts';
import type { StoredEvent } from '../src/event/stored.ts';

const ev = (i: number) => ({ id: `e${i}` }) as StoredEvent;
const events = (n: number, from = 0) => Array.from({ length: n }, (_, i) => ev(from + i));

describe('MemoryQueue', () => {
  it('delivers a full batch at once and a partial one after flushMs', async () => {
    const q = new MemoryQueue({ capacity: 100, batchSize: 10, flushMs: 150 });
    const seen: number[] = [];
    const started = Date.now();
    const times: number[] = [];
    await q.consume(async (b) => { seen.push(b.length); times.push(Date.now() - started); });
    await q.enqueue(events(10));
    await q.enqueue(events(3, 10));
    await new Promise((r) => setTimeout(r, 400));
    assert.deepEqual(seen, [10, 3]);
    assert.ok(times[0]! < 100, `full batch went out after ${times[0]} ms`);
    assert.ok(times[1]! >= 140, `partial batch waited ${times[1]} ms`);
    assert.equal(q.stats().delivered, 13);
    await q.close();
  });

  it('refuses past capacity with a Retry-After, counting unacknowledged events', async () => {
    const q = new MemoryQueue({ capacity: 5, batchSize: 2, flushMs: 1000 });
    assert.equal(await q.enqueue(events(5)), null);
    const refusal = await q.enqueue(events(1, 5));
    assert.equal(refusal?.reason, 'queue_full');
    assert.ok(refusal!.retryAfterS >= 1);
    assert.equal(q.stats().pending, 5);
    await q.close();
  });

  it('retries a failing batch until the handler takes it, losing and duplicating nothing', async () => {
    let failures = 3;
    const got: string[] = [];
    const q = new MemoryQueue({ capacity: 100, batchSize: 4, flushMs: 20, backoffMs: 10 });
    await q.consume(async (b) => {
      if (failures-- > 0) throw new Error('store down');
      got.push(...b.map((e) => e.id));
    });
    await q.enqueue(events(10));
    await q.drain();
    assert.deepEqual(got, events(10).map((e) => e.id));
    assert.equal(q.stats().retries, 3);
    assert.equal(q.stats().pending, 0);
  });

  it('drain delivers everything accepted and then refuses new events', async () => {
    const got: string[] = [];
    const q = new MemoryQueue({ capacity: 10_000, batchSize: 100, flushMs: 5_000 });
    await q.consume(async (b) => { await new Promise((r) => setTimeout(r, 5)); got.push(...b.map((e) => e.id)); });
    for (let i = 0; i < 25; i++) await q.enqueue(events(37, i * 37));
    await q.drain();
    assert.equal(got.length, 25 * 37);
    assert.equal(new Set(got).size, 25 * 37);
    assert.equal((await q.enqueue(events(1)))?.reason, 'queue_unavailable');
  });
});
