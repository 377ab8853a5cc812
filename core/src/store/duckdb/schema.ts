/**
 * DuckDB tables of the embedded store.
 *
 * - events: one wide row per StoredEvent. DuckDB has no clustered index; rows are appended in
 *   ts order per batch, so each row group's zone map on ts stays narrow and a time-range scan
 *   skips the row groups outside the range.
 * - sessions: the rollup, one row per (site_id, session_id), merged at insert time. The entry
 *   and exit pageview timestamps are kept so batches arriving late or out of order merge to the
 *   same row a single batch would give.
 * - pages: per site, page and hour, a view over events (cheaper to keep than a second rollup).
 *
 * visitor_id and session_id are stored as UBIGINT keys (their 16 hex digits, exactly): distinct
 * counts and GROUP BY session over integers are several times faster than over 16-byte strings,
 * which DuckDB cannot inline. Nothing reads the ids back, so the API never sees the difference.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { STORED_EVENT_COLUMNS, type StoredEvent } from '../../event/stored.ts';

export const SCHEMA_VERSION = 1;

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

/** The stage keeps the events as written; the events table keys the ids. */
export function eventColumnsDdl(target: 'stage' | 'events'): string {
  return STORED_EVENT_COLUMNS
    .map((c) => `${c} ${target === 'events' && KEY_COLUMNS.has(c) ? 'UBIGINT' : SQL_TYPE[columnKind(c)]} NOT NULL`)
    .join(',\n  ');
}

/**
 * SQL turning a 16-hex-digit id into its UBIGINT, exactly. An id of another shape (not produced
 * by ingest) falls back to a 64-bit hash rather than failing the batch.
 */
export function idKeySql(column: string): string {
  return `coalesce(CASE WHEN length(${column}) = 16 THEN TRY_CAST('0x' || ${column} AS UBIGINT) END, hash(${column}))`;
}

const DDL = [
  `CREATE TABLE IF NOT EXISTS vigil_meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS events (\n  ${eventColumnsDdl('events')}\n)`,
  `CREATE TABLE IF NOT EXISTS sessions (
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
    ${SESSION_DIMENSION_COLUMNS.map((c) => `${c} VARCHAR NOT NULL`).join(',\n    ')},
    PRIMARY KEY (site_id, session_id)
  )`,
  `CREATE OR REPLACE VIEW pages AS
    SELECT site_id, page, date_trunc('hour', ts) AS hour,
      count_if(name = 'pageview') AS views,
      count(DISTINCT visitor_id) FILTER (WHERE name = 'pageview') AS visitors,
      coalesce(sum(engaged_ms) FILTER (WHERE name = 'engagement'), 0) AS engaged_ms,
      coalesce(avg(scroll_pct) FILTER (WHERE name = 'engagement'), 0) AS avg_scroll_pct
    FROM events WHERE name IN ('pageview', 'engagement')
    GROUP BY site_id, page, date_trunc('hour', ts)`,
];

export async function migrate(conn: DuckDBConnection): Promise<void> {
  for (const sql of DDL) await conn.run(sql);
  await conn.run(`INSERT INTO vigil_meta VALUES ('schema_version', '${SCHEMA_VERSION}') ON CONFLICT (key) DO UPDATE SET value = excluded.value`);
}
