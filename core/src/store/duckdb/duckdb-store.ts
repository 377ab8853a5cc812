/**
 * The embedded event store: a DuckDB file in the data directory.
 *
 * One writer connection (with its temp stage table) takes inserts one at a time; stats queries
 * run on reader connections and see committed data only. The stats SQL comes from the shared
 * renderer (core/src/stats/sql) through the DuckDB dialect.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { EventStore } from '../event-store.ts';
import type { StoredEvent } from '../../event/stored.ts';
import type { Dimension, Interval, StatsQuery } from '../../stats/model.ts';
import { planQuery, type QueryPlan } from '../../stats/plan.ts';
import type { Rendered, Row } from '../../stats/sql/dialect.ts';
import { renderTotals } from '../../stats/sql/totals.ts';
import { renderTimeseries } from '../../stats/sql/timeseries.ts';
import { renderBreakdown } from '../../stats/sql/breakdown.ts';
import { renderCountEvents, renderRealtime } from '../../stats/sql/realtime.ts';
import { renderActivity } from '../../stats/sql/activity.ts';
import { duckDbDialect as D } from './duckdb-dialect.ts';
import { str } from './duckdb-literal.ts';
import { migrate, type UpgradeNotice } from './schema.ts';
import { createStage, writeStage } from './stage-writer.ts';
import {
  INSERT_EVENTS_SQL, REBUILD_ROLLUP_SQL, SPANS_SQL, changedVisitorSitesSql, decodeBatchSql, mergeEventCountsSql, mergeEventVisitsSql, mergePageVisitsSql,
  mergeSessionsSql, oldSessionsSql, pageDaysAfterSql, pageDaysBeforeSql, raiseSpansSql, sessionDaysAfterSql, sessionDaysBeforeSql, updateSessionScrollSql, type Spans,
} from './merge.ts';
import { Serial } from './serial.ts';
import { dayStartOf, refreshFirstOf } from './daily-visitors.ts';

export interface DuckDbStoreOptions {
  /** a file path, or ':memory:' */
  path: string;
  /** DuckDB memory_limit, e.g. '1GB' */
  memoryLimit: string;
  /** DuckDB threads for stats queries (default 2) */
  threads?: number;
  /**
   * DuckDB threads while an insert runs (default 1). An insert's statements are many and each
   * is small: run in parallel they took ~40% more CPU and no less time (16,000-event inserts,
   * 2 cores), CPU that ingest needs. DuckDB's thread count is one setting for the whole
   * database, so the writer lowers it for its transaction and a stats query raises it again
   * (see `setThreads`): a query that runs during an insert gets fewer threads, while the CPU is
   * busy with the insert anyway.
   */
  writeThreads?: number;
  /** reader connections for concurrent stats queries (default 2) */
  readers?: number;
  /** told before an older file is upgraded (which rebuilds rollups from events) */
  onUpgrade?: (notice: UpgradeNotice) => void;
}

/**
 * WAL size that triggers a checkpoint. DuckDB's 16MB default checkpointed every few consumer
 * batches, rewriting the rollups' touched row groups each time; fewer, larger checkpoints cost
 * less per event. The WAL is replayed on open after a crash, so it stays modest.
 */
const CHECKPOINT_THRESHOLD = '256MB';

/**
 * Slack before a batch's cutoff (see merge.ts oldSessionsSql): a session resumed a little after
 * its longest-yet span still merges into the recent rows instead of forcing a full scan.
 */
const CUTOFF_MARGIN_MS = 30 * 60_000;

const MEMORY_LIMIT = /^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i;

interface Conn {
  conn: DuckDBConnection;
  serial: Serial;
}

