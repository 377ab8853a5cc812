/**
 * Stats latency on ClickHouse against DuckDB: the same generated events loaded into both (a fresh
 * ClickHouse database through openClickHouseStore, a fresh DuckDB file with the server's settings),
 * then the stats section's queries timed on each, one store at a time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDuckDbStore } from '@vigil/core/store/duckdb/duckdb-store';
import { openClickHouseStore } from '@vigil/clickhouse/clickhouse-store';
import type { EventStore } from '@vigil/core/store/event-store';
import type { Totals } from '@vigil/core/stats/model';
import { progress } from '../progress.ts';
import { loadBatchSize, loadEventsInto, type LoadResult } from '../stats/load-events.ts';
import { STORE_SETTINGS } from '../stats/stats-section.ts';
import { timeQuery, type Latency } from '../stats/timing.ts';
import { vigilQueries } from '../stats/vigil-queries.ts';
import { CLUSTER_ENGINES } from './engine-check.ts';
import { dropClickHouseDatabase, freshName } from './cluster-state.ts';

/** The stats section's query list, less the ones this comparison does not repeat. */
const COMPARED = ['totals 30 d', 'totals 7 d', 'timeseries by day, 30 d', 'timeseries by hour, 7 d', 'breakdown page, 30 d', 'breakdown country, 30 d', 'breakdown source, 30 d', 'realtime, last 5 min'];

export interface ComparedQuery {
  name: string;
  endpoint: string;
  duckdb: Latency;
  clickhouse: Latency;
}

export interface StoreComparison {
  events: number;
  load: { duckdb: LoadResult; clickhouse: LoadResult };
  queries: ComparedQuery[];
  /** totals 30 d as each store answers it, to show both hold the same data */
  totals: { duckdb: Totals; clickhouse: Totals };
}

const quietLog = { info: () => undefined, warn: (msg: string) => progress('cluster', `ClickHouse: ${msg}`) };

async function timeAll(store: EventStore, end: number, label: string): Promise<{ latencies: Map<string, Latency>; totals: Totals }> {
  const latencies = new Map<string, Latency>();
  let totals: Totals | undefined;
  for (const q of vigilQueries(end).filter((q) => COMPARED.includes(q.name))) {
    const { latency, answer } = await timeQuery(() => q.run(store));
    if (q.name === 'totals 30 d') totals = answer as Totals;
    latencies.set(q.name, latency);
    progress('cluster', `  ${label} ${q.name}: median ${latency.medianMs.toFixed(1)} ms`);
  }
  if (!totals) throw new Error('the totals query did not run');
  return { latencies, totals };
}

export async function compareStores(count: number): Promise<StoreComparison> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-cluster-stats-'));
  const database = freshName('vigil_bench_stats');
  const end = Math.floor(Date.now() / 60_000) * 60_000;
  const duck = await openDuckDbStore({ path: join(dir, 'events.duckdb'), ...STORE_SETTINGS });
  let clickhouse: EventStore | null = null;
  try {
    clickhouse = await openClickHouseStore({ url: CLUSTER_ENGINES.clickhouse.url, database, log: quietLog });
    progress('cluster', `${count.toLocaleString('en-US')} events into DuckDB and ClickHouse (database ${database}), batches of ${loadBatchSize(count).toLocaleString('en-US')}; rows/s shown DuckDB / ClickHouse`);
    const [duckLoad, chLoad] = await loadEventsInto([duck, clickhouse], count, end, { section: 'cluster' });
    progress('cluster', 'timing the stats queries on DuckDB, then on ClickHouse');
    const onDuck = await timeAll(duck, end, 'DuckDB');
    const onCh = await timeAll(clickhouse, end, 'ClickHouse');
    return {
      events: count,
      load: { duckdb: duckLoad!, clickhouse: chLoad! },
      queries: COMPARED.map((name) => {
        const q = vigilQueries(end).find((x) => x.name === name)!;
        return { name, endpoint: q.endpoint, duckdb: onDuck.latencies.get(name)!, clickhouse: onCh.latencies.get(name)! };
      }),
      totals: { duckdb: onDuck.totals, clickhouse: onCh.totals },
    };
  } finally {
    await duck.close().catch(() => undefined);
    await clickhouse?.close().catch(() => undefined);
    await dropClickHouseDatabase(database).catch((e: unknown) => progress('cluster', `could not drop ClickHouse database ${database}: ${String(e)}`));
    rmSync(dir, { recursive: true, force: true });
  }
}
