/**
 * The contract every LiveBus meets, run against each implementation by core/test/live*.test.ts:
 * per-site delivery, no update ever reaching another site's subscriber, unsubscribe, fan-out
 * across bus instances (shared buses), and a coalesced 10,000-event burst reaching subscribers
 * as a few updates per second that still count every event.
 */
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import type { LiveBus } from '../live/live-bus.ts';
import type { LiveItem, LiveUpdate } from '../live/live-update.ts';
import { LiveCoalescer } from '../live/coalescer.ts';
import { generateEvents } from './generate-events.ts';
import type { StoredEvent } from '../event/stored.ts';

export interface LiveBusHarness {
  name: string;
  /** a new bus; buses of one harness share their transport when `shared` */
  open(): Promise<LiveBus>;
  /** true when two buses from open() see each other's publishes (separate processes in production) */
  shared: boolean;
  skip?: string | false;
}

export function update(siteId: string, n: number, name = 'pageview'): LiveUpdate {
  const item: LiveItem = { ts: 1_700_000_000_000 + n, name, page: `/p/${n}`, source: 'Google', country: 'DE', device: 'desktop', browser: 'Firefox' };
  return { site_id: siteId, from: item.ts, to: item.ts, total: 1, visits: n % 2, counts: { [name]: 1 }, items: [item] };
}

