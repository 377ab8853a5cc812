import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InProcessLiveBus } from '../src/live/in-process-live-bus.ts';
import { LiveCoalescer } from '../src/live/coalescer.ts';
import type { LiveUpdate } from '../src/live/live-update.ts';
import { generateEvents } from '../src/test/generate-events.ts';
import { waitFor } from '../src/test/live-bus-contract.ts';
import type { StoredEvent } from '../src/event/stored.ts';

const sample = [...generateEvents({ count: 50, sites: 1, bigSiteShare: 1, days: 1, end: 1_700_000_000_000, seed: 3, batchSize: 50 })].flat();
const first = sample[0];
if (!first) throw new Error('the generator made no events');
const event = (over: Partial<StoredEvent>): StoredEvent => ({ ...first, ...over });

test('events within one interval become one update: counts by name, the latest items, the time span', async () => {
  const bus = new InProcessLiveBus();
  const got: LiveUpdate[] = [];
  bus.subscribe('s1', (u) => got.push(u));
  const coalescer = new LiveCoalescer(bus, { intervalMs: 30, maxItems: 3 });
  coalescer.add([
    event({ site_id: 's1', ts: 5, name: 'pageview', page: '/a' }),
    event({ site_id: 's1', ts: 2, name: 'signup', page: '/b' }),
    event({ site_id: 's1', ts: 9, name: 'pageview', page: '/c' }),
    event({ site_id: 's1', ts: 7, name: 'pageview', page: '/d' }),
  ]);
  await waitFor('the update', () => got.length === 1);
  const [u] = got;
  assert.equal(u?.total, 4);
  assert.deepEqual(u?.counts, { pageview: 3, signup: 1 });
  assert.deepEqual([u?.from, u?.to], [2, 9]);
  assert.deepEqual(u?.items.map((i) => i.page), ['/b', '/c', '/d']);
  await coalescer.close();
  assert.equal(got.length, 1, 'nothing was pending at close');
});

test('distinct event names are capped; the rest still count in the total', async () => {
  const bus = new InProcessLiveBus();
  const got: LiveUpdate[] = [];
  bus.subscribe('s1', (u) => got.push(u));
  const coalescer = new LiveCoalescer(bus, { intervalMs: 1000, maxNames: 2 });
  coalescer.add(['a', 'b', 'c', 'a', 'd'].map((name) => event({ site_id: 's1', name })));
  await coalescer.close();
  await waitFor('the update on close', () => got.length === 1);
  assert.equal(got[0]?.total, 5);
  assert.deepEqual(got[0]?.counts, { a: 2, b: 1 });
});

test('after close no more events are taken, and bad options are a RangeError', async () => {
  const bus = new InProcessLiveBus();
  const got: LiveUpdate[] = [];
  bus.subscribe('s1', (u) => got.push(u));
  const coalescer = new LiveCoalescer(bus, { intervalMs: 10 });
  await coalescer.close();
  coalescer.add([event({ site_id: 's1' })]);
  await new Promise((r) => setTimeout(r, 40));
  assert.equal(got.length, 0);
  assert.throws(() => new LiveCoalescer(bus, { intervalMs: 0 }), RangeError);
  assert.throws(() => new LiveCoalescer(bus, { maxItems: 1.5 }), RangeError);
});

test('a bus whose publish rejects does not break the coalescer', async () => {
  const failing = new InProcessLiveBus();
  failing.publish = () => Promise.reject(new Error('down'));
  const coalescer = new LiveCoalescer(failing, { intervalMs: 10 });
  coalescer.add([event({ site_id: 's1' })]);
  await assert.doesNotReject(coalescer.flush());
  coalescer.add([event({ site_id: 's1' })]);
  await assert.doesNotReject(coalescer.close());
});

test('visits the events opened are counted with their own site', async () => {
  const bus = new InProcessLiveBus();
  const got: LiveUpdate[] = [];
  for (const site of ['s1', 's2']) bus.subscribe(site, (u) => got.push(u));
  const coalescer = new LiveCoalescer(bus, { intervalMs: 1000 });
  const landing = event({ site_id: 's1', name: 'pageview', page: '/' });
  const next = event({ site_id: 's1', name: 'pageview', page: '/next' });
  const elsewhere = event({ site_id: 's2', name: 'pageview', page: '/' });
  coalescer.add([landing, next], [landing]);
  coalescer.add([elsewhere], [elsewhere]);
  coalescer.add([event({ site_id: 's2', name: 'engagement' })]);
  await coalescer.close();
  await waitFor('both sites\' updates', () => got.length === 2);
  const bySite = Object.fromEntries(got.map((u) => [u.site_id, u]));
  assert.deepEqual([bySite.s1?.total, bySite.s1?.visits], [2, 1]);
  assert.deepEqual([bySite.s2?.total, bySite.s2?.visits], [2, 1]);
});
