/**
 * Chromium for the dashboard sections: the tests' system browser through playwright-core, with a
 * desktop Chrome user agent, signed in as the admin through POST /api/auth/login so the session
 * cookie lands in the browser context's own jar.
 */
import type { Browser, BrowserContext } from 'playwright-core';
import { existsSync } from 'node:fs';
import { DESKTOP_CHROME_UA, launchChromium as launchTestChromium } from '@vigil/core/test/browser';
import { chromiumPath } from '@vigil/core/test/engines';
import { SectionSkipped } from './skip.ts';

/** The visitor's browser the tests use too (ingest's bot filter drops HeadlessChrome). */
export const DESKTOP_UA = DESKTOP_CHROME_UA;

/** The admin every browser section signs in as; the server creates it on start from the env. */
export const ADMIN = { email: 'bench@example.com', password: 'bench-password-0123456789' } as const;
export const ADMIN_ENV = { VIGIL_ADMIN_EMAIL: ADMIN.email, VIGIL_ADMIN_PASSWORD: ADMIN.password } as const;

/** The tests' Chromium (core/src/test/browser.ts); a section without one is skipped. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath())) throw new SectionSkipped(`no Chromium at ${chromiumPath()} (set VIGIL_CHROMIUM)`);
  return launchTestChromium();
}

/** A fresh context (empty cache and cookie jar), signed in to the server at `url`. */
export async function signedInContext(browser: Browser, url: string): Promise<BrowserContext> {
  const context = await browser.newContext({ userAgent: DESKTOP_UA, viewport: { width: 1366, height: 900 } });
  // login accepts only same-origin JSON, as the sign-in form sends it
  const res = await context.request.post(`${url}/api/auth/login`, { headers: { origin: url, 'content-type': 'application/json' }, data: ADMIN });
  if (!res.ok()) {
    await context.close();
    throw new Error(`POST /api/auth/login answered ${res.status()}: ${(await res.text()).slice(0, 300)}`);
  }
  return context;
}
