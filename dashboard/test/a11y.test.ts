/**
 * Accessibility: axe-core runs in a real Chromium on the landing page, sign-in, the services list
 * (with the add-service dialog open) and a site dashboard with data, in the light and the dark
 * theme. Violations of serious or critical impact fail (labels, roles, names, contrast).
 * Also: the keyboard reaches the skip link first, and focus is visible.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { needEngine } from '@vigil/core/test/engines';
import { startTestServer, type TestServer } from '@vigil/core/test/test-server';
import { launchBrowser, sendPageview, setUpAdmin } from './ui-support.ts';

const engine = await needEngine('chromium');
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

const THEMES = ['light', 'dark'] as const;

describe('accessibility (axe-core) in both themes', { skip: engine.skip }, () => {
  let vigil: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let siteId = '';

  /** axe on the page as it is now; returns serious and critical violations, readable. */
  const audit = async (p: Page): Promise<string[]> => {
    if (!(await p.evaluate('typeof window.axe !== "undefined"'))) await p.addScriptTag({ content: AXE_SOURCE });
    const violations = (await p.evaluate(
      "axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) })))",
    )) as Violation[];
    return violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`).join(' | ')}`);
  };

  before(async () => {
    vigil = await startTestServer();
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(10_000);
    page = await context.newPage();
    await setUpAdmin(page, vigil);
    siteId = (await vigil.addSite({ domain: 'a11y.example', name: 'A11y site', timezone: 'UTC' })).id;
    await vigil.addSite({ domain: 'empty.example', timezone: 'UTC' });
    const pages = ['/', '/pricing', '/docs'];
    for (let i = 0; i < 6; i++) {
      await sendPageview(vigil, siteId, i, `https://a11y.example${pages[i % 3]}?utm_source=newsletter`, { r: 'https://news.ycombinator.com/' }, { 'x-forwarded-for': `203.0.113.${i}` });
    }
    await sendPageview(vigil, siteId, 9, 'https://a11y.example/buy', { n: 'Signup' });
    await vigil.flushed();
  });

  after(async () => {
    await browser?.close();
    await vigil?.stop();
  });

  for (const theme of THEMES) {
    test(`${theme}: landing, sign-in, services (and its dialog) and the dashboard have no serious violations`, async () => {
      await page.emulateMedia({ colorScheme: theme });
      const found: string[] = [];
      const check = async (name: string) => {
        assert.equal(await page.evaluate('document.documentElement.dataset.theme'), theme);
        for (const v of await audit(page)) found.push(`${name}: ${v}`);
      };

      await page.goto(`${vigil.url}/`);
      await page.locator('[data-counter=events] dd').filter({ hasText: /\d/ }).waitFor();
      await check('landing');

      // a second context without the session, so /login stays put
      const visitor = await browser.newContext({ colorScheme: theme });
      const loginPage = await visitor.newPage();
      await loginPage.goto(`${vigil.url}/login`);
      await loginPage.getByRole('button', { name: 'Sign in' }).and(loginPage.locator(':enabled')).waitFor();
      await loginPage.getByLabel('Email').fill('someone@example.com');
      await loginPage.getByLabel('Password').fill('wrong password');
      await loginPage.getByRole('button', { name: 'Sign in' }).click();
      await loginPage.locator('.form-error').waitFor();
      assert.equal(await loginPage.evaluate('document.documentElement.dataset.theme'), theme);
      for (const v of await audit(loginPage)) found.push(`login: ${v}`);
      await visitor.close();

      await page.goto(`${vigil.url}/services`);
      await page.locator('.sparkline').first().waitFor();
      await page.getByTestId('waiting').waitFor();
      await check('services');
      await page.getByRole('button', { name: 'Add service' }).first().click();
      await page.getByRole('dialog', { name: 'Add a service' }).waitFor();
      await check('add-service dialog');
      await page.keyboard.press('Escape');

      await page.goto(`${vigil.url}/services/${siteId}?range=24h&filter=${encodeURIComponent('page==/pricing')}`);
      await page.locator('.chart canvas').waitFor();
      await page.locator('[data-panel=pages] button[data-value]').first().waitFor();
      await page.getByTestId('filter-chip').waitFor();
      await check('dashboard');

      assert.deepEqual(found, []);
    });
  }

  test('the audit itself sees violations: an unlabelled field and low contrast are reported', async () => {
    await page.goto(`${vigil.url}/`);
    // once the page has rendered its data: a probe added before React settles may be replaced
    await page.locator('[data-counter=events] dd').filter({ hasText: /\d/ }).waitFor();
    await page.evaluate(
      "document.querySelector('main').insertAdjacentHTML('beforeend', '<input id=probe-input><p id=probe-text style=\"color:#bbb;background:#fff\">faint text</p>')",
    );
    const found = (await audit(page)).join('\n');
    assert.match(found, /label \(critical\).*#probe-input/);
    assert.match(found, /color-contrast \(serious\).*#probe-text/);
  });

  test('the keyboard reaches the skip link first, and it moves focus to the content', async () => {
    await page.goto(`${vigil.url}/services`);
    await page.locator('.service').first().waitFor();
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate('document.activeElement?.textContent'), 'Skip to content');
    const outline = await page.evaluate('getComputedStyle(document.activeElement).outlineStyle');
    assert.notEqual(outline, 'none', 'focus is visible');
    await page.keyboard.press('Enter');
    assert.equal(new URL(page.url()).hash, '#main');
  });
});
