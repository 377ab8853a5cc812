import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { SaltKeeper } from '@vigil/core/privacy/salts';
import { MemorySessionStore } from '@vigil/core/session/memory-session-store';
import { MemoryQueue } from '@vigil/core/queue/memory-queue';
import type { Site } from '@vigil/core/configdb/config-store';
import { createPipeline, type Pipeline } from '../src/pipeline/run-pipeline.ts';
import { ingestSteps } from '../src/pipeline/ingest-steps.ts';
import { DropCounters } from '../src/pipeline/drop-counters.ts';
import { SiteCache } from '../src/sites/site-cache.ts';
import { openCountryLookup } from '../src/geo/country-reader.ts';
import { requestContext } from './support/drafts.ts';
import { tempConfigStore } from './support/config-store.ts';
import { UA } from './support/user-agents.ts';

let store: Awaited<ReturnType<typeof tempConfigStore>>;
let site: Site;
let sessions: MemorySessionStore;

before(async () => {
  store = await tempConfigStore();
  site = await store.sites.create({ domain: 'example.com' });
  sessions = new MemorySessionStore();
});
after(async () => {
  await sessions.close();
  await store.dispose();
});

async function pipelineWith(queue: MemoryQueue, counters: DropCounters): Promise<Pipeline> {
  const steps = ingestSteps({
    sites: new SiteCache(store.sites),
    trustProxy: false,
    countries: await openCountryLookup(),
    salts: new SaltKeeper(store.salts),
    sessions,
  });
  return createPipeline({ steps, queue, counters });
}

test('the steps run in their documented order', async () => {
  const pipeline = await pipelineWith(new MemoryQueue({ capacity: 10, batchSize: 10, flushMs: 1000 }), new DropCounters());
  assert.deepEqual(pipeline.steps.map((s) => s.name), ['site_lookup', 'bot_filter', 'user_agent', 'country', 'visitor_id', 'source_channel', 'session']);
});

test('each event ends accepted or counted under its drop reason', async () => {
  const queue = new MemoryQueue({ capacity: 4, batchSize: 10, flushMs: 1000 });
  const counters = new DropCounters();
  const pipeline = await pipelineWith(queue, counters);
  const ctx = requestContext({ receivedAt: Date.now(), ip: '8.8.8.8' });
  const ok = { s: site.id, n: 'pageview', u: 'https://example.com/' };

  const mixed = await pipeline.run(JSON.stringify([ok, { ...ok, s: 'nope' }, { ...ok, u: 'https://elsewhere.io/' }, ok]), ctx);
  assert.equal(mixed.outcome, 'accepted');
  assert.equal(mixed.outcome === 'accepted' && mixed.accepted, 2);
  assert.equal(mixed.outcome === 'accepted' && mixed.events[0]?.country, 'US');

  await pipeline.run(JSON.stringify(ok), { ...ctx, userAgent: UA.googlebot });
  await pipeline.run('{"s":', ctx);
  const refused = await pipeline.run(JSON.stringify([ok, ok, ok]), ctx);
  assert.equal(refused.outcome, 'refused');

  assert.deepEqual(counters.snapshot(), {
    accepted: 2,
    dropped: { invalid_body: 1, unknown_site: 1, hostname_mismatch: 1, bot: 1, queue_full: 3, queue_unavailable: 0 },
  });
  assert.equal(queue.stats().pending, 2);
  await queue.close();

  const closed = await pipeline.run(JSON.stringify(ok), ctx);
  assert.equal(closed.outcome === 'refused' && closed.refusal.reason, 'queue_unavailable');
  assert.equal(counters.snapshot().dropped.queue_unavailable, 1);
});

test('the summary log holds only counts of what changed, and nothing when idle', () => {
  const lines: { obj: object; msg: string }[] = [];
  const counters = new DropCounters({ log: { info: (obj, msg) => lines.push({ obj, msg }) }, summaryEveryMs: 3_600_000 });
  counters.accept(5);
  counters.drop('bot', 2);
  counters.logChanges();
  counters.logChanges();
  counters.drop('unknown_site');
  counters.close();
  assert.equal(lines.length, 2);
  assert.deepEqual((lines[0]?.obj as { accepted: number; dropped: object }).dropped, { bot: 2 });
  assert.equal((lines[0]?.obj as { accepted: number }).accepted, 5);
  assert.deepEqual((lines[1]?.obj as { dropped: object }).dropped, { unknown_site: 1 });
  assert.doesNotMatch(JSON.stringify(lines), /\d+\.\d+\.\d+\.\d+|Mozilla/);
});

test('a request tells which of its events opened a visit', async () => {
  const queue = new MemoryQueue({ capacity: 100, batchSize: 100, flushMs: 1000 });
  const seen: { events: number; opened: string[] }[] = [];
  const steps = ingestSteps({
    sites: new SiteCache(store.sites),
    trustProxy: false,
    countries: await openCountryLookup(),
    salts: new SaltKeeper(store.salts),
    sessions: new MemorySessionStore(),
  });
  const pipeline = createPipeline({ steps, queue, counters: new DropCounters(), onAccepted: (events, opened) => seen.push({ events: events.length, opened: opened.map((e) => e.page) }) });
  const at = Date.now();
  const visitor = requestContext({ receivedAt: at, ip: '203.0.113.7' });
  const landing = await pipeline.run(JSON.stringify([{ s: site.id, n: 'pageview', u: 'https://example.com/landing' }, { s: site.id, n: 'pageview', u: 'https://example.com/next' }]), visitor);
  assert.deepEqual(landing.outcome === 'accepted' && landing.opensVisit.map((e) => e.page), ['/landing']);
  await pipeline.run(JSON.stringify({ s: site.id, n: 'pageview', u: 'https://example.com/third' }), { ...visitor, receivedAt: at + 60_000 });
  await pipeline.run(JSON.stringify({ s: site.id, n: 'pageview', u: 'https://example.com/' }), requestContext({ receivedAt: at, ip: '203.0.113.8' }));
  assert.deepEqual(seen, [
    { events: 2, opened: ['/landing'] },
    { events: 1, opened: [] },
    { events: 1, opened: ['/'] },
  ]);
  await queue.close();
});
