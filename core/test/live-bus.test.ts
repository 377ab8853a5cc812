import { after } from 'node:test';
import { randomBytes } from 'node:crypto';
import { needEngine } from '../src/test/engines.ts';
import { liveBusContract } from '../src/test/live-bus-contract.ts';
import { InProcessLiveBus } from '../src/live/in-process-live-bus.ts';
import { RedisLiveBus } from '../src/live/redis-live-bus.ts';
import { RedisConnection } from '../src/redis/redis-connection.ts';

const redis = await needEngine('redis');
const url = process.env.VIGIL_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
// channels of this run only, so parallel runs on one Redis cannot see each other
const channelPrefix = `vigil-test-${randomBytes(6).toString('hex')}:live:`;
const connections: RedisConnection[] = [];
after(async () => {
  await Promise.all(connections.map((c) => c.close()));
});

liveBusContract({ name: 'in-process', shared: false, open: async () => new InProcessLiveBus() });

liveBusContract({
  name: 'redis',
  shared: true,
  skip: redis.skip,
  open: async () => {
    // one connection per bus, as each process has its own
    const connection = new RedisConnection({ url, name: 'test-live' });
    connections.push(connection);
    await connection.ready();
    return new RedisLiveBus({ connection, channelPrefix });
  },
});