/** Polls until the condition holds; fails with `what` after timeoutMs. */
export async function waitFor(what: string, condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const LIVE_ITEM_KEYS = ['browser', 'country', 'device', 'name', 'page', 'source', 'ts'];

export function liveBusContract(h: LiveBusHarness): void {
  describe(`LiveBus contract: ${h.name}`, { skip: h.skip ?? false }, () => {
    const opened: LiveBus[] = [];
    async function open(): Promise<LiveBus> {
      const bus = await h.open();
      opened.push(bus);
      return bus;
    }
    after(async () => {
      await Promise.all(opened.map((b) => b.close()));
    });

    test('a subscriber receives the updates published for its site, in order', async () => {
      const bus = await open();
      const got: LiveUpdate[] = [];
      bus.subscribe('site-a', (u) => got.push(u));
      await bus.settled();
      for (let n = 0; n < 5; n++) await bus.publish('site-a', update('site-a', n));
      await waitFor('5 updates', () => got.length === 5);
      assert.deepEqual(got, [0, 1, 2, 3, 4].map((n) => update('site-a', n)));
    });

    test("a subscriber never receives another site's updates, even one whose id starts with its own", async () => {
      const bus = await open();
      const bySub = { one: [] as LiveUpdate[], ten: [] as LiveUpdate[], other: [] as LiveUpdate[] };
      bus.subscribe('site1', (u) => bySub.one.push(u));
      bus.subscribe('site10', (u) => bySub.ten.push(u));
      bus.subscribe('other', (u) => bySub.other.push(u));
      await bus.settled();
      await bus.publish('site10', update('site10', 1));
      await bus.publish('site1', update('site1', 2));
      await bus.publish('site10', update('site10', 3));
      // an update mislabelled by its publisher is stamped with the site it was published to
      await bus.publish('other', update('site1', 4));
      await bus.publish('nobody-listens', update('nobody-listens', 5));
      await waitFor('all deliveries', () => bySub.one.length + bySub.ten.length + bySub.other.length === 4);
      await new Promise((r) => setTimeout(r, 50));
      assert.deepEqual(bySub.one.map((u) => [u.site_id, u.items[0]?.page]), [['site1', '/p/2']]);
      assert.deepEqual(bySub.ten.map((u) => [u.site_id, u.items[0]?.page]), [['site10', '/p/1'], ['site10', '/p/3']]);
      assert.deepEqual(bySub.other.map((u) => [u.site_id, u.items[0]?.page]), [['other', '/p/4']]);
    });

    test('after unsubscribe a listener gets nothing, while the other listeners of the site still do', async () => {
      const bus = await open();
      const gone: LiveUpdate[] = [];
      const stays: LiveUpdate[] = [];
      const unsubscribe = bus.subscribe('site-u', (u) => gone.push(u));
      bus.subscribe('site-u', (u) => stays.push(u));
      await bus.settled();
      await bus.publish('site-u', update('site-u', 1));
      await waitFor('first update on both', () => gone.length === 1 && stays.length === 1);
      unsubscribe();
      unsubscribe(); // twice is harmless
      await bus.settled();
      await bus.publish('site-u', update('site-u', 2));
      await waitFor('second update on the remaining listener', () => stays.length === 2);
      assert.equal(gone.length, 1);
    });

    test('the same function subscribed twice is two subscriptions, each removed once', async () => {
      const bus = await open();
      const got: number[] = [];
      const listener = (u: LiveUpdate) => got.push(u.total);
      const first = bus.subscribe('site-d', listener);
      bus.subscribe('site-d', listener);
      await bus.settled();
      first();
      await bus.publish('site-d', update('site-d', 1));
      await waitFor('one delivery', () => got.length === 1);
      await new Promise((r) => setTimeout(r, 50));
      assert.deepEqual(got, [1]);
    });

    test('a listener that throws does not stop delivery to the others', async () => {
      const bus = await open();
      const got: LiveUpdate[] = [];
      bus.subscribe('site-t', () => {
        throw new Error('broken socket');
      });
      bus.subscribe('site-t', (u) => got.push(u));
      await bus.settled();
      await bus.publish('site-t', update('site-t', 1));
      await waitFor('delivery past the broken listener', () => got.length === 1);
    });

    test('resubscribing to a site right after leaving it still delivers', async () => {
      const bus = await open();
      const got: LiveUpdate[] = [];
      bus.subscribe('site-r', () => undefined)();
      bus.subscribe('site-r', (u) => got.push(u));
      await bus.settled();
      await bus.publish('site-r', update('site-r', 7));
      await waitFor('delivery after resubscribe', () => got.length === 1);
    });

    if (h.shared) {
      test('two bus instances see each other’s publishes (cross-instance fan-out)', async () => {
        const dashboard = await open();
        const consumer = await open();
        const onDashboard: LiveUpdate[] = [];
        const onConsumer: LiveUpdate[] = [];
        dashboard.subscribe('site-x', (u) => onDashboard.push(u));
        consumer.subscribe('site-x', (u) => onConsumer.push(u));
        await Promise.all([dashboard.settled(), consumer.settled()]);
        await consumer.publish('site-x', update('site-x', 1));
        await dashboard.publish('site-x', update('site-x', 2));
        await waitFor('both updates on both instances', () => onDashboard.length === 2 && onConsumer.length === 2);
        assert.deepEqual(onDashboard, [update('site-x', 1), update('site-x', 2)]);
        assert.deepEqual(onConsumer, onDashboard);
      });
    }

    test('a 10,000-event burst through the coalescer: a few updates per second that count every event', async () => {
      const bus = await open();
      const sites = ['site-0', 'site-1'];
      const received = new Map<string, LiveUpdate[]>(sites.map((s) => [s, []]));
      for (const s of sites) bus.subscribe(s, (u) => received.get(s)?.push(u));
      await bus.settled();

      const intervalMs = 100;
      const maxItems = 10;
      const coalescer = new LiveCoalescer(bus, { intervalMs, maxItems });
      const batches = [...generateEvents({ count: 10_000, sites: 2, bigSiteShare: 0.7, days: 1, end: 1_700_000_000_000, seed: 7, batchSize: 400 })];
      const sent = new Map<string, StoredEvent[]>(sites.map((s) => [s, []]));
      const started = Date.now();
      for (const batch of batches) {
        coalescer.add(batch);
        for (const e of batch) sent.get(e.site_id)?.push(e);
        await new Promise((r) => setTimeout(r, 20));
      }
      const elapsed = Date.now() - started;
      await coalescer.close();
      const totalOf = (s: string) => (received.get(s) ?? []).reduce((sum, u) => sum + u.total, 0);
      await waitFor('every event counted', () => sites.every((s) => totalOf(s) === (sent.get(s)?.length ?? -1)));

      assert.equal(sites.reduce((sum, s) => sum + (sent.get(s)?.length ?? 0), 0), 10_000);
      for (const s of sites) {
        const updates = received.get(s) ?? [];
        const events = sent.get(s) ?? [];
        // one update per interval at most, plus the final flush on close
        assert.ok(updates.length <= Math.floor(elapsed / intervalMs) + 2, `${s}: ${updates.length} updates in ${elapsed} ms`);
        assert.ok(updates.length >= 2, `${s}: the burst spans several intervals`);
        const counted: Record<string, number> = {};
        for (const u of updates) {
          assert.equal(u.site_id, s);
          assert.ok(u.items.length <= maxItems);
          for (const [name, n] of Object.entries(u.counts)) counted[name] = (counted[name] ?? 0) + n;
          for (const item of u.items) assert.deepEqual(Object.keys(item).sort(), LIVE_ITEM_KEYS, 'feed items carry no ids');
        }
        const expected: Record<string, number> = {};
        for (const e of events) expected[e.name] = (expected[e.name] ?? 0) + 1;
        assert.deepEqual(counted, expected);
        // the feed shows the latest events: the last update ends with the last events sent
        const last = updates.at(-1);
        assert.deepEqual(last?.items.map((i) => i.ts), events.slice(-maxItems).map((e) => e.ts));
      }
    });
  });
}
