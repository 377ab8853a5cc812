import { MemoryQueue } from '../src/queue/memory-queue.ts';
import { queueContract } from '../src/test/queue-contract.ts';

queueContract('MemoryQueue', async (s) => {
  const queue = new MemoryQueue({ capacity: s.capacity, batchSize: s.batchSize, flushMs: s.flushMs, backoffMs: s.backoffMs });
  return { queue, cleanup: () => queue.close() };
});
