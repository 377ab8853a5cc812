/**
 * Test helper: Redis connections for one test file, under a key prefix of this run only. After
 * the file's tests, every key under the prefix is deleted and the connections are closed.
 */
import { after } from 'node:test';
import { randomBytes } from 'node:crypto';
import { RedisConnection } from '../redis/redis-connection.ts';

export interface RedisTestKeys {
  /** the keys of this run start with it */
  keyPrefix: string;
  /** the connections opened so far, first one first */
  connections: readonly RedisConnection[];
  /** a new connection, ready */
  connect(name: string): Promise<RedisConnection>;
}

/** `namespace` names the file's keys, e.g. 'presence' gives `vigil-test-<random>:presence:`. */
export function redisTestKeys(namespace: string): RedisTestKeys {
  const url = process.env.VIGIL_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
  const keyPrefix = `vigil-test-${randomBytes(6).toString('hex')}:${namespace}:`;
  const connections: RedisConnection[] = [];
  after(async () => {
    const first = connections[0];
    if (first?.isReady) {
      for await (const keys of first.client.scanIterator({ MATCH: `${keyPrefix}*`, COUNT: 1000 })) {
        if (keys.length > 0) await first.client.del(keys);
      }
    }
    await Promise.all(connections.map((c) => c.close()));
  });
  return {
    keyPrefix,
    connections,
    async connect(name) {
      const c = new RedisConnection({ url, name });
      connections.push(c);
      await c.ready();
      return c;
    },
  };
}
