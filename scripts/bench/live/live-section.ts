/**
 * Live latency: a pageview sent the way track.js sends it, until its path is shown on the site's
 * dashboard page in Chromium. Each pageview has a unique path; the page records when that path
 * arrived over the WebSocket (the transport baseline) and when it entered the DOM, so the report
 * separates transport from rendering.
 */
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { ensureDashboardBuilt } from '../dashboard-build.ts';
import { ADMIN_ENV, launchChromium, signedInContext, DESKTOP_UA } from '../browser.ts';
import { startVigil } from '../ingest/vigil-process.ts';
import { progress } from '../progress.ts';
import { liveProbeScript, SIGHTINGS_GLOBAL, type PageSightings } from './live-probe.ts';
import { epochNow, measurePageClock, type ClockOffset } from './page-clock.ts';

export const LIVE_PLAN = {
  events: 100,
  /** between sends: well above the live hub's 250 ms coalescing, so each event is its own update */
  spacingMs: 400,
  /** after the last send, how long a path may still take to show before it counts as missing */
  settleMs: 5_000,
} as const;

export interface LiveSample {
  path: string;
  /** bench clock, ms: request sent, 202 received */
  sentAt: number;
  acceptedAt: number | null;
  status: number;
  /** page clock converted to bench clock; null when it never came */
  wsAt: number | null;
  domAt: number | null;
  paintedAt: number | null;
}

export interface LiveResult {
  plan: typeof LIVE_PLAN;
  samples: LiveSample[];
  clock: ClockOffset;
}

async function sendPageview(url: string, siteId: string, path: string): Promise<{ status: number; acceptedAt: number }> {
  const res = await fetch(`${url}/api/track`, {
    method: 'POST',
    // what track.js sends: a text/plain body (no CORS preflight) with the pageview
    headers: { 'content-type': 'text/plain;charset=UTF-8', 'user-agent': DESKTOP_UA, 'x-forwarded-for': '81.2.69.160' },
    body: JSON.stringify({ s: siteId, n: 'pageview', u: `https://example.com${path}`, r: 'https://news.ycombinator.com/', t: 'Benchmark page', w: 1440, l: 'en-US' }),
  });
  await res.arrayBuffer();
  return { status: res.status, acceptedAt: epochNow() };
}

export async function measureLive(): Promise<LiveResult> {
  await ensureDashboardBuilt('live');
  progress('live', 'starting Vigil with an admin account');
  const vigil = await startVigil({ domain: 'example.com', allow: [], env: { ...ADMIN_ENV } });
  const browser = await launchChromium();
  try {
    const context = await signedInContext(browser, vigil.url);
    const page = await context.newPage();
    const prefix = `/bench-live/${randomBytes(4).toString('hex')}-`;
    await page.addInitScript(liveProbeScript(prefix));
    await page.goto(`${vigil.url}/services/${encodeURIComponent(vigil.siteId)}`);
    // the realtime panel's badge says Live once the WebSocket has its hello
    await page.locator('section.realtime .live-badge', { hasText: 'Live' }).waitFor({ timeout: 60_000 });
    const clock = await measurePageClock(page);
    progress('live', `dashboard open and live (page clock offset ${clock.offsetMs.toFixed(1)} ms ± ${(clock.roundTripMs / 2).toFixed(1)}); sending ${LIVE_PLAN.events} pageviews ${LIVE_PLAN.spacingMs} ms apart`);

    const sent: { path: string; sentAt: number; done: Promise<{ status: number; acceptedAt: number | null }> }[] = [];
    const started = epochNow();
    for (let i = 0; i < LIVE_PLAN.events; i++) {
      // on a fixed schedule, so a slow answer does not bunch the next sends together
      const due = started + i * LIVE_PLAN.spacingMs;
      const wait = due - epochNow();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const path = `${prefix}${i}`;
      const sentAt = epochNow();
      sent.push({ path, sentAt, done: sendPageview(vigil.url, vigil.siteId, path).catch(() => ({ status: 0, acceptedAt: null })) });
      if ((i + 1) % 25 === 0) progress('live', `sent ${i + 1} of ${LIVE_PLAN.events}`);
    }
    const answers = await Promise.all(sent.map((s) => s.done));
    await waitForAll(page, sent.map((s) => s.path), LIVE_PLAN.settleMs);
    const seen = (await page.evaluate(`window.${SIGHTINGS_GLOBAL}`)) as PageSightings;
    const toBench = (t: number | undefined) => (t === undefined ? null : t - clock.offsetMs);
    const samples = sent.map((s, i): LiveSample => ({
      path: s.path,
      sentAt: s.sentAt,
      acceptedAt: answers[i]!.acceptedAt,
      status: answers[i]!.status,
      wsAt: toBench(seen.ws[s.path]),
      domAt: toBench(seen.dom[s.path]),
      paintedAt: toBench(seen.painted[s.path]),
    }));
    await context.close();
    return { plan: LIVE_PLAN, samples, clock };
  } finally {
    await browser.close().catch(() => undefined);
    await vigil.stop().catch(() => undefined);
    vigil.remove();
  }
}

async function waitForAll(page: Page, paths: string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const missing = (await page.evaluate(`(() => { const s = window.${SIGHTINGS_GLOBAL}; return ${JSON.stringify(paths)}.filter((p) => s.painted[p] === undefined).length; })()`)) as number;
    if (missing === 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}
