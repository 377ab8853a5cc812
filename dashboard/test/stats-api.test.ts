/**
 * Events in over real HTTP (as track.js sends them), exact numbers out of every stats endpoint.
 *
 * The server's clock is set before each request, so every timestamp and duration is known. The
 * expected numbers are worked out by hand below; nothing is computed by the code under test.
 *
 * Site shop.test, time zone America/New_York (UTC-4 in June). Query: from=to=2026-06-10, i.e.
 * [2026-06-10T04:00Z, 2026-06-11T04:00Z). Visitors differ by IP (X-Forwarded-For, trusted) and UA.
 *
 *   S1 V1 (8.8.8.8, Chrome, CF country US), referrer google.com -> Google / search
 *      14:00:00Z pv /   14:00:40 eng / 30 s 50%   14:00:45 pv /pricing
 *      14:02:00 eng /pricing 60 s 100%   14:02:05 Signup {plan: pro}
 *      -> 2 pv, 1 event, 90 s engaged, duration 125 s
 *   S2 V2 (1.1.1.1, Firefox, DE), /blog?utm_source=newsletter&utm_medium=email -> newsletter / email
 *      15:00:00Z pv /blog   15:00:20 eng /blog 20 s 30%   15:00:25 outbound
 *      -> 1 pv (bounce), 1 event, 20 s engaged, duration 25 s
 *   S3 V1 again at 16:00:00Z (118 min later: a new visit) from news.ycombinator.com -> Hacker News / social
 *      16:00:00Z pv /   -> 1 pv (bounce), duration 0
 *   P1 V3 (9.9.9.9, Safari, FR) 2026-06-09T20:00Z pv /: the previous period only
 *
 * Totals: visitors 2 (V1, V2); visits 3; pageviews 4; views/visit 4/3 = 1.33; bounce 2/3 = 66.7 %;
 * duration (125 + 25 + 0) / 3 = 50.0 s; engaged (90 + 20 + 0) / 3 = 36.7 s;
 * scroll mean over (visit, page) with engagement: (50 + 100 + 30) / 3 = 60.0 %; events 2.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '@vigil/core/test/test-server';
import { CHROME_UA as CHROME } from '@vigil/core/test/user-agents';

const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
const SAFARI = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15';

interface Visitor { ip: string; ua: string; country: string }
const V1: Visitor = { ip: '8.8.8.8', ua: CHROME, country: 'US' };
const V2: Visitor = { ip: '1.1.1.1', ua: FIREFOX, country: 'DE' };
const V3: Visitor = { ip: '9.9.9.9', ua: SAFARI, country: 'FR' };

let now = Date.parse('2026-06-10T12:00:00Z');
let vigil: TestServer;
let site: string;

async function send(iso: string, who: Visitor, event: Record<string, unknown>): Promise<void> {
  now = Date.parse(iso);
  const res = await vigil.track(
    { s: site, ...event },
    { 'user-agent': who.ua, 'x-forwarded-for': who.ip, 'cf-ipcountry': who.country },
  );
  assert.equal(res.status, 202, `${iso} ${JSON.stringify(event)}: ${await res.text()}`);
}

const Q = 'from=2026-06-10&to=2026-06-10';

describe('stats API over HTTP: events in, exact numbers out', () => {
  before(async () => {
    vigil = await startTestServer({ clock: () => now, env: { VIGIL_TRUST_PROXY: 'true' } });
    site = (await vigil.addSite({ domain: 'shop.test', timezone: 'America/New_York' })).id;

    await send('2026-06-09T20:00:00Z', V3, { n: 'pageview', u: 'https://shop.test/' });

    const google = 'https://www.google.com/';
    await send('2026-06-10T14:00:00Z', V1, { n: 'pageview', u: 'https://shop.test/', r: google, t: 'Home', w: 1440, l: 'en-US' });
    await send('2026-06-10T14:00:40Z', V1, { n: 'engagement', u: 'https://shop.test/', r: google, e: 30_000, d: 50 });
    await send('2026-06-10T14:00:45Z', V1, { n: 'pageview', u: 'https://shop.test/pricing', r: google, t: 'Pricing', w: 1440, l: 'en-US' });
    await send('2026-06-10T14:02:00Z', V1, { n: 'engagement', u: 'https://shop.test/pricing', r: google, e: 60_000, d: 100 });
    await send('2026-06-10T14:02:05Z', V1, { n: 'Signup', u: 'https://shop.test/pricing', p: { plan: 'pro' } });

    const blog = 'https://shop.test/blog?utm_source=newsletter&utm_medium=email';
    await send('2026-06-10T15:00:00Z', V2, { n: 'pageview', u: blog, t: 'Blog', w: 390, l: 'de-DE' });
    await send('2026-06-10T15:00:20Z', V2, { n: 'engagement', u: blog, e: 20_000, d: 30 });
    await send('2026-06-10T15:00:25Z', V2, { n: 'outbound', u: blog, h: 'https://github.com/vigil' });

    await send('2026-06-10T16:00:00Z', V1, { n: 'pageview', u: 'https://shop.test/', r: 'https://news.ycombinator.com/item?id=1', w: 1440, l: 'en-US' });
    now = Date.parse('2026-06-10T16:03:00Z');
    await vigil.flushed();
  });
  after(() => vigil?.stop());

  it('GET /api/stats: totals and the previous period', async () => {
    const { status, body } = await vigil.api(`/api/stats?site=${site}&${Q}`);
    assert.equal(status, 200);
    assert.deepEqual(body.totals, {
      visitors: 2, visits: 3, pageviews: 4, views_per_visit: 1.33, bounce_rate: 66.7,
      avg_visit_duration_s: 50, avg_engaged_s: 36.7, avg_scroll_pct: 60, events: 2,
    });
    assert.deepEqual(body.previous, {
      visitors: 1, visits: 1, pageviews: 1, views_per_visit: 1, bounce_rate: 100,
      avg_visit_duration_s: 0, avg_engaged_s: 0, avg_scroll_pct: 0, events: 0,
    });
    assert.equal(body.range.from, '2026-06-10T00:00:00-04:00');
    assert.equal(body.range.to, '2026-06-11T00:00:00-04:00');
  });

  it('GET /api/stats with filters', async () => {
    const totals = async (filter: string) =>
      (await vigil.api(`/api/stats?site=${site}&${Q}&filter=${encodeURIComponent(filter)}`)).body.totals;
    const us = await totals('country==US');
    assert.deepEqual([us.visitors, us.visits, us.pageviews, us.events], [1, 2, 3, 1]);
    const blog = await totals('page==/blog');
    assert.deepEqual([blog.visitors, blog.visits, blog.pageviews, blog.events, blog.bounce_rate], [1, 1, 1, 1, 100]);
    const notGoogle = await totals('source!=Google');
    assert.deepEqual([notGoogle.visitors, notGoogle.visits, notGoogle.pageviews], [2, 2, 2]);
    const either = await totals('channel==email|social');
    assert.deepEqual([either.visits, either.pageviews], [2, 2]);
  });

  it('GET /api/stats/timeseries: hourly in the site zone, every hour present', async () => {
    const { status, body } = await vigil.api(`/api/stats/timeseries?site=${site}&${Q}&interval=hour`);
    assert.equal(status, 200);
    assert.equal(body.points.length, 24);
    assert.equal(body.points[0].t, '2026-06-10T00:00:00-04:00');
    const busy = body.points.filter((p: { pageviews: number; visits: number }) => p.pageviews || p.visits);
    assert.deepEqual(busy, [
      { t: '2026-06-10T10:00:00-04:00', visitors: 1, visits: 1, pageviews: 2 },
      { t: '2026-06-10T11:00:00-04:00', visitors: 1, visits: 1, pageviews: 1 },
      { t: '2026-06-10T12:00:00-04:00', visitors: 1, visits: 1, pageviews: 1 },
    ]);
  });

  it('GET /api/stats/timeseries: daily, defaulting to day for a longer range', async () => {
    const { body } = await vigil.api(`/api/stats/timeseries?site=${site}&from=2026-06-08&to=2026-06-10`);
    assert.equal(body.interval, 'day');
    assert.deepEqual(body.points, [
      { t: '2026-06-08T00:00:00-04:00', visitors: 0, visits: 0, pageviews: 0 },
      { t: '2026-06-09T00:00:00-04:00', visitors: 1, visits: 1, pageviews: 1 },
      { t: '2026-06-10T00:00:00-04:00', visitors: 2, visits: 3, pageviews: 4 },
    ]);
  });

  const breakdown = async (by: string, extra = '') => {
    const { status, body } = await vigil.api(`/api/stats/breakdown?site=${site}&${Q}&by=${by}${extra}`);
    assert.equal(status, 200, JSON.stringify(body));
    return body.rows as Record<string, unknown>[];
  };
  const pick = (rows: Record<string, unknown>[], keys: string[]) => rows.map((r) => Object.fromEntries(keys.map((k) => [k, r[k]])));

  it('GET /api/stats/breakdown by page: views, engaged time and scroll depth', async () => {
    assert.deepEqual(pick(await breakdown('page'), ['value', 'visitors', 'visits', 'pageviews', 'avg_engaged_s', 'avg_scroll_pct']), [
      // '/': 2 pageviews (S1, S3), 30 s engaged / 2 = 15 s, scroll 50 (S1 only had engagement)
      { value: '/', visitors: 1, visits: 2, pageviews: 2, avg_engaged_s: 15, avg_scroll_pct: 50 },
      { value: '/blog', visitors: 1, visits: 1, pageviews: 1, avg_engaged_s: 20, avg_scroll_pct: 30 },
      { value: '/pricing', visitors: 1, visits: 1, pageviews: 1, avg_engaged_s: 60, avg_scroll_pct: 100 },
    ]);
  });

  it('GET /api/stats/breakdown by session dimensions', async () => {
    const vvp = ['value', 'visitors', 'visits', 'pageviews'];
    assert.deepEqual(pick(await breakdown('source'), vvp), [
      { value: 'Google', visitors: 1, visits: 1, pageviews: 2 },
      { value: 'Hacker News', visitors: 1, visits: 1, pageviews: 1 },
      { value: 'newsletter', visitors: 1, visits: 1, pageviews: 1 },
    ]);
    assert.deepEqual(pick(await breakdown('channel'), ['value', 'visits']), [
      { value: 'email', visits: 1 }, { value: 'search', visits: 1 }, { value: 'social', visits: 1 },
    ]);
    assert.deepEqual(pick(await breakdown('country'), vvp), [
      { value: 'DE', visitors: 1, visits: 1, pageviews: 1 },
      { value: 'US', visitors: 1, visits: 2, pageviews: 3 },
    ]);
    assert.deepEqual(pick(await breakdown('browser'), ['value', 'visits']), [{ value: 'Chrome', visits: 2 }, { value: 'Firefox', visits: 1 }]);
    assert.deepEqual(pick(await breakdown('entry_page'), ['value', 'visits', 'bounce_rate']), [
      { value: '/', visits: 2, bounce_rate: 50 },
      { value: '/blog', visits: 1, bounce_rate: 100 },
    ]);
    assert.deepEqual(pick(await breakdown('exit_page'), ['value', 'visits']), [
      { value: '/', visits: 1 }, { value: '/blog', visits: 1 }, { value: '/pricing', visits: 1 },
    ]);
    const utm = await breakdown('utm_medium');
    assert.deepEqual(pick(utm.filter((r) => r.value !== ''), ['value', 'visits']), [{ value: 'email', visits: 1 }]);
    assert.deepEqual(pick(await breakdown('screen'), ['value', 'visits']), [{ value: 'desktop', visits: 2 }, { value: 'mobile', visits: 1 }]);
    assert.deepEqual(pick(await breakdown('language'), ['value', 'visits']), [{ value: 'de', visits: 1 }, { value: 'en', visits: 2 }]);
  });

  it('GET /api/stats/breakdown by event, and limit', async () => {
    assert.deepEqual(pick(await breakdown('event'), ['value', 'visitors', 'events']), [
      { value: 'Signup', visitors: 1, events: 1 },
      { value: 'outbound', visitors: 1, events: 1 },
    ]);
    assert.equal((await breakdown('page', '&limit=1')).length, 1);
  });

  it('GET /api/stats/realtime: visitors active in the last 5 minutes', async () => {
    const { status, body } = await vigil.api(`/api/stats/realtime?site=${site}`);
    assert.equal(status, 200);
    assert.deepEqual(body, { active_visitors: 1, pages: [{ value: '/', active_visitors: 1 }] });
  });

  it('answers bad parameters with a 400 JSON error, and unknown sites with 404', async () => {
    for (const path of [
      `/api/stats?site=${site}&filter=${encodeURIComponent('planet==Mars')}`,
      `/api/stats?site=${site}&from=2026-06-10&to=2026-06-01`,
      `/api/stats?site=${site}&from=yesterday`,
      `/api/stats/breakdown?site=${site}&by=shoe_size`,
      `/api/stats/breakdown?site=${site}&by=page&limit=0`,
      `/api/stats/timeseries?site=${site}&interval=minute`,
      '/api/stats',
    ]) {
      const { status, body } = await vigil.api(path);
      assert.equal(status, 400, path);
      assert.equal(typeof body.error, 'string', path);
    }
    const missing = await vigil.api('/api/stats?site=nope');
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error, 'site not found');
  });
});
