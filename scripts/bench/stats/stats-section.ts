/**
 * Section 2: stats latency on DuckDB. For each size: load generated events (20 sites, the big one
 * 40%, 30 days), time every stats endpoint's query for the big site, probe the insert cost the
 * consumer would now see, then time the raw-events baseline on the same file.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDuckDbStore } from '@vigil/core/store/duckdb/duckdb-store';
import type { Totals, BreakdownRow } from '@vigil/core/stats/model';
import { progress } from '../progress.ts';
import { loadEvents, loadBatchSize, DATASET, type LoadResult } from './load-events.ts';
import { probeInserts, type InsertProbe } from './insert-probe.ts';
import { openRawBaseline, type RawAnswers } from './raw-baseline.ts';
import { timeQuery, type Latency } from './timing.ts';
import { BIG_SITE, thirtyDays, vigilQueries } from './vigil-queries.ts';

/** The server's defaults (VIGIL_DUCKDB_MEMORY, openDuckDbStore's threads) */
export const STORE_SETTINGS = { memoryLimit: '1GB', threads: 2 } as const;

export interface QueryTiming {
  name: string;
  endpoint: string;
  latency: Latency;
}

export interface SizeResult {
  events: number;
  load: LoadResult;
  fileMiB: number;
  queries: QueryTiming[];
  probe: InsertProbe;
  baseline: { totals: Latency; breakdownPage: Latency };
  /** the same numbers both ways, to show the baseline answers the same question */
  answers: { vigil: RawAnswers; raw: RawAnswers };
}

export interface StatsResult {
  sizes: SizeResult[];
}

function fileMiB(path: string): number {
  let bytes = statSync(path).size;
  try {
    bytes += statSync(`${path}.wal`).size;
  } catch {
    // no WAL left after a checkpoint
  }
  return bytes / 2 ** 20;
}

async function measureSize(count: number): Promise<SizeResult> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-stats-'));
  const path = join(dir, 'events.duckdb');
  // a whole minute, so every run of the same size queries the same ranges
  const end = Math.floor(Date.now() / 60_000) * 60_000;
  try {
    progress('stats', `${count.toLocaleString('en-US')} events: loading (${DATASET.sites} sites, ${DATASET.days} days, batches of ${loadBatchSize(count).toLocaleString('en-US')})`);
    const store = await openDuckDbStore({ path, ...STORE_SETTINGS });
    let queries: QueryTiming[];
    let load: LoadResult;
    let probe: InsertProbe;
    let vigilAnswers: RawAnswers;
    try {
      load = await loadEvents(store, count, end);
      progress('stats', `loaded in ${load.insertS.toFixed(0)} s (${Math.round(load.rowsPerS).toLocaleString('en-US')} rows/s); timing the stats queries`);
      queries = [];
      let totals30: Totals | undefined;
      let pages: BreakdownRow[] | undefined;
      for (const q of vigilQueries(end)) {
        const { latency, answer } = await timeQuery(() => q.run(store));
        if (q.name === 'totals 30 d') totals30 = answer as Totals;
        if (q.name === 'breakdown page, 30 d') pages = answer as BreakdownRow[];
        queries.push({ name: q.name, endpoint: q.endpoint, latency });
        progress('stats', `  ${q.name}: median ${latency.medianMs.toFixed(1)} ms`);
      }
      vigilAnswers = {
        totals: { visitors: totals30?.visitors ?? 0, visits: totals30?.visits ?? 0, pageviews: totals30?.pageviews ?? 0 },
        topPage: pages?.[0] ? { value: pages[0].value, visitors: pages[0].visitors, pageviews: pages[0].pageviews } : null,
      };
      progress('stats', 'probing insert cost at this size');
      probe = await probeInserts(store, end);
    } finally {
      await store.close();
    }
    const file = fileMiB(path);

    progress('stats', 'timing the raw-events baseline on the same file');
    const raw = await openRawBaseline(path, { ...STORE_SETTINGS, siteId: BIG_SITE.id, ...thirtyDays(end) });
    try {
      const totals = await timeQuery(() => raw.totals());
      const breakdownPage = await timeQuery(() => raw.breakdownPage());
      return {
        events: load.events,
        load,
        fileMiB: file,
        queries,
        probe,
        baseline: { totals: totals.latency, breakdownPage: breakdownPage.latency },
        answers: { vigil: vigilAnswers, raw: { totals: totals.answer, topPage: breakdownPage.answer } },
      };
    } finally {
      raw.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function measureStats(sizes: number[]): Promise<StatsResult> {
  const results: SizeResult[] = [];
  for (const size of sizes) results.push(await measureSize(size));
  return { sizes: results };
}
