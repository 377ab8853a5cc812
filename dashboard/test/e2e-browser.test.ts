/**
 * The whole embedded product end to end: a real Chromium visits the test site, which embeds the
 * snippet exactly as `vigil site add` prints it; the real server serves track.js, ingests, queues,
 * writes to DuckDB and answers the stats API. Every number checked is one a site owner would see
 * in the dashboard, and every expected number comes from what the visitor did in this test.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { needEngine } from '@vigil/core/test/engines';
import { VISITOR_CONTEXT, VisitLog, launchChromium } from '@vigil/core/test/browser';
import { startTestServer, type TestServer } from '@vigil/core/test/test-server';
import type { BreakdownRow, Realtime, Totals } from '@vigil/core/stats/model';
import { serveTestSite, type TestSite } from '../../tracker/test/site/serve-site.ts';
import { BeaconWatch } from './support/beacon-watch.ts';

const engine = await needEngine('chromium');

/** How long the visitor reads the long page, focused, before leaving it. */
const READ_LONG_MS = 1200;

interface Health {
  ingest: { accepted: number; dropped: Record<string, number> };
}

interface Visit {
  /** every pageview the visitor caused, as the `page` the stats API reports it */
  pageviews: string[];
  /** custom events and outbound clicks, by name */
  events: Map<string, number>;
  /** scroll depth on the long page, measured in the page as the tracker defines it */
  longDepth: number;
  /** wall time spent on the long page, and on the whole site */
  longWallMs: number;
  siteWallMs: number;
}

describe('the embedded product, seen from a browser and the stats API', { skip: engine.skip }, () => {
  let vigil: TestServer;
  let testSite: TestSite;
  let browser: Browser;
  let context: BrowserContext;
  let siteId: string;
  const pageErrors: string[] = [];
  let beacons: BeaconWatch;
  let visit: Visit;

  const stats = <T>(path: string, params: Record<string, string> = {}) =>
    vigil.api<T>(`${path}?${new URLSearchParams({ site: siteId, ...params })}`);

  before(async () => {
    vigil = await startTestServer();
    // Pages are served from 127.0.0.1; the outbound link goes to the same server as "localhost",
    // which is another site as far as this one is concerned.
    const site = await vigil.addSite({ domain: '127.0.0.1', name: 'Test site', timezone: 'UTC' });
    assert.equal(site.domain, '127.0.0.1');
    siteId = site.id;
    testSite = await serveTestSite({ snippet: `<script defer src="${vigil.url}/track.js" data-site="${site.id}"></script>` });
    browser = await launchChromium();
    context = await browser.newContext(VISITOR_CONTEXT);
    beacons = new BeaconWatch(context, `${vigil.url}/api/track`);
    const page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
    visit = await browse(page, testSite.url);
    // Closing the tab fires pagehide on the last page; then everything sent must have arrived.
    await page.close({ runBeforeUnload: true });
    await beacons.settled(async () => {
      const { ingest } = (await vigil.api<Health>('/api/health')).body;
      return ingest.accepted + Object.values(ingest.dropped).reduce((a, b) => a + b, 0);
    });
    await vigil.flushed();
  });

  after(async () => {
    await context?.close().catch(() => {});
    await browser?.close();
    await testSite?.close();
    await vigil?.stop();
  });

  test('every beacon the tracker sent was accepted, and the pages saw no error', async () => {
    assert.deepEqual(pageErrors, []);
    // The tracker batches (a pageview may share a request with the last page's engagement).
    assert.ok(beacons.requests > 0 && beacons.events >= visit.pageviews.length);
    assert.deepEqual(beacons.statuses(), [202]);
    const health = await vigil.api<Health>('/api/health');
    assert.equal(health.status, 200);
    assert.equal(health.body.ingest.dropped.bot, 0, 'the visitor was not taken for a bot');
    // The page behind the outbound link is on another host: its own pageview is not this site's.
    assert.ok(health.body.ingest.dropped.hostname_mismatch! >= 1, JSON.stringify(health.body.ingest.dropped));
  });

  test('totals: one visitor, one visit, every pageview, the custom events, engagement', async () => {
    const { status, body } = await stats<{ totals: Totals }>('/api/stats');
    assert.equal(status, 200);
    const t = body.totals;
    assert.equal(t.visitors, 1);
    assert.equal(t.visits, 1);
    assert.equal(t.pageviews, visit.pageviews.length);
    assert.equal(t.events, [...visit.events.values()].reduce((a, b) => a + b, 0));
    assert.equal(t.bounce_rate, 0);
    assert.ok(t.avg_scroll_pct > 0 && t.avg_scroll_pct <= 100, `avg scroll ${t.avg_scroll_pct}`);
    assert.ok(t.avg_engaged_s >= READ_LONG_MS / 1000, `engaged ${t.avg_engaged_s} s`);
    assert.ok(t.avg_engaged_s <= visit.siteWallMs / 1000 + 0.1, `engaged ${t.avg_engaged_s} s in ${visit.siteWallMs} ms on the site`);
    assert.ok(t.avg_visit_duration_s > 0 && t.avg_visit_duration_s <= visit.siteWallMs / 1000 + 1, `duration ${t.avg_visit_duration_s} s`);
  });

  test('breakdown by page lists exactly the pages visited, with their pageviews', async () => {
    const { status, body } = await stats<{ rows: BreakdownRow[] }>('/api/stats/breakdown', { by: 'page', limit: '100' });
    assert.equal(status, 200);
    const byPage = Object.fromEntries(body.rows.map((r) => [r.value, r.pageviews]));
    assert.deepEqual(byPage, countOf(visit.pageviews));
    for (const row of body.rows) assert.equal(row.visitors, 1, row.value);

    const long = body.rows.find((r) => r.value === '/long.html');
    assert.ok(long, 'the long page has a row');
    assert.equal(long.avg_scroll_pct, visit.longDepth, 'the deepest point the visitor scrolled to');
    assert.ok(long.avg_engaged_s! >= READ_LONG_MS / 1000, `engaged on the long page: ${long.avg_engaged_s} s`);
    assert.ok(long.avg_engaged_s! <= visit.longWallMs / 1000 + 0.1, `engaged ${long.avg_engaged_s} s in ${visit.longWallMs} ms`);
  });

  test('breakdown by event: the custom events and the outbound click, with their counts', async () => {
    const { status, body } = await stats<{ rows: BreakdownRow[] }>('/api/stats/breakdown', { by: 'event', limit: '100' });
    assert.equal(status, 200);
    assert.deepEqual(Object.fromEntries(body.rows.map((r) => [r.value, r.events])), Object.fromEntries(visit.events));
    for (const row of body.rows) assert.deepEqual([row.visitors, row.visits], [1, 1], row.value);
  });

  test('timeseries: the pageviews fall in the range, as one visitor', async () => {
    const { status, body } = await stats<{ interval: string; points: { pageviews: number; visitors: number }[] }>('/api/stats/timeseries');
    assert.equal(status, 200);
    assert.equal(body.points.reduce((sum, p) => sum + p.pageviews, 0), visit.pageviews.length);
    assert.ok(body.points.every((p) => p.visitors <= 1));
  });

  test('realtime: one visitor active, on the pages visited', async () => {
    const { status, body } = await stats<Realtime>('/api/stats/realtime');
    assert.equal(status, 200);
    assert.equal(body.active_visitors, 1);
    assert.deepEqual(body.pages.map((p) => p.value).sort(), [...new Set(visit.pageviews)].sort().slice(0, 10));
    assert.ok(body.pages.every((p) => p.active_visitors === 1));
  });
});

