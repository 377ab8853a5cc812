import { test } from 'node:test';
import assert from 'node:assert/strict';
import { needEngine } from '../src/test/engines.ts';
import { sessionRecord, sessionStoreContract } from '../src/test/session-store-contract.ts';
import { MemorySessionStore } from '../src/session/memory-session-store.ts';
import { RedisSessionStore } from '../src/session/redis-session-store.ts';
import { SESSION_TIMEOUT_MS } from '../src/session/session-store.ts';
import { redisTestKeys } from '../src/test/redis-test-keys.ts';

const redis = await needEngine('redis');
// keys of this run only, removed at the end
const { keyPrefix, connect } = redisTestKeys('session');
const connection = () => connect('test-sessions');

const T0 = Date.UTC(2025, 0, 1, 12);
sessionStoreContract({
  name: 'memory',
  shared: false,
  now: () => T0,
  open: async () => new MemorySessionStore({ clock: () => T0 }),
});

sessionStoreContract({
  name: 'redis',
  shared: true,
  now: Date.now,
  skip: redis.skip,
  open: async () => new RedisSessionStore({ connection: await connection(), keyPrefix }),
});

test('redis: the key carries the session expiry, and Redis forgets the session when it ends', { skip: redis.skip }, async () => {
  const c = await connection();
  const store = new RedisSessionStore({ connection: c, keyPrefix });
  const now = Date.now();
  // idle for 30 minutes less 300 ms: Redis must drop it about 300 ms from now
  await store.put('site1', sessionRecord('ending', now - SESSION_TIMEOUT_MS + 300));
  await store.put('site1', sessionRecord('fresh', now));
  const ttl = await c.client.pTTL(`${keyPrefix}site1:fresh`);
  assert.ok(ttl > SESSION_TIMEOUT_MS - 5_000 && ttl <= SESSION_TIMEOUT_MS, `fresh session ttl ${ttl}`);
  assert.ok(await c.client.exists(`${keyPrefix}site1:ending`));
  await new Promise((r) => setTimeout(r, 450));
  assert.equal(await c.client.exists(`${keyPrefix}site1:ending`), 0);
  // asked with a stale `now`, the store still cannot return what Redis has dropped
  assert.equal(await store.get('site1', 'ending', now), null);
  assert.ok(await store.get('site1', 'fresh', Date.now()));
});

test('redis: a value that is not a session record reads as no session and is replaced by getOrCreate', { skip: redis.skip }, async () => {
  const c = await connection();
  const store = new RedisSessionStore({ connection: c, keyPrefix });
  const now = Date.now();
  await c.client.set(`${keyPrefix}site1:garbled`, '{"session_id": 5', { expiration: { type: 'PX', value: 60_000 } });
  assert.equal(await store.get('site1', 'garbled', now), null);
  const got = await store.getOrCreate('site1', sessionRecord('garbled', now, 'healed'), now);
  assert.equal(got.session_id, 'healed');
  assert.equal((await store.get('site1', 'garbled', now))?.session_id, 'healed');
});

test('redis: site and visitor ids with separators cannot collide', { skip: redis.skip }, async () => {
  const store = new RedisSessionStore({ connection: await connection(), keyPrefix });
  const now = Date.now();
  await store.put('a:b', sessionRecord('c', now, 'one'));
  await store.put('a', sessionRecord('b:c', now, 'two'));
  assert.equal((await store.get('a:b', 'c', now))?.session_id, 'one');
  assert.equal((await store.get('a', 'b:c', now))?.session_id, 'two');
});
