/**
 * Dashboard time-to-data: a big site's page (`/services/<id>?range=30d`) over 1M stored events,
 * from navigation start until the top metrics and the chart show numbers, in Chromium, cold (a new
 * browser context each time: empty HTTP cache) and warm (the same tab navigating again). Baselines
 * in the same run: the same page for the last 24 hours, and the two API calls those panels wait
 * for, fetched alone from the benchmark, so UI cost and query cost come apart.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { openDuckDbStore } from '@vigil/core/store/duckdb/duckdb-store';
import { ADMIN_ENV, launchChromium, signedInContext } from '../browser.ts';
import { ensureDashboardBuilt } from '../dashboard-build.ts';
import { startVigil, type VigilProcess } from '../ingest/vigil-process.ts';
import { progress } from '../progress.ts';
import { loadEventsInto, type LoadResult } from '../stats/load-events.ts';
import { BIG_SITE } from '../stats/vigil-queries.ts';
import { STORE_SETTINGS } from '../stats/stats-section.ts';
import { DATA_GLOBAL, DATA_PROBE_SCRIPT, type DataShown } from './data-probe.ts';

export const DASHBOARD_PLAN = {
  events: 1_000_000,
  cold: 5,
  warm: 5,
  apiRuns: 5,
  /** the measured range, then the baseline range (the picker's shortest rolling one) */
  ranges: ['30d', '24h'],
} as const;

export type RangeKey = (typeof DASHBOARD_PLAN.ranges)[number];

export interface PageLoad {
  /** ms from navigation start */
  shownMs: number;
  metricsMs: number;
  chartMs: number;
  domContentLoadedMs: number;
  /** when the page asked for /api/stats (its scripts ran, the site record came), and when the answers to it and /api/stats/timeseries had arrived */
  statsRequestMs: number | null;
  /** when the request left the browser: later than asked when all of HTTP/1.1's 6 connections to the host were busy */
  statsSentMs: number | null;
  statsResponseMs: number | null;
  seriesResponseMs: number | null;
  visitors: string;
  chartLabel: string;
  statsUrl: string | null;
  seriesUrl: string | null;
}

export interface ApiTimes {
  statsMs: number[];
  seriesMs: number[];
  /** both at once, as the page asks for them */
  bothMs: number[];
}

export interface RangeResult {
  range: RangeKey;
  cold: PageLoad[];
  warm: PageLoad[];
  api: ApiTimes;
}

export interface DashboardResult {
  plan: typeof DASHBOARD_PLAN;
  load: LoadResult;
  ranges: RangeResult[];
}

const READ_LOAD = `(() => {
  const d = window.${DATA_GLOBAL};
  const nav = performance.getEntriesByType('navigation')[0];
  const res = performance.getEntriesByType('resource');
  const first = (path) => res.find((r) => new URL(r.name).pathname === path) || null;
  const stats = first('/api/stats');
  const series = first('/api/stats/timeseries');
  return {
    shownMs: d.shownAt, metricsMs: d.metricsAt, chartMs: d.chartAt,
    domContentLoadedMs: nav ? nav.domContentLoadedEventEnd : 0,
    statsRequestMs: stats ? stats.startTime : null, statsSentMs: stats ? stats.requestStart : null, statsResponseMs: stats ? stats.responseEnd : null, seriesResponseMs: series ? series.responseEnd : null,
    visitors: d.visitors, chartLabel: d.chartLabel,
    statsUrl: stats ? stats.name : null, seriesUrl: series ? series.name : null,
  };
})()`;

const SHOWN_TIMEOUT_MS = 120_000;

async function loadOnce(page: Page, url: string): Promise<PageLoad> {
  await page.goto(url, { waitUntil: 'commit' });
  try {
    await page.waitForFunction(`window.${DATA_GLOBAL} !== undefined && window.${DATA_GLOBAL}.shownAt !== undefined`, undefined, { timeout: SHOWN_TIMEOUT_MS, polling: 50 });
  } catch (err) {
    // say what the page showed instead, so a changed page is fixed in minutes
    const state = await page.evaluate(`JSON.stringify({ probe: window.${DATA_GLOBAL}, overview: (document.querySelector('.overview') || document.body).innerText.slice(0, 400) })`).catch(() => 'unreadable');
    throw new Error(`${new URL(url).search}: the metrics and chart did not both show within ${SHOWN_TIMEOUT_MS / 1000} s; the page had ${String(state)}`, { cause: err });
  }
  return (await page.evaluate(READ_LOAD)) as PageLoad;
}

