/**
 * GET /api/stats/public: the landing page's numbers, without auth, with hand-counted values.
 *
 * Now is 2026-06-10T10:00:00Z. Each visitor has its own IP (trusted X-Forwarded-For).
 *   c.test 06-09T23:59:00Z pv  V1   yesterday (UTC): not a website of today
 *   a.test 06-10T00:00:00Z pv  V2   midnight UTC: a is a website of today; not in the last hour
 *   b.test 09:00:00Z pv        V3   exactly an hour ago: in the last hour
 *   b.test 09:54:59Z pv        V4   last hour, but more than 5 minutes ago
 *   a.test 09:55:00Z pv        V5   exactly 5 minutes ago: active now
 *   a.test 09:58:00Z Signup    V5   the same visitor again
 *   b.test 09:59:00Z pv        V6   active now
 * -> websites_today 2 (a, b); events_last_hour 5; people_now 2 (V5, V6)
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '@vigil/core/test/test-server';

let now = 0;
let vigil: TestServer;
const ids: Record<string, string> = {};

async function send(iso: string, domain: string, ip: string, name = 'pageview'): Promise<void> {
  now = Date.parse(iso);
  const res = await vigil.track({ s: ids[domain], n: name, u: `https://${domain}/` }, { 'x-forwarded-for': ip });
  assert.equal(res.status, 202, `${iso} ${domain}: ${await res.text()}`);
}

async function publicStats(): Promise<{ status: number; cache: string | null; body: unknown }> {
  const res = await fetch(`${vigil.url}/api/stats/public`);
  return { status: res.status, cache: res.headers.get('cache-control'), body: await res.json() };
}

describe('GET /api/stats/public', () => {
  before(async () => {
    vigil = await startTestServer({ clock: () => now, env: { VIGIL_TRUST_PROXY: 'true' } });
    for (const domain of ['a.test', 'b.test', 'c.test']) ids[domain] = (await vigil.addSite({ domain })).id;
    await send('2026-06-09T23:59:00Z', 'c.test', '10.0.0.1');
    await send('2026-06-10T00:00:00Z', 'a.test', '10.0.0.2');
    await send('2026-06-10T09:00:00Z', 'b.test', '10.0.0.3');
    await send('2026-06-10T09:54:59Z', 'b.test', '10.0.0.4');
    await send('2026-06-10T09:55:00Z', 'a.test', '10.0.0.5');
    await send('2026-06-10T09:58:00Z', 'a.test', '10.0.0.5', 'Signup');
    await send('2026-06-10T09:59:00Z', 'b.test', '10.0.0.6');
    now = Date.parse('2026-06-10T10:00:00Z');
    await vigil.flushed();
  });
  after(() => vigil?.stop());

  it('answers exact numbers without auth, cacheable for 5 s', async () => {
    assert.deepEqual(await publicStats(), {
      status: 200,
      cache: 'public, max-age=5',
      body: { websites_today: 2, events_last_hour: 5, people_now: 2 },
    });
  });

  it('computes at most once per 5 s: new events show after the cache ends', async () => {
    await send('2026-06-10T10:00:02Z', 'c.test', '10.0.0.7');
    await vigil.flushed();
    now = Date.parse('2026-06-10T10:00:04.999Z');
    assert.deepEqual((await publicStats()).body, { websites_today: 2, events_last_hour: 5, people_now: 2 });
    // b's 09:00:00 pageview has left the last hour by now; c's 10:00:02 one came in
    now = Date.parse('2026-06-10T10:00:05Z');
    assert.deepEqual((await publicStats()).body, { websites_today: 3, events_last_hour: 5, people_now: 3 });
  });

  it('a new UTC day starts from zero websites, while the last hour and the last 5 minutes span midnight', async () => {
    await send('2026-06-10T23:59:50Z', 'a.test', '10.0.0.8');
    await vigil.flushed();
    now = Date.parse('2026-06-11T00:00:10Z');
    assert.deepEqual((await publicStats()).body, { websites_today: 0, events_last_hour: 1, people_now: 1 });
  });
});
