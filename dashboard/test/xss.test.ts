/**
 * Visitors control page paths, titles, referrers, UTM tags and event names. Events carrying XSS
 * payloads go in through POST /api/track, and the dashboard must show them as plain text: no
 * dialog opens, no injected element exists, no script sets the flag — in the breakdowns, in the
 * live feed, in a filter chip, and after that filter round-trips through the URL.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { needEngine } from '@vigil/core/test/engines';
import { startTestServer, type TestServer } from '@vigil/core/test/test-server';
import { eventually, launchBrowser, sendPageview, setUpAdmin, watchErrors } from './ui-support.ts';

const engine = await needEngine('chromium');

const DOMAIN = 'xss.example';
const IMG = '<img src=x onerror="window.__xss=1;alert(1)">';
const SCRIPT = '"><script>window.__xss=1;alert(2)</script>';
const SVG = '<svg onload=window.__xss=1>';
const JS_URL = 'javascript:window.__xss=1;alert(3)';

describe('XSS payloads from visitors render as text', { skip: engine.skip }, () => {
  let vigil: TestServer;
  let browser: Browser;
  let page: Page;
  let siteId = '';
  const dialogs: string[] = [];
  const errors: string[] = [];

  const assertClean = async (p: Page, where: string) => {
    assert.deepEqual(dialogs, [], `no dialog opened (${where})`);
    assert.equal(await p.evaluate('typeof window.__xss'), 'undefined', `no payload ran (${where})`);
    assert.equal(await p.locator('img[src="x"], svg[onload]').count(), 0, `no injected element (${where})`);
    const injectedScripts = await p.evaluate("[...document.scripts].filter((s) => s.text.trim().startsWith('window.__xss')).length");
    assert.equal(injectedScripts, 0, `no injected script (${where})`);
    assert.equal(await p.locator('a[href^="javascript:"]').count(), 0, `no javascript: link (${where})`);
  };

  const send = async (n: number, extra: Record<string, unknown>, path = '/') => sendPageview(vigil, siteId, n, `https://${DOMAIN}${path}`, extra);

  before(async () => {
    vigil = await startTestServer();
    siteId = (await vigil.addSite({ domain: DOMAIN, name: 'XSS <b>site</b>', timezone: 'UTC' })).id;
    // the payloads, in every field a visitor controls
    await send(1, { t: SCRIPT, r: JS_URL }, `/${encodeURIComponent(IMG)}`);
    await send(2, { r: `https://evil.example/${SCRIPT}` }, `/?utm_source=${encodeURIComponent(IMG)}&utm_campaign=${encodeURIComponent(SVG)}`);
    await send(3, { n: IMG }, '/buy');
    await send(4, { n: SCRIPT, p: { plan: IMG } }, '/buy');
    await vigil.flushed();

    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(10_000);
    page = await context.newPage();
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    watchErrors(page, errors);
    await setUpAdmin(page, vigil);
  });

  after(async () => {
    await browser?.close();
    await vigil?.stop();
  });

  test('services list and every breakdown tab show the payloads as text', async () => {
    await page.getByRole('link', { name: 'XSS <b>site</b>' }).waitFor();
    await assertClean(page, 'services');

    await page.goto(`${vigil.url}/services/${siteId}?range=24h`);
    const events = page.locator('[data-panel=custom-events]');
    // the raw payload is on screen, as characters
    await events.locator('.row-label', { hasText: IMG }).waitFor();
    await events.locator('.row-label', { hasText: SCRIPT }).waitFor();
    for (const tab of await page.getByRole('tab').all()) {
      await tab.click();
      await page.waitForTimeout(150);
    }
    await page.locator('[data-panel=sources]').getByRole('tab', { name: 'UTM source' }).click();
    await page.locator('[data-panel=sources] .row-label', { hasText: IMG }).waitFor();
    await page.locator('[data-panel=sources]').getByRole('tab', { name: 'UTM campaign' }).click();
    await page.locator('[data-panel=sources] .row-label', { hasText: SVG }).waitFor();
    await assertClean(page, 'dashboard breakdowns');
  });

  test('a payload as a filter chip, through the URL and back, stays text', async () => {
    await page.locator('[data-panel=custom-events] button[data-value]', { hasText: IMG }).click();
    const chip = page.getByTestId('filter-chip');
    await chip.waitFor();
    assert.equal(await chip.locator('.chip-text').innerText(), `Event is ${IMG}`);
    // the filter syntax escapes ; | = ! and backslash inside values
    assert.equal(new URL(page.url()).searchParams.get('filter'), `event==${IMG.replace(/[;|=!\\]/g, '\\$&')}`);
    await page.reload();
    await chip.waitFor();
    assert.equal(await chip.locator('.chip-text').innerText(), `Event is ${IMG}`);
    await assertClean(page, 'filter chip');
  });

  test('the live feed shows payload pages and event names as they arrive', async () => {
    await page.goto(`${vigil.url}/services/${siteId}?range=24h`);
    await page.locator('.live-badge', { hasText: 'Live' }).first().waitFor();
    await send(5, { n: SVG }, `/${encodeURIComponent(SCRIPT)}`);
    await send(6, { n: JS_URL });
    const feed = page.getByTestId('live-feed');
    await eventually(() => feed.innerText().catch(() => ''), (t) => t.includes(SVG) && t.includes(JS_URL), 'live feed with the payloads');
    await assertClean(page, 'live feed');
    assert.deepEqual(errors, []);
  });
});
