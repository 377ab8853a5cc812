import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryQueue } from '@vigil/core/queue/memory-queue';
import type { StoredEvent } from '@vigil/core/event/stored';
import { enqueueEvents } from '../../src/pipeline/steps/enqueue.ts';
import { draftOf } from '../support/drafts.ts';

const events = (n: number): StoredEvent[] => Array.from({ length: n }, () => draftOf().event);

test('a batch is taken whole and reaches the consumer', async () => {
  const queue = new MemoryQueue({ capacity: 10, batchSize: 100, flushMs: 10 });
  const delivered: StoredEvent[] = [];
  await queue.consume(async (batch) => { delivered.push(...batch); });
  const batch = events(3);
  assert.equal(await enqueueEvents(queue, batch), null);
  await queue.drain();
  assert.deepEqual(delivered.map((e) => e.id), batch.map((e) => e.id));
  await queue.close();
});

test('a batch that does not fit is refused whole, with a retry hint', async () => {
  const queue = new MemoryQueue({ capacity: 4, batchSize: 2, flushMs: 1000 });
  assert.equal(await enqueueEvents(queue, events(3)), null);
  const refusal = await enqueueEvents(queue, events(2));
  assert.equal(refusal?.reason, 'queue_full');
  assert.ok((refusal?.retryAfterS ?? 0) >= 1);
  assert.equal(queue.stats().pending, 3, 'nothing of the refused batch was taken');
  assert.equal(await enqueueEvents(queue, []), null, 'an empty batch is a no-op');
  await queue.close();
});
