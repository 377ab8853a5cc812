/**
 * GET /api/sites/summary: events in over HTTP with a set clock, hand-computed numbers out.
 *
 * Now is 2026-06-10T15:00:00Z. Every visitor has its own IP (trusted X-Forwarded-For).
 *
 * alpha.test, America/New_York (UTC-4). The 7 days are 06-04..06-10 local, from 06-04T04:00Z to
 * now (6 d 11 h); the period before has the same length: [05-28T17:00Z, 06-04T04:00Z).
 *   05-28T16:00Z pv 1.0.0.9         before both periods
 *   06-01T12:00Z pv 1.0.0.1         previous
 *   06-02T12:00Z pv 1.0.0.2         previous
 *   06-04T03:30Z pv 2.0.0.1         06-03 23:30 local: previous          -> previous visitors 3
 *   06-05T14:00Z, 14:01Z pv 2.0.0.2 06-05: 1 visitor, 2 pageviews
 *   06-10T03:00Z pv 2.0.0.3         06-09 23:00 local: 06-09
 *   06-10T13:00Z pv 2.0.0.4         today
 *   06-10T14:57Z, 14:58Z pv 2.0.0.5 today, and active in the last 5 minutes
 *   -> today 2 visitors (2.0.0.4, 2.0.0.5), 3 pageviews; live 1; the 7 days 4 visitors;
 *      change (4 - 3) / 3 = +33.3 %; sparkline 0, 1, 0, 0, 0, 1, 2
 * beta.test, UTC: no events ever -> zeros, change null, has_events false
 * delta.test, UTC. The 7 days are [06-04T00:00Z, now), the period before [05-28T09:00Z, 06-04T00:00Z).
 *   06-01T10:00Z pv 3.0.0.1, 06-02T10:00Z pv 3.0.0.2   previous: 2 visitors
 *   06-06T10:00Z pv 3.0.0.3                             06-06: 1 visitor
 *   -> change (1 - 2) / 2 = -50.0 %; today 0; live 0
 * gamma.test, UTC: one pageview on 05-01, long before both periods -> all zeros, change null,
 *   but has_events true
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '@vigil/core/test/test-server';

let now = 0;
let vigil: TestServer;
const ids: Record<string, string> = {};

async function pageview(iso: string, domain: string, ip: string, path = '/'): Promise<void> {
  now = Date.parse(iso);
  const res = await vigil.track({ s: ids[domain], n: 'pageview', u: `https://${domain}${path}` }, { 'x-forwarded-for': ip });
  assert.equal(res.status, 202, `${iso} ${domain}: ${await res.text()}`);
}

const NY_DAYS = ['04', '05', '06', '07', '08', '09', '10'].map((d) => `2026-06-${d}T00:00:00-04:00`);
const UTC_DAYS = ['04', '05', '06', '07', '08', '09', '10'].map((d) => `2026-06-${d}T00:00:00+00:00`);
const line = (days: string[], visitors: number[]) => days.map((t, i) => ({ t, visitors: visitors[i] }));

describe('GET /api/sites/summary', () => {
  before(async () => {
    vigil = await startTestServer({ clock: () => now, env: { VIGIL_TRUST_PROXY: 'true' } });
    for (const [domain, timezone] of [['alpha.test', 'America/New_York'], ['beta.test', 'UTC'], ['delta.test', 'UTC'], ['gamma.test', 'UTC']] as const) {
      ids[domain] = (await vigil.addSite({ domain, timezone })).id;
    }
    await pageview('2026-05-01T12:00:00Z', 'gamma.test', '4.0.0.1');
    await pageview('2026-05-28T16:00:00Z', 'alpha.test', '1.0.0.9');
    await pageview('2026-06-01T10:00:00Z', 'delta.test', '3.0.0.1');
    await pageview('2026-06-01T12:00:00Z', 'alpha.test', '1.0.0.1');
    await pageview('2026-06-02T10:00:00Z', 'delta.test', '3.0.0.2');
    await pageview('2026-06-02T12:00:00Z', 'alpha.test', '1.0.0.2');
    await pageview('2026-06-04T03:30:00Z', 'alpha.test', '2.0.0.1');
    await pageview('2026-06-05T14:00:00Z', 'alpha.test', '2.0.0.2');
    await pageview('2026-06-05T14:01:00Z', 'alpha.test', '2.0.0.2', '/about');
    await pageview('2026-06-06T10:00:00Z', 'delta.test', '3.0.0.3');
    await pageview('2026-06-10T03:00:00Z', 'alpha.test', '2.0.0.3');
    await pageview('2026-06-10T13:00:00Z', 'alpha.test', '2.0.0.4');
    await pageview('2026-06-10T14:57:00Z', 'alpha.test', '2.0.0.5');
    await pageview('2026-06-10T14:58:00Z', 'alpha.test', '2.0.0.5', '/pricing');
    now = Date.parse('2026-06-10T15:00:00Z');
    await vigil.flushed();
  });
  after(() => vigil?.stop());

  it('answers every site with today, live, the 7-day sparkline and the change', async () => {
    const { status, body } = await vigil.api('/api/sites/summary');
    assert.equal(status, 200);
    assert.deepEqual(body, {
      sites: [
        {
          id: ids['alpha.test'], domain: 'alpha.test', name: 'alpha.test', timezone: 'America/New_York',
          visitors_today: 2, pageviews_today: 3, live_visitors: 1,
          sparkline: line(NY_DAYS, [0, 1, 0, 0, 0, 1, 2]),
          change_pct: 33.3, has_events: true,
        },
        {
          id: ids['beta.test'], domain: 'beta.test', name: 'beta.test', timezone: 'UTC',
          visitors_today: 0, pageviews_today: 0, live_visitors: 0,
          sparkline: line(UTC_DAYS, [0, 0, 0, 0, 0, 0, 0]),
          change_pct: null, has_events: false,
        },
        {
          id: ids['delta.test'], domain: 'delta.test', name: 'delta.test', timezone: 'UTC',
          visitors_today: 0, pageviews_today: 0, live_visitors: 0,
          sparkline: line(UTC_DAYS, [0, 0, 1, 0, 0, 0, 0]),
          change_pct: -50, has_events: true,
        },
        {
          id: ids['gamma.test'], domain: 'gamma.test', name: 'gamma.test', timezone: 'UTC',
          visitors_today: 0, pageviews_today: 0, live_visitors: 0,
          sparkline: line(UTC_DAYS, [0, 0, 0, 0, 0, 0, 0]),
          change_pct: null, has_events: true,
        },
      ],
    });
  });

  it('live visitors leave 5 minutes after their last event (14:58:00)', async () => {
    now = Date.parse('2026-06-10T15:03:00Z');
    assert.equal((await vigil.api('/api/sites/summary')).body.sites[0].live_visitors, 1);
    now = Date.parse('2026-06-10T15:03:01Z');
    const later = (await vigil.api('/api/sites/summary')).body.sites[0];
    assert.equal(later.live_visitors, 0);
    assert.equal(later.visitors_today, 2);
  });

  it('needs auth', async () => {
    const res = await fetch(`${vigil.url}/api/sites/summary`);
    assert.equal(res.status, 401);
  });
});
