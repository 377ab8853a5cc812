/**
 * Chromium for the dashboard sections: the system browser through playwright-core, with a desktop
 * Chrome user agent (ingest's bot filter drops HeadlessChrome), signed in as the admin through
 * POST /api/auth/login so the session cookie lands in the browser context's own jar.
 */
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { existsSync } from 'node:fs';
import { SectionSkipped } from './skip.ts';

export const CHROMIUM_PATH = process.env.VIGIL_CHROMIUM ?? '/usr/bin/chromium';
export const DESKTOP_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

/** The admin every browser section signs in as; the server creates it on start from the env. */
export const ADMIN = { email: 'bench@example.com', password: 'bench-password-0123456789' } as const;
export const ADMIN_ENV = { VIGIL_ADMIN_EMAIL: ADMIN.email, VIGIL_ADMIN_PASSWORD: ADMIN.password } as const;

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) throw new SectionSkipped(`no Chromium at ${CHROMIUM_PATH} (set VIGIL_CHROMIUM)`);
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--user-agent=${DESKTOP_UA}`],
  });
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
