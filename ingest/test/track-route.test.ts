import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import Fastify, { type FastifyInstance, type LightMyRequestResponse } from 'fastify';
import { installErrorHandling } from '@vigil/core/http/errors';
import { SaltKeeper } from '@vigil/core/privacy/salts';
import { MemorySessionStore } from '@vigil/core/session/memory-session-store';
import { MemoryQueue } from '@vigil/core/queue/memory-queue';
import type { StoredEvent } from '@vigil/core/event/stored';
import type { Site } from '@vigil/core/configdb/config-store';
import { registerIngest, type Ingest } from '../src/register-ingest.ts';
import { ingestRoutes } from '../src/track-route.ts';
import { openCountryLookup, type CountryLookup } from '../src/geo/country-reader.ts';
import { tempConfigStore } from './support/config-store.ts';
import { UA } from './support/user-agents.ts';

const NOW = Date.UTC(2025, 6, 1, 9, 30);

interface Harness {
  app: FastifyInstance;
  ingest: Ingest;
  queue: MemoryQueue;
  sessions: MemorySessionStore;
  delivered: StoredEvent[];
}

let store: Awaited<ReturnType<typeof tempConfigStore>>;
let site: Site;
let countries: CountryLookup;
const harnesses: Harness[] = [];

before(async () => {
  store = await tempConfigStore();
  site = await store.sites.create({ domain: 'example.com' });
  countries = await openCountryLookup();
});
after(async () => {
  for (const h of harnesses) {
    await h.ingest.close();
    await h.app.close();
    await h.queue.close();
    await h.sessions.close();
  }
  await store.dispose();
});

async function harness(opts: { capacity?: number; consume?: boolean } = {}): Promise<Harness> {
  const app = Fastify({ trustProxy: true, logger: false });
  installErrorHandling(app);
  const queue = new MemoryQueue({ capacity: opts.capacity ?? 1_000, batchSize: 500, flushMs: 10 });
  const delivered: StoredEvent[] = [];
  if (opts.consume ?? true) await queue.consume(async (batch) => { delivered.push(...batch); });
  const sessions = new MemorySessionStore({ clock: () => NOW });
  const ingest = await registerIngest(app, {
    trustProxy: true,
    sites: store.sites,
    salts: new SaltKeeper(store.salts, () => NOW),
    sessions,
    queue,
    clock: () => NOW,
    countries,
  });
  const h = { app, ingest, queue, sessions, delivered };
  harnesses.push(h);
  return h;
}

