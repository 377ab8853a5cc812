/**
 * The dashboard as a site owner uses it, in a real Chromium against the real server: first-run
 * setup, sign out and in, add a site and copy its snippet, watch a visit arrive live on the
 * services list and the site dashboard (no reload), filter by clicking a row, and the two themes.
 * Screenshots of every main page in both themes go to test-artifacts/.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { needEngine } from '@vigil/core/test/engines';
import { startTestServer, type TestServer } from '@vigil/core/test/test-server';
import { serveTestSite, type TestSite } from '../../tracker/test/site/serve-site.ts';
import { ADMIN, ARTIFACTS, eventually, launchBrowser, sendPageview, setUpAdmin, watchErrors } from './ui-support.ts';

const engine = await needEngine('chromium');

const DOMAIN = 'flow.example';
/** visitors sent over the API for the filter test, by the one page each of them saw */
const PRICING_VISITORS = 3;
const HOME_VISITORS = 2;

describe('the dashboard, as a site owner uses it', { skip: engine.skip }, () => {
  let vigil: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let testSite: TestSite | undefined;
  let siteId = '';
  let snippet = '';
  const errors: string[] = [];

  const metric = (p: Page, key: string) => p.locator(`[data-metric=${key}] .metric-value`).innerText();

  before(async () => {
    vigil = await startTestServer();
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    context.setDefaultTimeout(10_000);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: vigil.url });
    page = await context.newPage();
    watchErrors(page, errors);
  });

  after(async () => {
    await testSite?.close();
    await browser?.close();
    await vigil?.stop();
  });

  test('first run: /services leads to setup, which signs the new admin in', async () => {
    await setUpAdmin(page, vigil);
    await page.getByRole('heading', { name: 'No services yet' }).waitFor();
    assert.equal(await page.locator('.header-user').innerText(), ADMIN.email);
    // setup is closed now: the page sends people to sign in instead
    await page.goto(`${vigil.url}/setup`);
    await page.waitForURL('**/services');
  });

  test('sign out, a wrong password is refused with a message, the right one signs in', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/login');
    await page.goto(`${vigil.url}/services`);
    await page.waitForURL(/\/login\?next=/);
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    // (Next's route announcer is an empty alert of its own, hence the text filter)
    const alert = page.getByRole('alert').filter({ hasText: /\S/ });
    await alert.waitFor();
    assert.equal(await alert.innerText(), 'Wrong email or password.');
    assert.match(page.url(), /\/login/);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/services');
    await page.getByRole('heading', { name: 'Services', exact: true }).waitFor();
  });

  test('add a site: its snippet is shown, copies to the clipboard, and it waits for the first event', async () => {
    await page.getByRole('button', { name: 'Add service' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Add a service' });
    await dialog.getByLabel('Domain', { exact: true }).fill(DOMAIN);
    await dialog.getByLabel('Name', { exact: true }).fill('Flow test');
    await dialog.getByLabel('Time zone').selectOption('UTC');
    // the test site is served from 127.0.0.1, so that hostname must be allowed too
    await dialog.getByLabel('Extra allowed hostnames').fill('127.0.0.1');
    await dialog.getByRole('button', { name: 'Add service', exact: true }).click();
    await page.getByTestId('snippet').waitFor();

    const { body } = await vigil.api<{ sites: { id: string; domain: string; allowed_hostnames: string[]; snippet: string }[] }>('/api/sites');
    assert.equal(body.sites.length, 1);
    const site = body.sites[0]!;
    assert.equal(site.domain, DOMAIN);
    assert.deepEqual(site.allowed_hostnames, ['127.0.0.1']);
    siteId = site.id;
    snippet = site.snippet;
    assert.equal(await page.getByTestId('snippet').innerText(), snippet);

    await page.getByRole('button', { name: 'Copy', exact: true }).click();
    await page.getByText('Copied to the clipboard.').waitFor();
    assert.equal(await page.evaluate('navigator.clipboard.readText()'), snippet);

    assert.match(await page.getByTestId('install-status').innerText(), /Waiting for the first event/);
    assert.match(await page.locator(`[data-site="${siteId}"] [data-testid=waiting]`).innerText(), /Waiting for the first event/);
    assert.equal(await page.locator(`[data-site="${siteId}"] [data-stat=live_visitors]`).innerText(), '0');
  });

  test('a visit shows up live on the services list and the site dashboard, without a reload', async () => {
    const dashboard = await context.newPage();
    watchErrors(dashboard, errors);
    await dashboard.goto(`${vigil.url}/services/${siteId}?range=24h`);
    await dashboard.getByTestId('empty-state').waitFor();
    assert.equal(await dashboard.getByTestId('active-visitors').innerText().then((t) => t.split(/\s/)[0]), '0');
    await dashboard.locator('.live-badge', { hasText: 'Live' }).first().waitFor();
    await page.locator('.live-badge', { hasText: 'Live' }).waitFor();
    // a reload would wipe these marks
    await page.evaluate('window.__stay = 1');
    await dashboard.evaluate('window.__stay = 1');

    testSite = await serveTestSite({ snippet });
    const visitor = await context.newPage();
    await visitor.goto(`${testSite.url}/`);

    await page.getByTestId('install-status').getByText('First event received').waitFor({ timeout: 10_000 });
    await eventually(() => page.locator(`[data-site="${siteId}"] [data-stat=live_visitors]`).innerText(), (t) => t === '1', 'services: visitors now');
    await eventually(() => dashboard.getByTestId('active-visitors').innerText(), (t) => t.startsWith('1'), 'dashboard: visitors now');
    const feed = dashboard.getByTestId('live-feed');
    await feed.locator('.what', { hasText: /^\/$/ }).first().waitFor({ timeout: 10_000 });
    assert.match(await feed.innerText(), /Direct/);
    await eventually(() => metric(dashboard, 'pageviews'), (t) => t === '1', 'dashboard: pageviews');
    assert.equal(await dashboard.getByTestId('empty-state').count(), 0, 'the empty state gave way to the data');
    assert.equal(await page.evaluate('window.__stay'), 1, 'the services list did not reload');
    assert.equal(await dashboard.evaluate('window.__stay'), 1, 'the dashboard did not reload');
    await visitor.close();
    await dashboard.close();
  });

  test('clicking a row filters the whole dashboard; the filter lives in the URL and comes off again', async () => {
    for (let i = 0; i < PRICING_VISITORS; i++) await sendPageview(vigil, siteId, 10 + i, `https://${DOMAIN}/pricing`);
    for (let i = 0; i < HOME_VISITORS; i++) await sendPageview(vigil, siteId, 20 + i, `https://${DOMAIN}/`);
    await vigil.flushed();
    // the browser's own visit counts too: one visitor on /
    const allVisitors = String(PRICING_VISITORS + HOME_VISITORS + 1);

    await page.goto(`${vigil.url}/services/${siteId}?range=24h`);
    await eventually(() => metric(page, 'visitors'), (t) => t === allVisitors, 'visitors before filtering');
    const pages = page.locator('[data-panel=pages]');
    await pages.locator('button[data-value="/pricing"]').click();

    const chip = page.getByTestId('filter-chip');
    await chip.waitFor();
    assert.equal(await chip.locator('.chip-text').innerText(), 'Page is /pricing');
    await eventually(() => metric(page, 'visitors'), (t) => t === String(PRICING_VISITORS), 'visitors with the filter');
    const url = new URL(page.url());
    assert.equal(url.searchParams.get('filter'), 'page==/pricing');
    assert.equal(url.searchParams.get('range'), '24h');
    // the other panels follow the filter: only the filtered visitors' pages remain
    await eventually(() => pages.locator('button[data-value]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-value'))), (v) => v.join() === '/pricing', 'pages panel rows');

    await page.reload();
    await chip.waitFor();
    await eventually(() => metric(page, 'visitors'), (t) => t === String(PRICING_VISITORS), 'visitors after a reload');

    await page.getByRole('button', { name: 'Remove filter: Page is /pricing' }).click();
    await eventually(() => metric(page, 'visitors'), (t) => t === allVisitors, 'visitors with the filter removed');
    assert.equal(await chip.count(), 0);
    assert.equal(new URL(page.url()).searchParams.get('filter'), null);
  });

  test('a breakdown exports as CSV, generated from what the panel shows', async () => {
    await page.goto(`${vigil.url}/services/${siteId}?range=24h`);
    const pages = page.locator('[data-panel=pages]');
    await pages.locator('button[data-value="/pricing"]').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), pages.getByRole('button', { name: 'Export Top pages as CSV' }).click()]);
    const csv = await new Promise<string>((resolve, reject) => {
      download.createReadStream().then((stream) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        stream.on('error', reject);
      }, reject);
    });
    const lines = csv.trim().split('\r\n');
    assert.equal(lines[0], 'page,visitors,visits,pageviews,avg_engaged_s,avg_scroll_pct');
    const byPage = new Map(lines.slice(1).map((l) => [l.split(',')[0], l.split(',')[1]]));
    assert.equal(byPage.get('/pricing'), String(PRICING_VISITORS));
    assert.equal(byPage.get('/'), String(HOME_VISITORS + 1));
    assert.match(download.suggestedFilename(), /^vigil-flow-example-page-.*\.csv$/);
  });

  test('edit a service, then delete it only after typing its domain', async () => {
    await page.goto(`${vigil.url}/services`);
    await page.getByRole('button', { name: 'Edit Flow test' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit Flow test' });
    await edit.getByLabel('Name', { exact: true }).fill('Flow renamed');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('link', { name: 'Flow renamed' }).waitFor();
    assert.equal((await vigil.api<{ site: { name: string } }>(`/api/sites/${siteId}`)).body.site.name, 'Flow renamed');

    // a second site to delete, so the rest of the tests keep theirs
    const doomed = await vigil.addSite({ domain: 'doomed.example', timezone: 'UTC' });
    await page.reload();
    await page.getByRole('button', { name: 'Delete doomed.example' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete doomed.example?' });
    assert.match(await confirm.innerText(), /all of its recorded events/);
    const button = confirm.getByRole('button', { name: 'Delete service and events' });
    assert.equal(await button.isDisabled(), true);
    await confirm.getByLabel('Type doomed.example to confirm').fill('doomed.exampl');
    assert.equal(await button.isDisabled(), true);
    await confirm.getByLabel('Type doomed.example to confirm').fill('doomed.example');
    await button.click();
    await page.locator(`[data-site="${doomed.id}"]`).waitFor({ state: 'detached' });
    assert.equal((await vigil.api(`/api/sites/${doomed.id}`)).status, 404);
    assert.equal(await page.locator(`[data-site="${siteId}"]`).count(), 1);
  });

  test('the theme follows the system until toggled; the choice survives a reload', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.reload();
    assert.equal(await page.evaluate('document.documentElement.dataset.theme'), 'dark');
    await page.getByRole('button', { name: 'Switch to light theme' }).click();
    assert.equal(await page.evaluate('document.documentElement.dataset.theme'), 'light');
    await page.reload();
    assert.equal(await page.evaluate('document.documentElement.dataset.theme'), 'light');
    await page.evaluate("localStorage.removeItem('vigil-theme')");
  });

  test('screenshots of the landing page, services and the dashboard in both themes', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const [name, path] of [
        ['landing', '/'],
        ['services', '/services'],
        ['dashboard', `/services/${siteId}?range=24h`],
      ] as const) {
        await page.goto(vigil.url + path);
        await page.waitForLoadState('networkidle').catch(() => undefined);
        if (name === 'dashboard') await page.locator('.chart canvas').waitFor();
        if (name === 'services') await page.locator('.sparkline').first().waitFor();
        if (name === 'landing') await page.locator('[data-counter=events] dd').filter({ hasText: /\d/ }).waitFor();
        assert.equal(await page.evaluate('document.documentElement.dataset.theme'), scheme);
        await page.screenshot({ path: `${ARTIFACTS}${name}-${scheme}.png`, fullPage: true });
      }
    }
    await page.setViewportSize({ width: 375, height: 740 });
    await page.goto(`${vigil.url}/services/${siteId}?range=24h`);
    await page.locator('.chart canvas').waitFor();
    const overflow = await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    assert.equal(overflow, 0, 'no sideways scrolling on a phone');
    await page.screenshot({ path: `${ARTIFACTS}dashboard-phone.png`, fullPage: true });
    assert.deepEqual(errors, []);
  });
});
