/**
 * Shared by the dashboard's browser tests (ui-flow, xss, a11y): a real server with the built
 * dashboard, a real Chromium, and the steps a site owner takes to get signed in.
 */
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '@vigil/core/test/browser';
import { CHROME_UA, type TestServer } from '@vigil/core/test/test-server';

export const ADMIN = { email: 'owner@example.com', password: 'correct horse battery staple' };

export const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url).pathname;

export function launchBrowser(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return launchChromium();
}

/** Collects uncaught page errors so a test can assert there were none. */
export function watchErrors(page: Page, into: string[]): void {
  page.on('pageerror', (e) => into.push(`${page.url()}: ${e.message}`));
}

/** First run through the UI: /services sends a new server's visitor to /setup. */
export async function setUpAdmin(page: Page, vigil: TestServer): Promise<void> {
  await page.goto(`${vigil.url}/services`);
  await page.waitForURL('**/setup');
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL('**/services');
}

/** A different desktop Chrome per visitor number, so the server counts distinct visitors. */
export function visitorUa(n: number): string {
  return CHROME_UA.replace('Chrome/131.0.0.0', `Chrome/${100 + n}.0.${n}.0`);
}

/** Sends one pageview as visitor `n`, as track.js would. */
export async function sendPageview(vigil: TestServer, site: string, n: number, url: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<void> {
  const res = await vigil.track({ s: site, n: 'pageview', u: url, w: 1440, l: 'en-US', ...extra }, { 'user-agent': visitorUa(n), ...headers });
  if (res.status !== 202) throw new Error(`track answered ${res.status}: ${await res.text()}`);
}

/** Polls `read` until `ok` holds; returns the last value or throws with it. */
export async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: T = await read();
  while (!ok(last)) {
    if (Date.now() > until) throw new Error(`${what}: still ${JSON.stringify(last)} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
    last = await read();
  }
  return last;
}
