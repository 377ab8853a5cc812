/**
 * Test helper: one fixed visit of the tracker's test site by a real Chromium, with the snippet
 * pointing at a given Vigil server, waited on until that server has taken in every beacon. The
 * same script run twice causes the same stored events, so two deployments can be compared.
 */
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { VISITOR_CONTEXT, VisitLog, launchChromium } from '@vigil/core/test/browser';
import { serveTestSite } from '../../../tracker/test/site/serve-site.ts';
import { BeaconWatch } from '../../../dashboard/test/support/beacon-watch.ts';

export { DESKTOP_CHROME_UA } from '@vigil/core/test/browser';

/** How long the visitor reads the long page before leaving it. */
export const READ_LONG_MS = 600;

export const launchBrowser = launchChromium;

export interface VisitResult {
  /** every pageview the visitor caused, as the stats API reports its page */
  pageviews: string[];
  /** custom events and outbound clicks, by name */
  events: Map<string, number>;
  /** wall time from the first page load to the last beacon sent */
  wallMs: number;
  /** distinct statuses the tracking endpoint answered the page with */
  statuses: number[];
  pageErrors: string[];
}

interface IngestHealth {
  ingest: { accepted: number; dropped: Record<string, number> };
}

/** What the ingest at `ingestUrl` took in so far (accepted or dropped), from its health route. */
export async function ingestTakenIn(ingestUrl: string): Promise<number> {
  const res = await fetch(`${ingestUrl}/api/health`);
  const { ingest } = (await res.json()) as IngestHealth;
  return ingest.accepted + Object.values(ingest.dropped).reduce((a, b) => a + b, 0);
}

/**
 * Visits the test site with the snippet loading track.js from `ingestUrl` (so it also sends there),
 * closes the tab, and resolves once that ingest has taken in every event the browser sent.
 */
export async function visitSite(browser: Browser, ingestUrl: string, siteId: string): Promise<VisitResult> {
  const site = await serveTestSite({ snippet: `<script defer src="${ingestUrl}/track.js" data-site="${siteId}"></script>` });
  const context = await browser.newContext(VISITOR_CONTEXT);
  try {
    const beacons = new BeaconWatch(context, `${ingestUrl}/api/track`);
    const before = await ingestTakenIn(ingestUrl);
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (err) => pageErrors.push(err.message));
    const started = Date.now();
    const { pageviews, events } = await browse(page, site.url);
    // closing the tab fires pagehide on the last page: its engagement is sent then
    await page.close({ runBeforeUnload: true });
    await beacons.settled(async () => (await ingestTakenIn(ingestUrl)) - before, 300, 10_000);
    return { pageviews, events, wallMs: Date.now() - started, statuses: beacons.statuses(), pageErrors };
  } finally {
    await context.close().catch(() => {});
    await site.close();
  }
}

async function browse(page: Page, origin: string): Promise<{ pageviews: string[]; events: Map<string, number> }> {
  const visit = new VisitLog(page, origin);
  await page.goto(`${origin}/`);
  await visit.arrive('/');
  await page.click('#to-pricing');
  await visit.arrive('/pricing.html');
  await page.click('#to-home');
  await visit.arrive('/');
  await page.click('#to-long');
  await visit.arrive('/long.html');
  // an exact position (not wheel steps) so every run reaches the same depth
  await page.evaluate('scrollTo(0, 2000)');
  await page.waitForFunction('scrollY >= 2000');
  await page.waitForTimeout(READ_LONG_MS);
  await page.goto(`${origin}/spa.html`);
  await visit.arrive('/spa.html');
  await page.click('#spa-features');
  await visit.arrive('/spa/features');
  await page.click('#spa-about');
  await visit.arrive('/spa/about');
  await page.goto(`${origin}/links.html`);
  await visit.arrive('/links.html');
  await page.click('#signup');
  visit.fired('Signup');
  // a string: tsx would wrap a function passed to evaluate in its own helpers
  await page.evaluate(`vigil('event', 'Download', { format: 'pdf' })`);
  visit.fired('Download');
  await page.click('#outbound');
  visit.fired('outbound');
  await page.waitForURL(/^http:\/\/localhost:/);
  await page.waitForLoadState('load');
  assert.ok(visit.pageviews.length > 0);
  return { pageviews: visit.pageviews, events: visit.events };
}
