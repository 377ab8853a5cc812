/**
 * The cluster section. Same run, same load generator, same traffic:
 *
 *   1. ingest: the embedded server (`vigil start`, in-process queue, DuckDB) against cluster mode
 *      (`--role ingest` publishing to Kafka, a `--role consumer` process writing to ClickHouse,
 *      PostgreSQL config, Redis sessions), then every event answered 202 counted in ClickHouse
 *      once the consumer caught up;
 *   2. freshness: 202 until the page breakdown returns the event, on both;
 *   3. stats latency at each --events size, ClickHouse against DuckDB on the same events.
 */
import { createClient } from '@clickhouse/client';
import { openClickHouseStore } from '@vigil/clickhouse/clickhouse-store';
import { parseStatsQuery } from '@vigil/core/stats/parse';
import { INGEST_PLAN, measureServer, waitForEmptyQueue, type ServerRuns } from '../ingest/ingest-section.ts';
import { tallyOf } from '../ingest/run-load.ts';
import { startVigil, type VigilProcess } from '../ingest/vigil-process.ts';
import { progress } from '../progress.ts';
import { freshClusterState } from './cluster-state.ts';
import { compareStores, type StoreComparison } from './cluster-stats.ts';
import { CLUSTER_ENGINES, requireClusterEngines } from './engine-check.ts';
import { FRESHNESS_PLAN, measureFreshness, pageFilter, type FreshnessRun } from './freshness.ts';
import { addSite, startRole, type RoleProcess } from './role-process.ts';

export interface ClusterStoredCheck {
  /** events in the requests answered 202, less those ingest dropped after answering */
  expected: { events: number; pageviews: number };
  stored: { events: number; pageviews: number };
  droppedAfter202: number;
  /** seconds from the end of the load until ClickHouse held every expected event (or gave up) */
  catchUpS: number;
}

/** One round: the same load against each mode, one right after the other. */
export interface IngestRound {
  embedded: ServerRuns;
  cluster: ServerRuns;
}

export interface ClusterResult {
  plan: { ingest: typeof INGEST_PLAN; freshness: typeof FRESHNESS_PLAN; rounds: number };
  ingest: IngestRound[];
  stored: ClusterStoredCheck;
  freshness: { embedded: FreshnessRun; cluster: FreshnessRun };
  stores: StoreComparison[];
}

/**
 * Both modes run side by side and take turns under the load generator: other work on a shared
 * machine comes and goes within minutes, and alternating rounds spreads it over both modes.
 */
const ROUNDS = 2;
const HOUR_MS = 3_600_000;
const CATCH_UP_TIMEOUT_MS = 300_000;

async function visibleThroughApi(vigil: VigilProcess, paths: string[]): Promise<string[]> {
  const now = Date.now();
  const q = new URLSearchParams({ site: vigil.siteId, by: 'page', limit: '1000', from: new Date(now - HOUR_MS).toISOString(), to: new Date(now + HOUR_MS).toISOString(), filter: pageFilter(paths) });
  const reply = await vigil.api<{ rows: { value: string }[] }>(`/api/stats/breakdown?${q}`);
  return reply.rows.map((r) => r.value);
}

