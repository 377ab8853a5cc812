import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { needEngine } from '../src/test/engines.ts';
import type { PresenceStore } from '../src/presence/presence-store.ts';
import { MemoryPresenceStore } from '../src/presence/memory-presence-store.ts';
import { RedisPresenceStore } from '../src/presence/redis-presence-store.ts';
import { redisTestKeys } from '../src/test/redis-test-keys.ts';

const redis = await needEngine('redis');
const { keyPrefix, connections, connect } = redisTestKeys('presence');

const MINUTE = 60_000;
const NOW = Date.now();
let seq = 0;
const fresh = (label: string) => `${label}-${++seq}`;

interface Harness {
  name: string;
  open(opts?: { retentionMs?: number }): Promise<PresenceStore>;
  shared: boolean;
  skip: string | false;
}

function presenceSuite(h: Harness): void {
  describe(`presence: ${h.name}`, { skip: h.skip }, () => {
    test('counts visitors seen within the window, each on the page of their latest touch', async () => {
      const store = await h.open();
      const site = fresh('site');
      await store.touch(site, 'v1', '/', NOW - 10 * MINUTE); // outside a 5-minute window
      await store.touch(site, 'v2', '/', NOW - 4 * MINUTE);
      await store.touch(site, 'v3', '/pricing', NOW - 2 * MINUTE);
      await store.touch(site, 'v4', '/blog', NOW - MINUTE);
      await store.touch(site, 'v4', '/pricing', NOW); // v4 moved on
      await store.touch(site, 'v5', '/blog', NOW - 5 * MINUTE); // exactly 5 minutes ago: out
      assert.deepEqual(await store.active(site, NOW, 5 * MINUTE), {
        total: 3,
        pages: [{ value: '/pricing', active_visitors: 2 }, { value: '/', active_visitors: 1 }],
      });
      assert.equal((await store.active(site, NOW, 15 * MINUTE)).total, 5);
    });

    test('sites are apart, and an unknown site has nobody', async () => {
      const store = await h.open();
      const [a, b] = [fresh('site'), fresh('site')];
      await store.touch(a, 'v1', '/a', NOW);
      await store.touch(b, 'v1', '/b', NOW);
      await store.touch(b, 'v2', '/b', NOW);
      assert.deepEqual(await store.active(a, NOW, MINUTE), { total: 1, pages: [{ value: '/a', active_visitors: 1 }] });
      assert.deepEqual(await store.active(b, NOW, MINUTE), { total: 2, pages: [{ value: '/b', active_visitors: 2 }] });
      assert.deepEqual(await store.active(fresh('empty'), NOW, MINUTE), { total: 0, pages: [] });
    });

    test('a late touch does not move a visitor back to an older page', async () => {
      const store = await h.open();
      const site = fresh('site');
      await store.touch(site, 'v1', '/new', NOW);
      await store.touch(site, 'v1', '/old', NOW - 2 * MINUTE);
      assert.deepEqual((await store.active(site, NOW, MINUTE)).pages, [{ value: '/new', active_visitors: 1 }]);
    });

    test('pages are ordered by visitors then by page, and limited', async () => {
      const store = await h.open();
      const site = fresh('site');
      const pages = ['/c', '/a', '/b', '/a', '/c', '/a', '/d'];
      for (const [i, page] of pages.entries()) await store.touch(site, `v${i}`, page, NOW - i * 1000);
      const got = await store.active(site, NOW, MINUTE, 3);
      assert.equal(got.total, 7);
      assert.deepEqual(got.pages, [
        { value: '/a', active_visitors: 3 }, { value: '/c', active_visitors: 2 }, { value: '/b', active_visitors: 1 },
      ]);
    });

    test('visitors past the retention window are dropped as others arrive', async () => {
      const store = await h.open({ retentionMs: 10 * MINUTE });
      const site = fresh('site');
      for (let i = 0; i < 20; i++) await store.touch(site, `old${i}`, '/', NOW - 20 * MINUTE);
      await store.touch(site, 'new', '/', NOW);
      assert.equal((await store.active(site, NOW, 10 * MINUTE)).total, 1);
      await assert.rejects(store.active(site, NOW, 11 * MINUTE), RangeError);
    });

    test('bad arguments are typed errors', async () => {
      const store = await h.open();
      await assert.rejects(store.touch('', 'v', '/', NOW), TypeError);
      await assert.rejects(store.touch('s', '', '/', NOW), TypeError);
      await assert.rejects(store.touch('s', 'v', '/', Number.NaN), RangeError);
      await assert.rejects(store.active('s', NOW, 0), RangeError);
      await assert.rejects(store.active('s', NOW, MINUTE, -1), RangeError);
    });

    if (h.shared) {
      test('two instances see the same visitors', async () => {
        const [one, two] = [await h.open(), await h.open()];
        const site = fresh('site');
        await one.touch(site, 'v1', '/x', NOW);
        await two.touch(site, 'v2', '/x', NOW);
        assert.deepEqual(await one.active(site, NOW, MINUTE), await two.active(site, NOW, MINUTE));
        assert.equal((await one.active(site, NOW, MINUTE)).total, 2);
      });

      test('a site’s keys expire with the retention window', async () => {
        const c = connections[0];
        assert.ok(c);
        const store = await h.open({ retentionMs: 10 * MINUTE });
        const site = fresh('site');
        await store.touch(site, 'v1', '/', NOW);
        for (const suffix of ['seen', 'page']) {
          const ttl = await c.client.pTTL(`${keyPrefix}${site}:${suffix}`);
          assert.ok(ttl > 9 * MINUTE && ttl <= 10 * MINUTE, `${suffix} ttl ${ttl}`);
        }
      });
    }
  });
}

presenceSuite({ name: 'memory', shared: false, skip: false, open: async (opts) => new MemoryPresenceStore(opts) });

presenceSuite({
  name: 'redis',
  shared: true,
  skip: redis.skip,
  open: async (opts) => {
    return new RedisPresenceStore({ connection: await connect('test-presence'), keyPrefix, ...opts });
  },
});
