/**
 * The cluster-mode event store on ClickHouse.
 *
 * Inserts go to `events` as TabSeparated (event-rows.ts); the sessions and page_visits materialized views keep the rollups. Stats
 * SQL comes from the shared renderer (core/src/stats/sql) through the ClickHouse dialect. The
 * schema is versioned (migrations/) and brought up to date when the store opens.
 */
import { Readable } from 'node:stream';
import { createClient, type ClickHouseClient } from '@clickhouse/client';
import type { EventStore } from '@vigil/core/store/event-store';
import type { StoredEvent } from '@vigil/core/event/stored';
import type { Dimension, Interval, StatsQuery } from '@vigil/core/stats/model';
import { planQuery, type QueryPlan } from '@vigil/core/stats/plan';
import { pairsFromRollup } from '@vigil/core/stats/sql/page-visits';
import type { Dialect, Rendered, Row } from '@vigil/core/stats/sql/dialect';
import { renderTotals } from '@vigil/core/stats/sql/totals';
import { renderTimeseries } from '@vigil/core/stats/sql/timeseries';
import { renderBreakdown } from '@vigil/core/stats/sql/breakdown';
import { renderCountEvents, renderRealtime } from '@vigil/core/stats/sql/realtime';
import { renderActivity } from '@vigil/core/stats/sql/activity';
import { clickHouseDialect } from './clickhouse-dialect.ts';
import { eventsTsv } from './event-rows.ts';
import { renderPageBreakdown } from './page-breakdown.ts';
import { identifier, str, strList } from './literal.ts';
import { waitForMutations } from './mutations.ts';
import { runMigrations } from './migrations/run.ts';
import { pageVisitSpanSql, pageVisitSpanUpdateSql } from './migrations/0003-page-visits.ts';
import { serverFeatures, type ServerFeatures } from './server-features.ts';
import { SWEEP_EVERY_MS, applyEventsTtl, checkTtlDays, sweepExpiredEvents } from './retention.ts';

export interface ClickHouseLog {
  warn(msg: string): void;
  info(msg: string): void;
}

export const stderrClickHouseLog: ClickHouseLog = {
  warn: (msg) => process.stderr.write(`vigil: ${msg}\n`),
  info: (msg) => process.stderr.write(`vigil: ${msg}\n`),
};

export interface ClickHouseStoreOptions {
  /** HTTP interface, e.g. http://127.0.0.1:8123 (credentials in the URL are never logged) */
  url: string;
  /** database holding Vigil's tables, created when missing; default 'vigil' */
  database?: string;
  /** days raw events are kept (CLICKHOUSE_EVENTS_TTL_DAYS); rollups are kept; default: forever */
  ttlDays?: number | null;
  log?: ClickHouseLog;
  /** a request not answered within this fails; default 60000 ms */
  requestTimeoutMs?: number;
}

/** The version-dependent parts of the schema, read once from the server. */
async function readFeatures(client: ClickHouseClient): Promise<ServerFeatures> {
  const rs = await client.query({ query: 'SELECT version() AS version', format: 'JSONEachRow' });
  const [row] = await rs.json<{ version: string }>();
  return serverFeatures(String(row?.version ?? ''));
}

function connect(url: string, database: string | undefined, timeout: number): ClickHouseClient {
  return createClient({ url, ...(database ? { database } : {}), request_timeout: timeout, max_open_connections: 8 });
}