async function storedInClickHouse(database: string, siteId: string): Promise<{ events: number; pageviews: number }> {
  const client = createClient({ url: CLUSTER_ENGINES.clickhouse.url, database, request_timeout: 60_000 });
  try {
    const site = `'${siteId.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
    // FINAL: an event replayed after a consumer retry is one row, as the stats see it
    const rs = await client.query({ query: `SELECT count() AS events, countIf(name = 'pageview') AS pageviews FROM events FINAL WHERE site_id = ${site}`, format: 'JSONEachRow' });
    const [row] = await rs.json<{ events: string; pageviews: string }>();
    return { events: Number(row?.events ?? 0), pageviews: Number(row?.pageviews ?? 0) };
  } finally {
    await client.close();
  }
}

async function waitForClickHouse(database: string, siteId: string, expected: { events: number }): Promise<{ stored: { events: number; pageviews: number }; catchUpS: number }> {
  const started = Date.now();
  let stored = { events: 0, pageviews: 0 };
  while (Date.now() - started < CATCH_UP_TIMEOUT_MS) {
    stored = await storedInClickHouse(database, siteId);
    if (stored.events >= expected.events) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  // a second look after the flush interval: more rows than expected would mean duplicates
  await new Promise((r) => setTimeout(r, 2_000));
  stored = await storedInClickHouse(database, siteId);
  return { stored, catchUpS: (Date.now() - started - 2_000) / 1000 };
}

async function embeddedFreshness(vigil: VigilProcess): Promise<FreshnessRun> {
  await waitForEmptyQueue(vigil);
  progress('cluster', `embedded: freshness, ${FRESHNESS_PLAN.events} pageviews ${FRESHNESS_PLAN.spacingMs} ms apart, polling /api/stats/breakdown every ${FRESHNESS_PLAN.pollMs} ms`);
  return measureFreshness({ ingestUrl: vigil.url, siteId: vigil.siteId, visible: (paths) => visibleThroughApi(vigil, paths) }, 'embedded');
}

async function clusterFreshness(database: string, ingestUrl: string, siteId: string): Promise<FreshnessRun> {
  progress('cluster', `cluster: freshness, polling ClickHouse every ${FRESHNESS_PLAN.pollMs} ms`);
  const store = await openClickHouseStore({ url: CLUSTER_ENGINES.clickhouse.url, database, log: { info: () => undefined, warn: () => undefined } });
  try {
    return await measureFreshness(
      {
        ingestUrl,
        siteId,
        async visible(paths) {
          const now = Date.now();
          const q = parseStatsQuery({ from: new Date(now - HOUR_MS).toISOString(), to: new Date(now + HOUR_MS).toISOString(), filter: pageFilter(paths) }, { id: siteId, timezone: 'UTC' }, now);
          return (await store.breakdown(q, 'page', 1000)).map((r) => r.value);
        },
      },
      'cluster',
    );
  } finally {
    await store.close();
  }
}

async function compareModes(): Promise<Pick<ClusterResult, 'ingest' | 'stored' | 'freshness'>> {
  progress('cluster', 'embedded: starting vigil (in-process queue, DuckDB, SQLite)');
  const vigil = await startVigil({ domain: 'example.com', allow: ['example.net'] });
  const state = await freshClusterState().catch(async (err: unknown) => {
    await vigil.stop().catch(() => undefined);
    vigil.remove();
    throw err;
  });
  const processes: RoleProcess[] = [];
  let siteId = '';
  try {
    siteId = await addSite(state.env, 'example.com', ['example.net']);
    progress('cluster', `cluster: starting --role consumer (ClickHouse ${state.clickhouseDatabase}) and --role ingest (Kafka topic ${state.topic})`);
    const consumer = await startRole('consumer', state.env);
    processes.push(consumer);
    const ingest = await startRole('ingest', state.env);
    processes.push(ingest);

    const rounds: IngestRound[] = [];
    for (let i = 1; i <= ROUNDS; i++) {
      const embedded = await measureServer(`embedded, round ${i}`, vigil.url, vigil.siteId, { section: 'cluster' });
      const cluster = await measureServer(`cluster, round ${i}`, ingest.url, siteId, { section: 'cluster' });
      rounds.push({ embedded, cluster });
    }

    const all = rounds.flatMap((r) => [...r.cluster.warmups, r.cluster.saturated, r.cluster.paced]);
    const accepted = tallyOf(all, '202');
    const health = await ingest.get<{ ingest: { dropped: Record<string, number> } }>('/api/health');
    const droppedAfter202 = Object.values(health.ingest.dropped).reduce((s, n) => s + n, 0);
    const expected = { events: accepted.events - droppedAfter202, pageviews: accepted.pageviews };
    progress('cluster', `cluster: waiting until ClickHouse holds all ${expected.events.toLocaleString('en-US')} accepted events`);
    const { stored, catchUpS } = await waitForClickHouse(state.clickhouseDatabase, siteId, expected);
    progress('cluster', `cluster: ${stored.events.toLocaleString('en-US')} stored after ${catchUpS.toFixed(1)} s`);

    const embeddedFresh = await embeddedFreshness(vigil);
    const clusterFresh = await clusterFreshness(state.clickhouseDatabase, ingest.url, siteId);
    return { ingest: rounds, stored: { expected, stored, droppedAfter202, catchUpS }, freshness: { embedded: embeddedFresh, cluster: clusterFresh } };
  } finally {
    for (const p of processes.reverse()) await p.stop().catch((e: unknown) => progress('cluster', `stopping the ${p.role}: ${String(e)}`));
    await state.cleanup(siteId ? [siteId] : []);
    await vigil.stop().catch(() => undefined);
    vigil.remove();
  }
}

export async function measureCluster(sizes: number[]): Promise<ClusterResult> {
  await requireClusterEngines();
  const modes = await compareModes();
  const stores: StoreComparison[] = [];
  for (const size of sizes) stores.push(await compareStores(size));
  return { plan: { ingest: INGEST_PLAN, freshness: FRESHNESS_PLAN, rounds: ROUNDS }, ...modes, stores };
}
