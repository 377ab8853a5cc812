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
import type { Rendered, Row } from '@vigil/core/stats/sql/dialect';
import { renderTotals } from '@vigil/core/stats/sql/totals';
import { renderTimeseries } from '@vigil/core/stats/sql/timeseries';
import { renderBreakdown } from '@vigil/core/stats/sql/breakdown';
import { renderCountEvents, renderRealtime } from '@vigil/core/stats/sql/realtime';
import { renderActivity } from '@vigil/core/stats/sql/activity';
import { clickHouseDialect } from './clickhouse-dialect.ts';
import { eventsTsv } from './event-rows.ts';
import { renderPageBreakdown } from './page-breakdown.ts';
import { identifier, str } from './literal.ts';
import { waitForMutations } from './mutations.ts';
import { runMigrations } from './migrations/run.ts';
import { pageVisitSpanSql } from './migrations/0003-page-visits.ts';
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
   * The plan, with the site's longest page visit when the query reads pairs from the rollup. It is
   * read per query from the merged rollup: any cache could miss a visit a concurrent consumer just
   * extended, and a short span would leave an edge-crossing visit out of the answer.
   */
  const plan = async (q: StatsQuery): Promise<QueryPlan> => {
    const base = planQuery(q);
    if (!pairsFromRollup({ ...base, pageVisitSpanMs: 0 }, forSite(q.siteId))) return base;
    const rs = await client.query({ query: pageVisitSpanSql(`site_id = ${str(q.siteId)}`), format: 'JSONEachRow' });
    const [row] = await rs.json<{ span: number | string | null }>();
    return { ...base, pageVisitSpanMs: Number(row?.span ?? 0) || 0 };
  };

  return {
    migrate,

    async insert(batch: StoredEvent[]) {
      if (closed) throw new Error('the event store is closed');
      const tsv = eventsTsv(batch);
      if (tsv.rows === 0) return;
      await client.insert({ table: 'events', values: Readable.from([Buffer.from(tsv.body)], { objectMode: false }), format: 'TabSeparated' });
    },

    totals: async (q: StatsQuery) => read(renderTotals(q, await plan(q), forSite(q.siteId))),
    timeseries: (q: StatsQuery, interval: Interval) => read(renderTimeseries(q, interval, planQuery(q), forSite(q.siteId))),
    breakdown: async (q: StatsQuery, by: Dimension, limit: number) =>
      by === 'page'
        ? read(renderPageBreakdown(q, limit, await plan(q), forSite(q.siteId)))
        : read(renderBreakdown(q, by, limit, planQuery(q), forSite(q.siteId))),
    realtime: (siteId: string, now: number, windowMs: number) => read(renderRealtime(siteId, now, windowMs, forSite(siteId))),
    countEvents: (siteId: string | null, from: number, to: number) => read(renderCountEvents(siteId, from, to, forSite(siteId))),
    activity: (from: number, to: number) => read(renderActivity(from, to, forSite(null))),

    async deleteSite(siteId: string) {
      if (closed) throw new Error('the event store is closed');
      const tables = ['events', 'sessions', 'page_visits'];
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