async function coldLoad(browser: Browser, vigil: VigilProcess, url: string): Promise<PageLoad> {
  const context = await signedInContext(browser, vigil.url);
  try {
    await context.addInitScript(DATA_PROBE_SCRIPT);
    return await loadOnce(await context.newPage(), url);
  } finally {
    await context.close();
  }
}

async function warmLoads(browser: Browser, vigil: VigilProcess, url: string, runs: number): Promise<PageLoad[]> {
  const context = await signedInContext(browser, vigil.url);
  try {
    await context.addInitScript(DATA_PROBE_SCRIPT);
    const page = await context.newPage();
    await loadOnce(page, url);
    const loads: PageLoad[] = [];
    for (let i = 0; i < runs; i++) loads.push(await loadOnce(page, url));
    return loads;
  } finally {
    await context.close();
  }
}

async function timedGet(url: string, token: string): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  const body = await res.text();
  if (!res.ok) throw new Error(`GET ${new URL(url).pathname} answered ${res.status}: ${body.slice(0, 300)}`);
  JSON.parse(body);
  return performance.now() - t0;
}

/** The exact requests the page made, from the benchmark process, after one warm-up each. */
async function timeApi(vigil: VigilProcess, statsUrl: string, seriesUrl: string, runs: number): Promise<ApiTimes> {
  const times: ApiTimes = { statsMs: [], seriesMs: [], bothMs: [] };
  await timedGet(statsUrl, vigil.token);
  await timedGet(seriesUrl, vigil.token);
  for (let i = 0; i < runs; i++) {
    times.statsMs.push(await timedGet(statsUrl, vigil.token));
    times.seriesMs.push(await timedGet(seriesUrl, vigil.token));
    const t0 = performance.now();
    await Promise.all([timedGet(statsUrl, vigil.token), timedGet(seriesUrl, vigil.token)]);
    times.bothMs.push(performance.now() - t0);
  }
  return times;
}

/** `events` other than the plan's are for trying the section out quickly. */
export async function measureDashboard(events: number = DASHBOARD_PLAN.events): Promise<DashboardResult> {
  await ensureDashboardBuilt('dashboard');
  const end = Math.floor(Date.now() / 60_000) * 60_000;
  let load: LoadResult | undefined;
  progress('dashboard', `creating the site, then loading ${events.toLocaleString('en-US')} events into its data directory`);
  const vigil = await startVigil({
    domain: 'example.com',
    allow: [],
    timezone: BIG_SITE.timezone,
    env: { ...ADMIN_ENV, VIGIL_DUCKDB_MEMORY: STORE_SETTINGS.memoryLimit },
    async prepare({ dataDir, siteId }) {
      const store = await openDuckDbStore({ path: join(dataDir, 'events.duckdb'), ...STORE_SETTINGS });
      try {
        [load] = await loadEventsInto([store], events, end, { section: 'dashboard', bigSiteId: siteId });
      } finally {
        await store.close();
      }
      progress('dashboard', `loaded; starting the server on that data directory`);
    },
  });
  const browser = await launchChromium();
  try {
    const ranges: RangeResult[] = [];
    for (const range of DASHBOARD_PLAN.ranges) {
      const url = `${vigil.url}/services/${encodeURIComponent(vigil.siteId)}?range=${range}`;
      progress('dashboard', `range=${range}: ${DASHBOARD_PLAN.cold} cold loads (new browser context each)`);
      const cold: PageLoad[] = [];
      for (let i = 0; i < DASHBOARD_PLAN.cold; i++) cold.push(await coldLoad(browser, vigil, url));
      progress('dashboard', `range=${range}: ${DASHBOARD_PLAN.warm} warm loads (same tab, after one unmeasured load)`);
      const warm = await warmLoads(browser, vigil, url, DASHBOARD_PLAN.warm);
      const { statsUrl, seriesUrl } = cold[0]!;
      if (!statsUrl || !seriesUrl) throw new Error(`the page for range=${range} made no /api/stats or /api/stats/timeseries request that the benchmark saw`);
      progress('dashboard', `range=${range}: timing the page's two API calls from the benchmark`);
      const api = await timeApi(vigil, statsUrl, seriesUrl, DASHBOARD_PLAN.apiRuns);
      ranges.push({ range, cold, warm, api });
    }
    if (!load) throw new Error('the events were not loaded');
    return { plan: DASHBOARD_PLAN, load, ranges };
  } finally {
    await browser.close().catch(() => undefined);
    await vigil.stop().catch(() => undefined);
    vigil.remove();
  }
}