function post(h: Harness, body: unknown, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  return h.app.inject({
    method: 'POST',
    url: '/api/track',
    headers: { 'content-type': 'text/plain;charset=UTF-8', 'user-agent': UA.chromeWindows, 'x-forwarded-for': '8.8.8.8', ...headers },
    payload: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function settled(h: Harness): Promise<StoredEvent[]> {
  for (let i = 0; i < 200 && h.queue.stats().pending > 0; i++) await new Promise((r) => setTimeout(r, 5));
  return h.delivered;
}

const event = () => ({ s: site.id, n: 'pageview', u: 'https://example.com/' });

test('a valid event and a 100-event batch are accepted with 202 and no body', async () => {
  const h = await harness();
  const one = await post(h, event());
  assert.equal(one.statusCode, 202);
  assert.equal(one.body, '');
  assert.equal(one.headers['access-control-allow-origin'], '*');

  const batch = await post(h, Array.from({ length: 100 }, event), { 'content-type': 'application/json' });
  assert.equal(batch.statusCode, 202);
  assert.equal((await settled(h)).length, 101);
  assert.equal(h.ingest.counters.snapshot().accepted, 101);
});

test('bad bodies get a 400 JSON error naming the problem', async () => {
  const h = await harness();
  const malformed = await post(h, '{"s": ');
  assert.equal(malformed.statusCode, 400);
  assert.equal(malformed.json().error, 'body is not valid JSON');
  assert.equal(malformed.headers['access-control-allow-origin'], '*');

  const wrongType = await post(h, [event(), { ...event(), w: '1920px' }]);
  assert.equal(wrongType.statusCode, 400);
  assert.equal(wrongType.json().detail[0].path, '[1].w');

  const tooMany = await post(h, Array.from({ length: 101 }, event));
  assert.equal(tooMany.statusCode, 400);
  assert.match(tooMany.json().detail[0].message, /100/);
  assert.equal(h.ingest.counters.snapshot().dropped.invalid_body, 3);
  assert.equal((await settled(h)).length, 0, 'nothing of a rejected request is queued');
});

test('a body over 64 KB is 413; a content type other than text or JSON is 415', async () => {
  const h = await harness();
  const big = await post(h, { ...event(), t: 'x'.repeat(70 * 1024) });
  assert.equal(big.statusCode, 413);
  assert.equal(big.json().error, 'body too large');
  const xml = await post(h, '<event/>', { 'content-type': 'application/xml' });
  assert.equal(xml.statusCode, 415);
  assert.equal(xml.json().error, 'unsupported content type');
  assert.equal(xml.headers['access-control-allow-origin'], '*');
});

test('unknown sites and bots are answered 202 and counted as drops', async () => {
  const h = await harness();
  assert.equal((await post(h, { ...event(), s: 'no-such-site' })).statusCode, 202);
  assert.equal((await post(h, event(), { 'user-agent': UA.googlebot })).statusCode, 202);
  assert.equal((await post(h, event(), { 'user-agent': UA.headlessChrome })).statusCode, 202);
  const { dropped, accepted } = h.ingest.counters.snapshot();
  assert.deepEqual([dropped.unknown_site, dropped.bot, accepted], [1, 2, 0]);
  assert.equal((await settled(h)).length, 0);
});

test('a full queue answers 429 with Retry-After; a closed one 503', async () => {
  const h = await harness({ capacity: 3, consume: false });
  assert.equal((await post(h, [event(), event()])).statusCode, 202);
  const full = await post(h, [event(), event()]);
  assert.equal(full.statusCode, 429);
  assert.ok(Number(full.headers['retry-after']) >= 1);
  assert.equal(full.json().error, 'queue full');
  assert.equal(full.headers['access-control-allow-origin'], '*');
  assert.equal(h.ingest.counters.snapshot().dropped.queue_full, 2);

  await h.queue.close();
  const closed = await post(h, event());
  assert.equal(closed.statusCode, 503);
  assert.ok(Number(closed.headers['retry-after']) >= 1);
});

test('the CORS preflight is answered 204', async () => {
  const h = await harness();
  const res = await h.app.inject({ method: 'OPTIONS', url: '/api/track', headers: { origin: 'https://example.com' } });
  assert.equal(res.statusCode, 204);
  assert.equal(res.headers['access-control-allow-origin'], '*');
  assert.match(String(res.headers['access-control-allow-methods']), /POST/);
  assert.match(String(res.headers['access-control-allow-headers']), /Content-Type/i);
});

test('queued events carry the enriched fields and the session\'s dimensions', async () => {
  const h = await harness();
  const headers = { 'user-agent': UA.chromeAndroid, 'cf-ipcountry': 'DE', 'x-forwarded-for': '8.8.8.8' };
  const landing = {
    s: site.id, n: 'pageview', t: 'Docs', w: 412, l: 'de-DE', r: 'https://www.google.com/search?q=vigil',
    u: 'https://Docs.Example.com/guide?tab=2&utm_source=google&utm_campaign=launch#/intro',
  };
  assert.equal((await post(h, landing, headers)).statusCode, 202);
  const signup = { s: site.id, n: 'signup', u: 'https://docs.example.com/pricing', r: 'https://t.co/x', p: { plan: 'pro' } };
  assert.equal((await post(h, signup, headers)).statusCode, 202);

  const [first, second] = await settled(h);
  assert.ok(first && second);
  assert.match(first.id, /^[0-9a-f-]{36}$/);
  assert.equal(first.ts, NOW);
  assert.equal(first.site_id, site.id);
  assert.equal(first.hostname, 'docs.example.com');
  assert.equal(first.page, '/guide?tab=2#/intro');
  assert.equal(first.title, 'Docs');
  assert.deepEqual(
    [first.country, first.browser, first.os, first.device, first.screen, first.language],
    ['DE', 'Chrome', 'Android', 'mobile', 'mobile', 'de'],
  );
  assert.deepEqual(
    [first.source, first.channel, first.referrer, first.utm_source, first.utm_campaign],
    ['Google', 'search', 'https://www.google.com/search', 'google', 'launch'],
  );
  assert.match(first.visitor_id, /^[0-9a-f]{16}$/);
  assert.match(first.session_id, /^[0-9a-f]{16}$/);

  assert.equal(second.session_id, first.session_id);
  assert.equal(second.visitor_id, first.visitor_id);
  assert.deepEqual([second.source, second.channel, second.utm_campaign], ['Google', 'search', 'launch'], 'session dims, not t.co');
  assert.equal(second.page, '/pricing');
  assert.equal(second.props, '{"plan":"pro"}');
  assert.equal(second.title, '');
});

test('the route is listed for the OpenAPI document as public with raw body types', () => {
  const spec = ingestRoutes.find((r) => r.url === '/api/track');
  assert.ok(spec);
  assert.equal(spec.method, 'POST');
  assert.equal(spec.access, 'public');
  assert.deepEqual(spec.rawBody, ['text/plain', 'application/json']);
  assert.deepEqual(Object.keys(spec.responses).map(Number).sort(), [202, 400, 413, 415, 429, 503]);
});
