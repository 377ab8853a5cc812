/**
 * track.js in a real Chromium against the test site: what reaches POST /api/track is what the
 * tracker is for, so every assertion is about the events a collector received.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { chromiumPath, needEngine } from '@vigil/core/test/engines';
import { wireBatchSchema, type WireEvent } from '@vigil/core/event/wire';
import { buildTracker } from '../src/build.ts';
import { serveTestSite, type TestSite } from './site/serve-site.ts';

const engine = await needEngine('chromium');

const DESKTOP_CHROME_UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
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
  await page.evaluate((h) => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (h ? 'hidden' : 'visible') });
    document.dispatchEvent(new Event('visibilitychange'));
  }, hidden);
}

const stubSnippet = (call: string) =>
  `<script>window.vigil = window.vigil || function () { (window.vigil.q = window.vigil.q || []).push(arguments) }; ${call}</script>`;

describe('track.js in Chromium', { skip: engine.skip }, () => {
  let browser: Browser;
  let collector: Awaited<ReturnType<typeof startCollector>>;
  const sites: TestSite[] = [];
  const contexts: BrowserContext[] = [];

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
    return context.newPage();
  }

  async function storageOf(page: Page) {
    return page.evaluate(() => ({ cookie: document.cookie, local: localStorage.length, session: sessionStorage.length }));
  }

  before(async () => {
    collector = await startCollector();
    browser = await chromium.launch({
      executablePath: chromiumPath(),
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
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
    const left = collector.events('main').find((e) => e.n === 'engagement' && e.u === home.u);
    assert.ok(left && left.e! >= 250, `engagement of the home page on pagehide: ${JSON.stringify(left)}`);
    assert.ok(collector.received.every((r) => r.path === '/api/track' && r.contentType.startsWith('text/plain')));
    assert.deepEqual(await storageOf(page), { cookie: '', local: 0, session: 0 });
  });
});
