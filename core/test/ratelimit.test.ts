import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { needEngine } from '../src/test/engines.ts';
import type { RateLimiter } from '../src/ratelimit/rate-limiter.ts';
import { MemoryRateLimiter } from '../src/ratelimit/memory-rate-limiter.ts';
import { RedisRateLimiter } from '../src/ratelimit/redis-rate-limiter.ts';
import { redisTestKeys } from '../src/test/redis-test-keys.ts';

const redis = await needEngine('redis');
const { keyPrefix, connections, connect } = redisTestKeys('rl');

const T0 = Date.now();
let seq = 0;
const fresh = (label: string) => `${label}-${++seq}`;

interface Harness {
  name: string;
  open(): Promise<RateLimiter>;
  shared: boolean;
  skip: string | false;
}

function rateLimitSuite(h: Harness): void {
  describe(`rate limiter: ${h.name}`, { skip: h.skip }, () => {
    test('allows `limit` hits per window, then refuses with the seconds left', async () => {
      const rl = await h.open();
      const key = fresh('ip:192.0.2.1');
      const results = [];
      for (let i = 0; i < 5; i++) results.push(await rl.hit(key, 3, 60_000, T0 + i * 1000));
      assert.deepEqual(results, [
        { allowed: true, remaining: 2, retryAfterS: 0 },
        { allowed: true, remaining: 1, retryAfterS: 0 },
        { allowed: true, remaining: 0, retryAfterS: 0 },
        { allowed: false, remaining: 0, retryAfterS: 57 },
        { allowed: false, remaining: 0, retryAfterS: 56 },
      ]);
    });

    test('a new window starts when the old one ends', async () => {
      const rl = await h.open();
      const key = fresh('account');
      await rl.hit(key, 1, 10_000, T0);
      assert.equal((await rl.hit(key, 1, 10_000, T0 + 9_999)).allowed, false);
      assert.deepEqual(await rl.hit(key, 1, 10_000, T0 + 10_000), { allowed: true, remaining: 0, retryAfterS: 0 });
      assert.deepEqual(await rl.hit(key, 1, 10_000, T0 + 10_500), { allowed: false, remaining: 0, retryAfterS: 10 });
    });

    test('keys are counted apart, and reset forgets one key only', async () => {
      const rl = await h.open();
      const [a, b] = [fresh('a'), fresh('b')];
      await rl.hit(a, 1, 60_000, T0);
      await rl.hit(b, 1, 60_000, T0);
      await rl.reset(a);
      assert.equal((await rl.hit(a, 1, 60_000, T0 + 1)).allowed, true);
      assert.equal((await rl.hit(b, 1, 60_000, T0 + 1)).allowed, false);
    });

    test('a limit of 0 refuses every hit', async () => {
      const rl = await h.open();
      assert.deepEqual(await rl.hit(fresh('zero'), 0, 2_000, T0), { allowed: false, remaining: 0, retryAfterS: 2 });
    });

    test('concurrent hits are all counted', async () => {
      const [one, two] = h.shared ? [await h.open(), await h.open()] : [await h.open(), undefined];
      const key = fresh('burst');
      const hits = await Promise.all(Array.from({ length: 40 }, (_, i) => ((i % 2 ? two : undefined) ?? one).hit(key, 25, 60_000, T0)));
      assert.equal(hits.filter((r) => r.allowed).length, 25);
      assert.deepEqual(hits.map((r) => r.remaining).filter((r) => r > 0).sort((x, y) => x - y), Array.from({ length: 24 }, (_, i) => i + 1));
    });

    test('bad arguments are typed errors', async () => {
      const rl = await h.open();
      await assert.rejects(rl.hit('', 1, 1000, T0), TypeError);
      await assert.rejects(rl.hit('k', -1, 1000, T0), RangeError);
      await assert.rejects(rl.hit('k', 1.5, 1000, T0), RangeError);
      await assert.rejects(rl.hit('k', 1, 0, T0), RangeError);
      await assert.rejects(rl.hit('k', 1, 1000, Number.POSITIVE_INFINITY), RangeError);
    });

    if (h.shared) {
      test('Redis holds only a hash of the key, expiring with the window', async () => {
        const c = connections[0];
        assert.ok(c);
        const rl = await h.open();
        const key = fresh('ip:198.51.100.7');
        await rl.hit(key, 5, 60_000);
        const stored: string[] = [];
        for await (const keys of c.client.scanIterator({ MATCH: `${keyPrefix}*`, COUNT: 1000 })) stored.push(...keys);
        assert.ok(stored.length > 0);
        assert.ok(stored.every((k) => !k.includes('198.51.100.7') && /^[0-9a-f]{32}$/.test(k.slice(keyPrefix.length))));
        const ttls = await Promise.all(stored.map((k) => c.client.pTTL(k)));
        assert.ok(ttls.every((t) => t > 0 && t <= 60_000), `ttls ${ttls}`);
      });
    }
  });
}

rateLimitSuite({ name: 'memory', shared: false, skip: false, open: async () => new MemoryRateLimiter() });

rateLimitSuite({
  name: 'redis',
  shared: true,
  skip: redis.skip,
  open: async () => {
    return new RedisRateLimiter({ connection: await connect('test-ratelimit'), keyPrefix });
  },
});

test('memory: past maxKeys the oldest windows are dropped, so distinct keys cannot grow memory without bound', async () => {
  const rl = new MemoryRateLimiter({ maxKeys: 3 });
  for (const k of ['a', 'b', 'c', 'd']) await rl.hit(k, 1, 60_000, T0);
  // 'a' was dropped: it starts afresh; 'd' is still counted
  assert.equal((await rl.hit('a', 1, 60_000, T0 + 1)).allowed, true);
  assert.equal((await rl.hit('d', 1, 60_000, T0 + 1)).allowed, false);
});