export async function openDuckDbStore(opts: DuckDbStoreOptions): Promise<EventStore> {
  if (!MEMORY_LIMIT.test(opts.memoryLimit)) throw new TypeError(`memoryLimit must look like '512MB' or '2GB', got ${JSON.stringify(opts.memoryLimit)}`);
  const threads = opts.threads ?? 2;
  if (!Number.isInteger(threads) || threads < 1) throw new TypeError(`threads must be a positive integer, got ${threads}`);
  const writeThreads = opts.writeThreads ?? 1;
  if (!Number.isInteger(writeThreads) || writeThreads < 1) throw new TypeError(`writeThreads must be a positive integer, got ${writeThreads}`);
  const instance = await DuckDBInstance.create(opts.path, { memory_limit: opts.memoryLimit, threads: String(threads) });
  const connect = async (): Promise<Conn> => ({ conn: await instance.connect(), serial: new Serial() });
  const writer = await connect();
  await writer.conn.run(`SET checkpoint_threshold = '${CHECKPOINT_THRESHOLD}'`);
  await migrate(writer.conn, REBUILD_ROLLUP_SQL, opts.onUpgrade);
  await createStage(writer.conn);
  // The writer is the only one, so it keeps the rollup spans (per-site maxima) in memory too.
  const spans = new Map<string, Spans>();
  for (const [site, pageVisitMs, sessionMs, mixed] of (await writer.conn.runAndReadAll(SPANS_SQL)).getRows()) {
    spans.set(String(site), { pageVisitMs: Number(pageVisitMs), sessionMs: Number(sessionMs), mixedVisitorDays: mixed === true });
  }
  const longestSession = () => {
    let ms = 0;
    for (const s of spans.values()) ms = Math.max(ms, s.sessionMs);
    return ms;
  };
  const plan = (q: StatsQuery): QueryPlan => {
    const s = spans.get(q.siteId);
    return {
      ...planQuery(q), pageVisitSpanMs: s?.pageVisitMs ?? 0, sessionSpanMs: s?.sessionMs ?? 0, sessionScroll: true,
      // a site with no data yet has nothing to count either way
      dailyVisitors: s === undefined || !s.mixedVisitorDays,
    };
  };
  const readers = await Promise.all(Array.from({ length: Math.max(1, opts.readers ?? 2) }, connect));
  let next = 0;
  let closed = false;

  /**
   * DuckDB's `threads` as last set. Setting it costs some 8 ms (DuckDB stops or starts its
   * threads), so an insert leaves it lowered for the next insert, and a stats query raises it
   * only when it finds no insert running or waiting: under load, inserts follow each other and
   * no query pays. Settings go through the writer's queue, so a raise never lands inside an
   * insert.
   */
  let threadsNow = threads;
  const setThreads = async (n: number): Promise<void> => {
    if (threadsNow === n) return;
    threadsNow = n;
    await writer.conn.run(`SET threads = ${n}`);
  };

  const read = async <T>(r: Rendered<T>): Promise<T> => {
    if (closed) throw new Error('the event store is closed');
    if (threadsNow !== threads && writer.serial.idle()) await writer.serial.run(() => setThreads(threads));
    const reader = readers[next++ % readers.length]!;
    const rows = await reader.serial.run(async () => (await reader.conn.runAndReadAll(r.sql)).getRowObjectsJS() as Row[]);
    return r.shape(rows);
  };

  /** Runs `work` on the writer, alone, inside one transaction: all or nothing. */
  const write = (work: (conn: DuckDBConnection) => Promise<void>, before?: (conn: DuckDBConnection) => Promise<void>): Promise<void> =>
    writer.serial.run(async () => {
      if (closed) throw new Error('the event store is closed');
      await setThreads(writeThreads);
      // the stage is connection-local scratch, filled outside the transaction
      if (before) await before(writer.conn);
      await writer.conn.run('BEGIN TRANSACTION');
      try {
        await work(writer.conn);
        await writer.conn.run('COMMIT');
      } catch (err) {
        await writer.conn.run('ROLLBACK').catch(() => undefined);
        throw err;
      }
    });

  return {
    migrate: () => writer.serial.run(() => migrate(writer.conn, REBUILD_ROLLUP_SQL)),

    async insert(batch: StoredEvent[]) {
      const unique = uniqueById(batch);
      if (unique.length === 0) return;
      let minTs = Infinity;
      let maxTs = -Infinity;
      for (const e of unique) {
        if (e.ts < minTs) minTs = e.ts;
        if (e.ts > maxTs) maxTs = e.ts;
      }
      await write(async (conn) => {
        await conn.run(decodeBatchSql(minTs, maxTs));
        await conn.run(INSERT_EVENTS_SQL);
        const longest = new Map<string, Spans>();
        const seen = (site: unknown): Spans => {
          const s = longest.get(String(site)) ?? { pageVisitMs: 0, sessionMs: 0, mixedVisitorDays: false };
          longest.set(String(site), s);
          return s;
        };
        const widen = (rows: unknown[][], key: 'pageVisitMs' | 'sessionMs') => {
          for (const [site, span, mixed] of rows) {
            const s = seen(site);
            s[key] = Math.max(s[key], Number(span));
            if (mixed === true) s.mixedVisitorDays = true;
          }
        };
        let cutoff: number | null = minTs - longestSession() - CUTOFF_MARGIN_MS;
        const old = (await conn.runAndReadAll(oldSessionsSql(cutoff))).getRows()[0]?.[0];
        if (Number(old ?? 0) > 0) cutoff = null;
        for (const [site] of (await conn.runAndReadAll(changedVisitorSitesSql(cutoff))).getRows()) seen(site).mixedVisitorDays = true;
        // the per-visitor rollups (flags, page_days, session_days) read whole days of the batch's visitors
        const dayStart = dayStartOf(cutoff);
        await conn.run(sessionDaysBeforeSql(dayStart));
        widen((await conn.runAndReadAll(mergeSessionsSql(cutoff))).getRows(), 'sessionMs');
        await conn.run(pageDaysBeforeSql(dayStart));
        widen((await conn.runAndReadAll(mergePageVisitsSql(cutoff))).getRows(), 'pageVisitMs');
        await conn.run(pageDaysAfterSql(dayStart));
        await conn.run(updateSessionScrollSql(cutoff));
        await refreshFirstOf(conn, dayStart);
        await conn.run(sessionDaysAfterSql(dayStart));
        await conn.run(mergeEventVisitsSql(cutoff));
        await conn.run(mergeEventCountsSql(minTs));
        for (const [site, span] of longest) {
          const known = spans.get(site);
          if (known && span.pageVisitMs <= known.pageVisitMs && span.sessionMs <= known.sessionMs && (known.mixedVisitorDays || !span.mixedVisitorDays)) continue;
          const raised = {
            pageVisitMs: Math.max(span.pageVisitMs, known?.pageVisitMs ?? 0),
            sessionMs: Math.max(span.sessionMs, known?.sessionMs ?? 0),
            mixedVisitorDays: span.mixedVisitorDays || (known?.mixedVisitorDays ?? false),
          };
          await conn.run(raiseSpansSql(str(site), raised));
          // Raised before the commit: a reader meanwhile only widens its edge windows, still exact.
          spans.set(site, raised);
        }
      }, (conn) => writeStage(conn, unique));
    },

    totals: (q: StatsQuery) => read(renderTotals(q, plan(q), D)),
    timeseries: (q: StatsQuery, interval: Interval) => read(renderTimeseries(q, interval, plan(q), D)),
    breakdown: (q: StatsQuery, by: Dimension, limit: number) => read(renderBreakdown(q, by, limit, plan(q), D)),
    realtime: (siteId: string, now: number, windowMs: number) => read(renderRealtime(siteId, now, windowMs, D)),
    countEvents: (siteId: string | null, from: number, to: number) => read(renderCountEvents(siteId, from, to, D)),
    activity: (from: number, to: number) => read(renderActivity(from, to, D)),

    async deleteSite(siteId: string) {
      await write(async (conn) => {
        for (const table of ['events', 'sessions', 'session_days', 'page_visits', 'page_days', 'event_visits', 'event_counts', 'rollup_spans']) await conn.run(`DELETE FROM ${table} WHERE site_id = ${str(siteId)}`);
      });
      spans.delete(siteId);
    },

    async close() {
      if (closed) return;
      await writer.serial.run(async () => undefined);
      await Promise.all(readers.map((r) => r.serial.run(async () => undefined)));
      closed = true;
      for (const c of [writer, ...readers]) c.conn.closeSync();
      instance.closeSync();
    },
  };
}

/** Drops repeated ids inside one batch, keeping the first. */
function uniqueById(batch: readonly StoredEvent[]): StoredEvent[] {
  const seen = new Set<string>();
  const out: StoredEvent[] = [];
  for (const e of batch) {
    if (seen.has(e.id)) continue;
    seen.add(e.id);
    out.push(e);
  }
  return out;
}