/**
 * What the visitor does. Returns what the stats must show: each page load and SPA navigation is a
 * pageview; the data-vigil-event button, vigil() and the outbound link are events.
 */
async function browse(page: Page, origin: string): Promise<Visit> {
  const visit = new VisitLog(page, origin);
  const siteStart = Date.now();

  await page.goto(`${origin}/`);
  await visit.arrive('/');
  await page.click('#to-pricing');
  await visit.arrive('/pricing.html');
  await page.click('#to-home');
  await visit.arrive('/');

  // Taken before the click: the page's engaged time starts after it, so this window bounds it
  // even when a busy machine resumes this process late.
  const longStart = Date.now();
  await page.click('#to-long');
  await visit.arrive('/long.html');
  // Read down the article with the wheel, as a visitor does, and stop part way.
  for (let i = 0; i < 4; i++) {
    await page.mouse.wheel(0, 500);
    await page.waitForTimeout(100);
  }
  await page.waitForFunction('scrollY >= 1900');
  const longDepth = Number(
    await page.evaluate('Math.round(((scrollY + innerHeight) / document.documentElement.scrollHeight) * 100)'),
  );
  assert.ok(longDepth > 20 && longDepth < 100, `stopped part way: ${longDepth}%`);
  await page.waitForTimeout(READ_LONG_MS);
  // The visitor types the home address: a new page load, no link.
  await page.goto(`${origin}/`);
  const longWallMs = Date.now() - longStart;
  await visit.arrive('/');

  await page.click('#to-spa');
  await visit.arrive('/spa.html');
  await page.click('#spa-features');
  await visit.arrive('/spa/features');
  await page.click('#spa-about');
  await visit.arrive('/spa/about');
  await page.click('#spa-hash');
  await page.waitForURL(`${origin}/spa/about#/settings`);
  visit.pageviews.push('/spa/about#/settings');
  await page.waitForTimeout(150);

  await page.goto(`${origin}/links.html`);
  await visit.arrive('/links.html');
  await page.click('#signup');
  visit.fired('Signup');
  await page.waitForTimeout(150);
  await page.click('#signup');
  visit.fired('Signup');
  // A string: tsx would wrap a function passed to evaluate in its own helpers.
  await page.evaluate(`vigil('event', 'Download', { format: 'pdf' })`);
  visit.fired('Download');
  await page.click('#outbound');
  visit.fired('outbound');
  await page.waitForURL(/^http:\/\/localhost:/);
  await page.waitForLoadState('load');
  return { pageviews: visit.pageviews, events: visit.events, longDepth, longWallMs, siteWallMs: Date.now() - siteStart };
}

function countOf(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
}