export async function openClickHouseStore(opts: ClickHouseStoreOptions): Promise<EventStore> {
  const database = identifier(opts.database ?? 'vigil');
  const ttlDays = checkTtlDays(opts.ttlDays);
  const log = opts.log ?? stderrClickHouseLog;
  const timeout = opts.requestTimeoutMs ?? 60_000;

  const admin = connect(opts.url, undefined, timeout);
  let features: ServerFeatures;
  try {
    await admin.command({ query: `CREATE DATABASE IF NOT EXISTS ${database}` });
    features = await readFeatures(admin);
  } finally {
    await admin.close();
  }
  const client = connect(opts.url, database, timeout);
  let closed = false;
  let sweep: NodeJS.Timeout | undefined;

  const migrate = async (): Promise<void> => {
    const applied = await runMigrations(client, { features, ttlDays });
    if (applied.length > 0) log.info(`ClickHouse ${features.version}: applied migrations ${applied.join(', ')} to ${database}`);
    await applyEventsTtl(client, features, ttlDays);
  };

  try {
    await migrate();
  } catch (err) {
    await client.close();
    throw err;
  }

  if (ttlDays !== null && !features.ttl) {
    const sweepNow = () =>
      sweepExpiredEvents(client, ttlDays, Date.now()).then(
        (n) => { if (n > 0) log.info(`ClickHouse: deleting ${n} events older than ${ttlDays} days`); },
        (err: unknown) => log.warn(`ClickHouse: expired-events sweep failed: ${err instanceof Error ? err.message : String(err)}`),
      );
    void sweepNow();
    sweep = setInterval(sweepNow, SWEEP_EVERY_MS);
    sweep.unref();
  }

  const read = async <T>(r: Rendered<T>): Promise<T> => {
    if (closed) throw new Error('the event store is closed');
    const rs = await client.query({ query: r.sql, format: 'JSONEachRow' });
    return r.shape(await rs.json<Row>());
  };

  const forSite = (siteId: string | null) => clickHouseDialect(siteId);

  /**
   * The plan and dialect of a query that may read (session, page) pairs: with the site's longest
   * page visit when the pairs can come from the rollup, and the rollup narrowed to the days the
   * range needs. The span is read per query (a one-row table), so a visit a concurrent consumer
   * just extended is never missed at the edges.
   */
  const pairsPlan = async (q: StatsQuery): Promise<{ plan: QueryPlan; dialect: Dialect }> => {
    const base = planQuery(q);
    if (!pairsFromRollup({ ...base, pageVisitSpanMs: 0 }, forSite(q.siteId))) return { plan: base, dialect: forSite(q.siteId) };
    const rs = await client.query({ query: pageVisitSpanSql(`site_id = ${str(q.siteId)}`), format: 'JSONEachRow' });
    const [row] = await rs.json<{ span: number | string | null }>();
    const spanMs = Number(row?.span ?? 0) || 0;
    return { plan: { ...base, pageVisitSpanMs: spanMs }, dialect: clickHouseDialect(q.siteId, { from: q.from, to: q.to, spanMs }) };
  };

  return {
    migrate,

    async insert(batch: StoredEvent[]) {
      if (closed) throw new Error('the event store is closed');
      const tsv = eventsTsv(batch);
      if (tsv.rows === 0) return;
      await client.insert({ table: 'events', values: Readable.from([Buffer.from(tsv.body)], { objectMode: false }), format: 'TabSeparated' });
      // After the insert, so the merged rows include this batch (a replay repeats both steps).
      const visits = batch.filter((e) => e.name === 'pageview' || e.name === 'engagement');
      if (visits.length > 0) {
        const sites = strList([...new Set(visits.map((e) => e.site_id))]);
        const sessions = strList([...new Set(visits.map((e) => e.session_id))]);
        await client.command({ query: pageVisitSpanUpdateSql(sites, sessions) });
      }
    },

    totals: async (q: StatsQuery) => {
      const { plan, dialect } = await pairsPlan(q);
      return read(renderTotals(q, plan, dialect));
    },
    timeseries: (q: StatsQuery, interval: Interval) => read(renderTimeseries(q, interval, planQuery(q), forSite(q.siteId))),
    breakdown: async (q: StatsQuery, by: Dimension, limit: number) => {
      if (by !== 'page') return read(renderBreakdown(q, by, limit, planQuery(q), forSite(q.siteId)));
      const { plan, dialect } = await pairsPlan(q);
      return read(renderPageBreakdown(q, limit, plan, dialect));
    },
    realtime: (siteId: string, now: number, windowMs: number) => read(renderRealtime(siteId, now, windowMs, forSite(siteId))),
    countEvents: (siteId: string | null, from: number, to: number) => read(renderCountEvents(siteId, from, to, forSite(siteId))),
    activity: (from: number, to: number) => read(renderActivity(from, to, forSite(null))),

    async deleteSite(siteId: string) {
      if (closed) throw new Error('the event store is closed');
      const tables = ['events', 'sessions', 'page_visits', 'page_visit_spans'];
      for (const table of tables) await client.command({ query: `ALTER TABLE ${table} DELETE WHERE site_id = ${str(siteId)}` });
      await waitForMutations(client, database, tables);
    },

    async close() {
      if (closed) return;
      closed = true;
      if (sweep) clearInterval(sweep);
      await client.close();
    },
  };
}
