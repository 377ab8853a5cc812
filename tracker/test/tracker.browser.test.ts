/**
 * track.js in a real Chromium against the test site: what reaches POST /api/track is what the
 * tracker is for, so every assertion is about the events a collector received.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { needEngine } from '@vigil/core/test/engines';
import { DESKTOP_CHROME_UA, launchChromium } from '@vigil/core/test/browser';
import { wireBatchSchema, type WireEvent } from '@vigil/core/event/wire';
import { buildTracker } from '../src/build.ts';
import { serveTestSite, type TestSite } from './site/serve-site.ts';

const engine = await needEngine('chromium');

const VIEWPORT = { width: 1280, height: 720 };

interface Received {
  path: string;
  contentType: string;
  events: WireEvent[];
}

/** Serves the built scripts and records every POST, checked against the real wire schema. */
async function startCollector() {
  const bundles = new Map((await buildTracker()).map((b) => [`/${b.fileName}`, b.code]));
  const received: Received[] = [];
  const invalid: string[] = [];
  const scriptRequests: string[] = [];
  const server = createServer(async (req: IncomingMessage, res) => {
    const path = new URL(req.url ?? '/', 'http://collector').pathname;
    if (req.method === 'GET' && bundles.has(path)) {
      scriptRequests.push(path);
      res.writeHead(200, { 'Content-Type': 'application/javascript; charset=utf-8' }).end(bundles.get(path));
      return;
    }
    if (req.method === 'POST') {
      let body = '';
      for await (const chunk of req) body += chunk;
      const parsed = wireBatchSchema.safeParse(JSON.parse(body));
      if (parsed.success) received.push({ path, contentType: req.headers['content-type'] ?? '', events: parsed.data });
      else invalid.push(body);
      res.writeHead(204, { 'Access-Control-Allow-Origin': '*' }).end();
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    received,
    invalid,
    scriptRequests,
    events: (site: string) => received.flatMap((r) => r.events).filter((e) => e.s === site),
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = 4000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Headless pages are never hidden, so the test plays the tab switch a visitor would make. */
async function setHidden(page: Page, hidden: boolean): Promise<void> {
  // A string, not a function: tsx would wrap a function's inner closures in its own helper.
  await page.evaluate(`
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => '${hidden ? 'hidden' : 'visible'}' });
    document.dispatchEvent(new Event('visibilitychange'));
  `);
}

const stubSnippet = (call: string) =>
  `<script>window.vigil = window.vigil || function () { (window.vigil.q = window.vigil.q || []).push(arguments) }; ${call}</script>`;

describe('track.js in Chromium', { skip: engine.skip }, () => {
  let browser: Browser;
  let collector: Awaited<ReturnType<typeof startCollector>>;
  const sites: TestSite[] = [];
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

  /** A test site whose pages embed track.js with these attributes. */
  async function site(siteId: string, attrs = '', before = ''): Promise<string> {
    const s = await serveTestSite({
      snippet: `${before}<script defer src="${collector.url}/track.js" data-site="${siteId}" ${attrs}></script>`,
    });
    sites.push(s);
    return s.url;
  }

  async function newPage(initScript?: string): Promise<Page> {
    const context = await browser.newContext({
      userAgent: DESKTOP_CHROME_UA,
      locale: 'de-DE',
      viewport: VIEWPORT,
      screen: { width: 1600, height: 900 },
    });
    contexts.push(context);
    if (initScript) await context.addInitScript(initScript);
    const page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
    return page;
  }

  async function storageOf(page: Page) {
    return page.evaluate(() => ({ cookie: document.cookie, local: localStorage.length, session: sessionStorage.length }));
  }

  before(async () => {
    collector = await startCollector();
    browser = await launchChromium();
  });

  after(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    for (const s of sites) await s.close();
    await collector?.close();
  });

  test('a pageview on load: UTM kept, other query parameters dropped, title, referrer, width, language', async () => {
    const origin = await site('main');
    const page = await newPage();
    await page.goto(`${origin}/?utm_source=news&fbclid=abc123&utm_campaign=spring&email=jane%40example.com#intro`);
    const home = await waitFor('home pageview', () => collector.events('main').find((e) => e.n === 'pageview'));
    assert.equal(home.u, `${origin}/?utm_source=news&utm_campaign=spring`);
    assert.equal(home.t, 'Vigil test site - Home');
    assert.equal(home.w, 1600);
    assert.equal(home.l, 'de-DE');
    assert.equal(home.r, '');

    await page.waitForTimeout(300);
    await page.click('#to-pricing');
    const pricing = await waitFor('pricing pageview', () =>
      collector.events('main').find((e) => e.n === 'pageview' && e.u === `${origin}/pricing.html`),
    );
    // The referrer is the previous page, cleaned like a tracked URL.
    assert.equal(pricing.r, `${origin}/?utm_source=news&utm_campaign=spring`);
    assert.equal(pricing.t, 'Vigil test site - Pricing');
    // Leaving the page (pagehide) reported its focused time.
    const left = await waitFor('engagement of the home page', () =>
      collector.events('main').find((e) => e.n === 'engagement' && e.u === home.u),
    );
    assert.ok(left.e! >= 250, `focused time of the home page: ${left.e}`);
    assert.equal(left.d, 100, 'a page that does not scroll is read to the end');
    assert.ok(collector.received.every((r) => r.path === '/api/track' && r.contentType.startsWith('text/plain')));
    assert.deepEqual(await storageOf(page), { cookie: '', local: 0, session: 0 });
  });
  test('SPA: pushState navigations, replaceState to the same URL, back, in-page anchors and a hash route', async () => {
    const origin = await site('spa');
    const page = await newPage();
    await page.goto(`${origin}/spa.html`);
    const pageviews = () => collector.events('spa').filter((e) => e.n === 'pageview');
    await waitFor('first pageview', () => pageviews()[0]);

    await page.click('#spa-features');
    await waitFor('features pageview', () => pageviews()[1]);
    await page.click('#spa-replace-same');
    await page.click('#spa-about');
    await waitFor('about pageview', () => pageviews()[2]);
    await page.goBack();
    await waitFor('pageview after back', () => pageviews()[3]);
    await page.click('#spa-anchor');
    await page.click('#spa-hash');
    await waitFor('hash route pageview', () => pageviews()[4]);
    await page.waitForTimeout(300);

    assert.deepEqual(
      pageviews().map((e) => [e.u, e.t]),
      [
        [`${origin}/spa.html`, 'Vigil test site - App'],
        [`${origin}/spa/features`, 'Vigil test site - Features'],
        [`${origin}/spa/about`, 'Vigil test site - About'],
        [`${origin}/spa/features`, 'Vigil test site - Features'],
        [`${origin}/spa/features#/settings`, 'Vigil test site - Settings'],
      ],
    );
    // Each page left by a navigation is reported before the next pageview, under its own URL.
    const sequence = collector
      .events('spa')
      .filter((e) => e.n !== 'click')
      .map((e) => `${e.n} ${e.u.slice(origin.length)}`);
    assert.deepEqual(sequence.slice(0, 4), ['pageview /spa.html', 'engagement /spa.html', 'pageview /spa/features', 'engagement /spa/features']);
    assert.deepEqual(await storageOf(page), { cookie: '', local: 0, session: 0 });
  });

  test('engagement: focused time only, and the deepest scroll of the page', async () => {
    const origin = await site('scroll');
    const page = await newPage();
    await page.goto(`${origin}/long.html`);
    const engagements = () => collector.events('scroll').filter((e) => e.n === 'engagement');

    await page.waitForTimeout(300);
    await setHidden(page, true);
    const first = await waitFor('engagement at the top', () => engagements()[0]);
    const topDepth = await page.evaluate(() => Math.round(((scrollY + innerHeight) / document.documentElement.scrollHeight) * 100));
    assert.equal(first.u, `${origin}/long.html`);
    assert.ok(first.e! >= 250, `focused time ${first.e}`);
    assert.equal(first.d, topDepth);
    assert.ok(topDepth > 0 && topDepth < 50);

    // Hidden time does not count; visible time after coming back does.
    await page.waitForTimeout(500);
    await setHidden(page, false);
    await page.evaluate(() => scrollTo(0, document.documentElement.scrollHeight));
    await page.waitForTimeout(200);
    await page.evaluate(() => scrollTo(0, 0));
    await setHidden(page, true);
    const second = await waitFor('engagement after scrolling', () => engagements()[1]);
    assert.equal(second.d, 100, 'the deepest scroll, though the page went back to the top');
    assert.ok(second.e! >= 150 && second.e! < 450, `focused time since the last report: ${second.e}`);

    // Nothing new (no focused time, no deeper scroll): no report.
    await setHidden(page, true);
    await page.waitForTimeout(250);
    assert.equal(engagements().length, 2);
  });
  test('custom events from data-vigil-event and vigil(), a call queued before load, and an outbound link', async () => {
    const origin = await site('events', '', stubSnippet(`vigil('event', 'Queued', { early: true });`));
    const page = await newPage();
    await page.goto(`${origin}/links.html`);
    const named = (n: string) => () => collector.events('events').find((e) => e.n === n);

    const queued = await waitFor('the queued call', named('Queued'));
    assert.deepEqual(queued.p, { early: true });
    assert.equal(queued.u, `${origin}/links.html`);

    await page.click('#signup');
    const signup = await waitFor('Signup', named('Signup'));
    assert.deepEqual(signup.p, { plan: 'pro', 'billing-cycle': 'yearly' });

    await page.evaluate(`vigil('event', 'Download', { format: 'pdf', pages: 3, beta: false, nested: { a: 1 }, nan: NaN, long: 'x'.repeat(600) })`);
    const download = await waitFor('Download', named('Download'));
    // Values the wire schema would refuse are left out (or cut), so the batch still gets in.
    assert.deepEqual(download.p, { format: 'pdf', pages: 3, beta: false, long: 'x'.repeat(500) });

    // Odd calls and events from the host page are ignored without an error reaching the page.
    await page.evaluate(`
      vigil('event', 'Odd', { get boom() { throw new Error('a host getter') } });
      vigil('event'); vigil(); vigil('event', 42); vigil('event', '');
      document.dispatchEvent(new MouseEvent('click', { bubbles: true, detail: 1 }));
    `);
    await page.click('#internal');
    await page.waitForURL(`${origin}/pricing.html`);
    await page.goBack();
    await page.click('#outbound');
    const outbound = await waitFor('outbound', named('outbound'));
    assert.equal(outbound.h, `${origin.replace('127.0.0.1', 'localhost')}/pricing.html`);
    assert.equal(outbound.u, `${origin}/links.html`);
    assert.equal(collector.events('events').filter((e) => e.n === 'outbound').length, 1, 'a same-host link is not outbound');
    const names = new Set(collector.events('events').map((e) => e.n));
    assert.deepEqual([...names].sort(), ['Download', 'Queued', 'Signup', 'click', 'engagement', 'outbound', 'pageview']);
    await page.waitForURL(/localhost/);
    assert.deepEqual(await storageOf(page), { cookie: '', local: 0, session: 0 });
  });

  test('heatmap clicks: document position, viewport width and a short selector', async () => {
    const origin = await site('heat');
    const page = await newPage();
    await page.goto(`${origin}/long.html`);
    assert.ok(collector.scriptRequests.includes('/track-clicks.js'));
    await page.locator('section.last h2').click();
    const click = await waitFor('heatmap click', () => collector.events('heat').find((e) => e.n === 'click'));
    const expected = await page.evaluate(() => {
      const r = document.querySelector('section.last h2')!.getBoundingClientRect();
      return { x: Math.round(r.left + r.width / 2 + scrollX), y: Math.round(r.top + r.height / 2 + scrollY), scrollY };
    });
    assert.ok(expected.scrollY > 3000, 'the click was far down the page');
    assert.ok(Math.abs(click.x! - expected.x) <= 1, `x ${click.x} vs ${expected.x}`);
    assert.ok(Math.abs(click.y! - expected.y) <= 1, `y ${click.y} vs ${expected.y}`);
    assert.equal(click.v, VIEWPORT.width);
    assert.equal(click.c, 'main#article > section.last.part > h2');
    assert.equal(click.u, `${origin}/long.html`);

    await page.goto(`${origin}/links.html`);
    await page.click('#signup');
    const label = await waitFor('click on the label', () =>
      collector.events('heat').find((e) => e.n === 'click' && e.u.endsWith('/links.html')),
    );
    assert.equal(label.c, 'button#signup > span.label');
  });

  test('data-clicks="false" does not load track-clicks.js', async () => {
    const origin = await site('no-clicks', 'data-clicks="false"');
    const page = await newPage();
    const requested: string[] = [];
    page.on('request', (r) => requested.push(new URL(r.url()).pathname));
    await page.goto(`${origin}/links.html`);
    await page.click('#signup');
    await waitFor('Signup', () => collector.events('no-clicks').find((e) => e.n === 'Signup'));
    assert.ok(requested.includes('/track.js'));
    assert.ok(!requested.includes('/track-clicks.js'), requested.join(' '));
    assert.equal(collector.events('no-clicks').filter((e) => e.n === 'click').length, 0);
  });

  test('data-keep-query keeps every query parameter (not the anchor)', async () => {
    const origin = await site('keep', 'data-keep-query');
    const page = await newPage();
    await page.goto(`${origin}/pricing.html?utm_source=x&ref=abc&page=2#plans`);
    const view = await waitFor('pageview', () => collector.events('keep').find((e) => e.n === 'pageview'));
    assert.equal(view.u, `${origin}/pricing.html?utm_source=x&ref=abc&page=2`);
  });

  test('data-api sends to the given endpoint instead of the script origin', async () => {
    const origin = await site('alt', `data-api="${collector.url}/alt/track"`);
    const page = await newPage();
    await page.goto(`${origin}/pricing.html`);
    await waitFor('pageview', () => collector.events('alt').find((e) => e.n === 'pageview'));
    const paths = collector.received.filter((r) => r.events.some((e) => e.s === 'alt')).map((r) => r.path);
    assert.deepEqual([...new Set(paths)], ['/alt/track']);
  });

  test('data-respect-dnt with Global Privacy Control sends nothing', async () => {
    const origin = await site('dnt', 'data-respect-dnt');
    const gpc = await newPage(`Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true })`);
    const posts: string[] = [];
    gpc.on('request', (r) => r.method() === 'POST' && posts.push(r.url()));
    await gpc.goto(`${origin}/links.html`);
    await gpc.click('#signup');
    await gpc.evaluate(`vigil('event', 'Download')`);
    await gpc.click('#internal');
    await gpc.waitForURL(/pricing/);
    await setHidden(gpc, true);

    // The same site without the signal is tracked, so silence above is the signal's doing.
    const plain = await newPage();
    await plain.goto(`${origin}/pricing.html`);
    await waitFor('pageview without GPC', () => collector.events('dnt').find((e) => e.n === 'pageview'));
    await gpc.waitForTimeout(200);
    assert.deepEqual(posts, []);
    assert.equal(collector.events('dnt').length, 1);
  });

  test('every body sent was a valid wire batch, as text/plain, and no page saw an error', () => {
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(collector.invalid, []);
    assert.ok(collector.received.length > 10);
    assert.ok(collector.received.every((r) => r.contentType.startsWith('text/plain')));
  });
});
