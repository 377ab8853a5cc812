/**
 * A Redis restart degrades live features only. A throwaway redis-server is killed and started
 * again under a running pair of buses (a consumer and a dashboard process) and the Redis-backed
 * stores: while it is down every call resolves or fails with RedisUnavailableError, fast; once it
 * is back, live updates flow again without anyone reconnecting by hand, and nothing escaped as
 * an unhandled error.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { needEngine } from '../src/test/engines.ts';
import { waitFor, update } from '../src/test/live-bus-contract.ts';
import { RedisTestServer, freePort } from '../src/redis/redis-test-server.ts';
import { RedisConnection } from '../src/redis/redis-connection.ts';
import { RedisUnavailableError } from '../src/redis/redis-unavailable.ts';
import type { RedisLog } from '../src/redis/redis-log.ts';
import { RedisLiveBus } from '../src/live/redis-live-bus.ts';
import type { LiveUpdate } from '../src/live/live-update.ts';
import { RedisSessionStore } from '../src/session/redis-session-store.ts';
import { SessionStoreWithFallback } from '../src/redis/session-store-with-fallback.ts';
import { RedisRateLimiter } from '../src/ratelimit/redis-rate-limiter.ts';
import { FallbackRateLimiter } from '../src/ratelimit/fallback-rate-limiter.ts';
import { RedisPresenceStore } from '../src/presence/redis-presence-store.ts';
import { sessionRecord } from '../src/test/session-store-contract.ts';

const redis = await needEngine('redis');

const escaped: unknown[] = [];
const onEscape = (e: unknown) => escaped.push(e);
process.on('unhandledRejection', onEscape);
process.on('uncaughtException', onEscape);

const server = new RedisTestServer(await freePort());
const logs: string[] = [];
const log: RedisLog = { warn: (m) => logs.push(`warn ${m}`), info: (m) => logs.push(`info ${m}`) };
const closers: (() => Promise<void>)[] = [];

after(async () => {
  for (const close of closers.reverse()) await close();
  await server.stop();
  process.off('unhandledRejection', onEscape);
  process.off('uncaughtException', onEscape);
});

async function timed<T>(what: string, p: Promise<T>, ms = 3000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took over ${ms} ms while redis was down`)), ms);
  });
  try {
    return await Promise.race([p, limit]);
  } finally {
    clearTimeout(timer);
  }
}

test('a redis restart pauses live updates and shared state, then everything comes back by itself', { skip: redis.skip }, async () => {
  await server.start();
  const connect = async (name: string) => {
    const c = new RedisConnection({ url: server.url, name, log, maxReconnectDelayMs: 200 });
    closers.push(() => c.close());
    await c.ready();
    return c;
  };
  const consumerRedis = await connect('consumer');
  const dashboardRedis = await connect('dashboard');
  const consumerBus = new RedisLiveBus({ connection: consumerRedis });
  const dashboardBus = new RedisLiveBus({ connection: dashboardRedis });
  closers.push(() => consumerBus.close(), () => dashboardBus.close());
  const sessions = new SessionStoreWithFallback({ shared: new RedisSessionStore({ connection: consumerRedis }), log });
  const redisSessions = new RedisSessionStore({ connection: consumerRedis });
  const limiter = new RedisRateLimiter({ connection: consumerRedis });
  const presence = new RedisPresenceStore({ connection: consumerRedis });

  const seen: LiveUpdate[] = [];
  dashboardBus.subscribe('site-a', (u) => seen.push(u));
  await dashboardBus.settled();
  await consumerBus.publish('site-a', update('site-a', 1));
  await waitFor('the update before the restart', () => seen.length === 1);
  const now = Date.now();
  await sessions.put('site-a', sessionRecord('before', now, 'kept-in-redis'));

  await server.stop();
  await waitFor('both connections to notice', () => !consumerRedis.isReady && !dashboardRedis.isReady);

  // live: publishes resolve (dropped), without throwing and without waiting for Redis
  for (let n = 2; n < 6; n++) await timed('publish', consumerBus.publish('site-a', update('site-a', n)));
  // shared state: typed errors the caller can act on
  await assert.rejects(timed('session get', redisSessions.get('site-a', 'before', now)), RedisUnavailableError);
  await assert.rejects(timed('rate limit', limiter.hit('ip', 5, 60_000)), RedisUnavailableError);
  await assert.rejects(timed('presence', presence.touch('site-a', 'v', '/', now)), RedisUnavailableError);
  // ... and the fallbacks keep ingest and login working, per process
  const during = await timed('fallback session', sessions.getOrCreate('site-a', sessionRecord('during', now, 'local'), now));
  assert.equal(during.session_id, 'local');
  assert.equal(sessions.degraded, true);
  const fallbackLimiter = new FallbackRateLimiter(limiter);
  assert.equal((await timed('fallback rate limit', fallbackLimiter.hit('ip', 1, 60_000))).allowed, true);
  assert.equal((await fallbackLimiter.hit('ip', 1, 60_000)).allowed, false);
  assert.equal(seen.length, 1, 'nothing was delivered while redis was down');

  await server.start();
  // the dashboard never subscribes again by hand: its connection resubscribes on reconnect
  let n = 100;
  await waitFor(
    'a live update after the restart',
    () => {
      if (seen.length > 1) return true;
      void consumerBus.publish('site-a', update('site-a', n++));
      return false;
    },
    10_000,
  );
  assert.equal(seen.at(-1)?.site_id, 'site-a');
  assert.ok((seen.at(-1)?.items[0]?.page ?? '').startsWith('/p/1'), 'the update is one published after the restart');

  // shared state works again; the session opened locally during the outage moves to Redis
  const rejoined = await sessions.getOrCreate('site-a', sessionRecord('during', now + 1000, 'another'), now + 1000);
  assert.equal(rejoined.session_id, 'local');
  assert.equal(sessions.degraded, false);
  assert.equal((await redisSessions.get('site-a', 'during', now + 1000))?.session_id, 'local');
  assert.equal((await limiter.hit('ip', 5, 60_000)).remaining, 4);
  await presence.touch('site-a', 'v', '/', Date.now());
  assert.equal((await presence.active('site-a', Date.now(), 60_000)).total, 1);

  // one line per connection when it went and when it came back, one for the dropped updates
  // and one each for the session fallback and its end: an outage does not flood the log
  const count = (re: RegExp) => logs.filter((l) => re.test(l)).length;
  assert.equal(count(/^warn live updates dropped/), 1, logs.join('\n'));
  assert.equal(count(/^warn redis connection "consumer" lost/), 1, logs.join('\n'));
  assert.equal(count(/^warn redis connection "dashboard:live-subscriber" lost/), 1, logs.join('\n'));
  assert.equal(count(/^info redis connection "dashboard:live-subscriber" is back/), 1, logs.join('\n'));
  assert.equal(count(/^warn redis unavailable: sessions are kept per process/), 1, logs.join('\n'));
  assert.equal(count(/^info sessions are shared through redis again/), 1, logs.join('\n'));
  assert.ok(logs.every((l) => !l.includes(server.url) && !l.includes('before') && !l.includes('during')), 'no addresses or ids logged');

  assert.deepEqual(escaped, [], 'no unhandled error escaped');
});

test('a process started before redis runs degraded, then goes live when redis appears', { skip: redis.skip }, async () => {
  const late = new RedisTestServer(await freePort());
  closers.push(() => late.stop());
  const quiet: RedisLog = { warn: () => undefined, info: () => undefined };
  const c = new RedisConnection({ url: late.url, name: 'early', log: quiet, maxReconnectDelayMs: 200 });
  closers.push(() => c.close());
  await assert.rejects(c.ready(300), RedisUnavailableError);
  const bus = new RedisLiveBus({ connection: c });
  closers.push(() => bus.close());
  const seen: LiveUpdate[] = [];
  bus.subscribe('site-b', (u) => seen.push(u));
  await timed('publish before redis exists', bus.publish('site-b', update('site-b', 1)));
  await late.start();
  await c.ready();
  let n = 10;
  await waitFor(
    'a live update once redis runs',
    () => {
      if (seen.length > 0) return true;
      void bus.publish('site-b', update('site-b', n++));
      return false;
    },
    10_000,
  );
  assert.equal(seen[0]?.site_id, 'site-b');
  assert.deepEqual(escaped, [], 'no unhandled error escaped');
});
