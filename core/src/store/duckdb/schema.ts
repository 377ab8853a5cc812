/**
 * DuckDB tables of the embedded store.
 *
 * - events: one wide row per StoredEvent. DuckDB has no clustered index; rows are appended in
 *   ts order per batch, so each row group's zone map on ts stays narrow and a time-range scan
 *   skips the row groups outside the range.
 *
 * Two rollups are merged at insert time, in the batch's transaction. Neither has a PRIMARY KEY:
 * DuckDB's ART index made every upsert slower as the table grew (and is rewritten at each
 * checkpoint); a MERGE joining the batch's few thousand keys against the key columns costs a
 * scan instead, and the merge rules below keep exactly one row per key.
 *
 * - sessions: one row per (site_id, session_id). Holds the session's visitor (of its earliest
 *   event), start_ts = min(ts) and end_ts = max(ts) over all its events, pageviews = count of
 *   pageview events, events = count of custom and outbound events, engaged_ms = sum over its
 *   engagement events, the entry page (of the earliest pageview, ties to the smallest page) with
 *   its entry_ts, the exit page (latest pageview, ties to the largest page) with its exit_ts, and
 *   the session dimensions of its earliest event. Merging two partial rows: min/max of the
 *   timestamps, sums of the counts, entry/exit/dimensions taken from the side with the earlier
 *   (later) timestamp. Every rule is order-independent, so batches arriving late or out of order
 *   give the row a single batch would. ClickHouse: AggregatingMergeTree ordered by
 *   (site_id, session_id) with min/max/sum and argMin/argMax states (entry as
 *   argMin(page, (ts, page)), exit as argMax(page, (ts, page)), dimensions as argMin(x, ts)),
 *   fed by a materialized view over events.
 * - page_visits: one row per (site_id, session_id, page) over the pageview and engagement
 *   events only: visitor_id = max(visitor_id), first_ts = min(ts), last_ts = max(ts),
 *   pageviews = count of pageview events, engagements = count of engagement events,
 *   engaged_ms = sum of their engaged_ms, max_scroll = max of their scroll_pct (NULL with no
 *   engagement). Merging: min, max, sum, sum, sum, max (NULL-ignoring). The page breakdown and
 *   the scroll depth read it instead of grouping events by (session, page) at query time; a
 *   row counts whole when [first_ts, last_ts] lies inside the range, and only rows crossing the
 *   range's edges are rebuilt from events near the edges (see core/src/stats/sql/page-visits.ts).
 *   ClickHouse: AggregatingMergeTree ordered by (site_id, session_id, page) with min/max/sum
 *   states (or SummingMergeTree for the sums plus SimpleAggregateFunction(min/max)), fed by a
 *   materialized view over events WHERE name IN ('pageview', 'engagement').
 * - rollup_spans: per site, the longest [first_ts, last_ts] of any page_visits row and of any
 *   session (ms). Merging: max. It bounds how far from a range edge a crossing row can reach,
 *   so the edge rebuild reads only events within that distance of the edges. ClickHouse:
 *   AggregatingMergeTree (or SimpleAggregateFunction(max)) ordered by site_id.
 *
 * visitor_id and session_id are stored as UBIGINT keys (their 16 hex digits, exactly): distinct
 * counts and GROUP BY session over integers are several times faster than over 16-byte strings,
 * which DuckDB cannot inline. Nothing reads the ids back, so the API never sees the difference.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { STORED_EVENT_COLUMNS, type StoredEvent } from '../../event/stored.ts';

export const SCHEMA_VERSION = 2;

const INTEGER_COLUMNS = new Set<keyof StoredEvent>(['screen_width', 'engaged_ms', 'scroll_pct', 'x', 'y', 'viewport_width']);

export type ColumnKind = 'timestamp' | 'integer' | 'varchar';

export function columnKind(column: keyof StoredEvent): ColumnKind {
  if (column === 'ts') return 'timestamp';
  return INTEGER_COLUMNS.has(column) ? 'integer' : 'varchar';
}

const SQL_TYPE: Record<ColumnKind, string> = { timestamp: 'TIMESTAMP', integer: 'INTEGER', varchar: 'VARCHAR' };

/** The session dimensions, copied from a session's first event. */
export const SESSION_DIMENSION_COLUMNS = [
  'referrer', 'source', 'channel', 'utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content',
  'country', 'browser', 'os', 'device', 'screen', 'language',
] as const satisfies readonly (keyof StoredEvent)[];

/** Columns stored as integer keys instead of their hex text. */
export const KEY_COLUMNS = new Set<keyof StoredEvent>(['visitor_id', 'session_id']);

/** The events table: StoredEvent's columns, the ids keyed. */
function eventColumnsDdl(): string {
  return STORED_EVENT_COLUMNS
    .map((c) => `${c} ${KEY_COLUMNS.has(c) ? 'UBIGINT' : SQL_TYPE[columnKind(c)]} NOT NULL`)
    .join(',\n  ');
}

/**
 * SQL turning a 16-hex-digit id into its UBIGINT, exactly. An id of another shape (not produced
 * by ingest) falls back to a 64-bit hash rather than failing the batch.
 */
export function idKeySql(column: string): string {
  return `coalesce(CASE WHEN length(${column}) = 16 THEN TRY_CAST('0x' || ${column} AS UBIGINT) END, hash(${column}))`;
}

const SESSIONS_DDL = `CREATE TABLE IF NOT EXISTS sessions (
    site_id VARCHAR NOT NULL,
    session_id UBIGINT NOT NULL,
    visitor_id UBIGINT NOT NULL,
    start_ts TIMESTAMP NOT NULL,
    end_ts TIMESTAMP NOT NULL,
    pageviews INTEGER NOT NULL,
    events INTEGER NOT NULL,
    engaged_ms BIGINT NOT NULL,
    entry_page VARCHAR NOT NULL,
    entry_ts TIMESTAMP,
    exit_page VARCHAR NOT NULL,
    exit_ts TIMESTAMP,
    ${SESSION_DIMENSION_COLUMNS.map((c) => `${c} VARCHAR NOT NULL`).join(',\n    ')}
  )`;

const DDL = [
  `CREATE TABLE IF NOT EXISTS vigil_meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS events (\n  ${eventColumnsDdl()}\n)`,
  SESSIONS_DDL,
  `CREATE TABLE IF NOT EXISTS page_visits (
    site_id VARCHAR NOT NULL,
    session_id UBIGINT NOT NULL,
    page VARCHAR NOT NULL,
    visitor_id UBIGINT NOT NULL,
    first_ts TIMESTAMP NOT NULL,
    last_ts TIMESTAMP NOT NULL,
    pageviews INTEGER NOT NULL,
    engagements INTEGER NOT NULL,
    engaged_ms BIGINT NOT NULL,
    max_scroll INTEGER
  )`,
  `CREATE TABLE IF NOT EXISTS rollup_spans (site_id VARCHAR PRIMARY KEY, page_visit_ms BIGINT NOT NULL)`,
];

async function storedVersion(conn: DuckDBConnection): Promise<number | null> {
  const rows = (await conn.runAndReadAll(`SELECT value FROM vigil_meta WHERE key = 'schema_version'`)).getRows();
  return rows.length > 0 ? Number(rows[0]![0]) : null;
}

/**
 * Version 1 kept sessions under a PRIMARY KEY and had no page_visits: both rollups are rebuilt
 * from events, with the same aggregates the inserts merge.
 */
async function upgradeFromV1(conn: DuckDBConnection, rebuild: readonly string[]): Promise<void> {
  await conn.run('BEGIN TRANSACTION');
  try {
    await conn.run('DROP VIEW IF EXISTS pages');
    await conn.run('DROP TABLE sessions');
    for (const sql of [...DDL, ...rebuild]) await conn.run(sql);
    await conn.run('COMMIT');
  } catch (err) {
    await conn.run('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

/** Creates or upgrades the tables; `rebuild` fills the rollups from events (merge.ts). */
export async function migrate(conn: DuckDBConnection, rebuild: readonly string[]): Promise<void> {
  await conn.run(DDL[0]!);
  const version = await storedVersion(conn);
  if (version !== null && version < SCHEMA_VERSION) await upgradeFromV1(conn, rebuild);
  for (const sql of DDL) await conn.run(sql);
  await conn.run(`INSERT INTO vigil_meta VALUES ('schema_version', '${SCHEMA_VERSION}') ON CONFLICT (key) DO UPDATE SET value = excluded.value`);
}
