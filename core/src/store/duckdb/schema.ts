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
 *   fed by a materialized view over events. scroll_sum and scroll_pages: over the session's
 *   page_visits rows with an engagement, the sum of their max_scroll and their count. They are
 *   not merged from the batch's side but recomputed from page_visits for the batch's sessions
 *   after page_visits is merged (a page's max may rise), so totals read the scroll depth of
 *   sessions lying inside a range from here instead of from page_visits. ClickHouse does not
 *   keep them (its totals read page_visits). first_of: bit 0 set on exactly one session of each
 *   (site, visitor), and each session dimension's bit on exactly one session of each (site,
 *   visitor, value of the dimension), the earliest one (by start_ts, then session_id);
 *   FIRST_OF_ONLY on the sessions whose visitor has no other, LAST_OF_VISITOR on each visitor's
 *   latest one. Recomputed after each insert for the batch's visitors
 *   (see "Daily visitors" below; bits in core/src/stats/sql/daily-visitors.ts).
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
 * - page_days: one row per (site_id, day, page), day the visitor day of page_visits rows (the day
 *   their visitor id names, visitor_id >> 48): over those rows with a pageview, visitors = their
 *   distinct visitors and visits = their count; over all of them, pageviews, engaged_ms, and
 *   scroll_sum / scroll_pairs = max_scroll summed and counted over rows with an engagement. Kept
 *   by deltas: the batch's visitors' share of it before page_visits takes the batch is subtracted
 *   and their share after it added (merge.ts), so an insert costs what its visitors do. Where a
 *   site has daily visitors (below), the page breakdown takes the visitors of whole days from
 *   here and reads page_visits only for the visitors of the days at the range's edges. A site
 *   whose ids name no day gets meaningless rows, which nothing reads. ClickHouse does not keep it.
 * - session_days: one row per (site_id, day, dim, value), day the UTC day sessions started on: for
 *   dim '' (value '') over all of the day's sessions, and for each session dimension over its
 *   sessions with that value (a source as its breakdown groups it, sessionGroupKey): visitors =
 *   their distinct visitors (on a site with daily visitors; counted as the sessions first_of flags
 *   for the dimension, one per visitor and value), visits = their count, bounces = those with at
 *   most one pageview, and
 *   the sums of their durations, engaged_ms, pageviews, events, scroll_sum and scroll_pages. Kept
 *   by deltas as page_days is: the batch's visitors' sessions before the batch are subtracted and
 *   after it added. Where a site has daily visitors, the visitors of different days are different
 *   ids, so totals and session breakdowns add up whole days from here and read sessions only for
 *   the partial days at a range's edges. ClickHouse does not keep it.
 * - event_visits: one row per (site_id, session_id, name, visitor_id) over the custom and outbound
 *   events: first_ts = min(ts), last_ts = max(ts), events = count. Merging: min, max, sum. The
 *   event breakdown reads it instead of scanning events; rows crossing a range edge are rebuilt
 *   from events near the edges, within the site's longest session (a row lies inside its session).
 *   The visitor is part of the key, so distinct visitors stay those of the events themselves.
 *   ClickHouse: SummingMergeTree / SimpleAggregateFunction(min/max) ordered by the key.
 * - event_counts: one row per (site_id, slot_ts), slot_ts the start of a 15-minute UTC slot:
 *   pageviews = count of its pageview events, events = count of its custom and outbound events.
 *   Merging: sums. Unfiltered timeseries read whole slots here and only the partial slots at the
 *   range's edges from events. Every zone offset in use today is a multiple of 15 minutes, so a
 *   slot never straddles a local hour or day (the renderer checks, and groups events otherwise).
 *   ClickHouse: SummingMergeTree ordered by (site_id, slot_ts).
 * - rollup_spans: per site, the longest [first_ts, last_ts] of any page_visits row
 *   (page_visit_ms) and the longest [start_ts, end_ts] of any session (session_ms). Merging: max.
 *   They bound how far from a range edge a crossing row can reach, so the edge rebuild reads only
 *   events within that distance of the edges. ClickHouse: AggregatingMergeTree (or
 *   SimpleAggregateFunction(max)) ordered by site_id. mixed_visitor_days: some session of the site
 *   did not start on the UTC day its visitor id names, or a session's events carried two visitor
 *   ids (never true of what the ingest sends). Merging: OR; once true, it stays true.
 *
 * Daily visitors. The ingest's visitor ids live one day and lead with that day's number (the top
 * 16 bits of the UBIGINT key; core/src/privacy/visitor-day.ts), and a visit running past midnight
 * keeps its id, so every session of a visitor starts on the day its id names. The insert checks
 * this of every session it merges, per site (mixed_visitor_days). Where it holds, a visitor's
 * sessions and page rows all lie within one day plus the longest session, so the visitors of the
 * days lying wholly inside a range are counted from first_of and page_days, and only the
 * visitors of the partial days at the edges are de-duplicated (core/src/stats/sql/daily-visitors.ts).
 * The flags are recomputed over rows from the day of the batch's cutoff on: a batch's visitor has
 * all its rows there when the check holds, and a site where it fails never reads them.
 *
 * visitor_id and session_id are stored as UBIGINT keys (their 16 hex digits, exactly): distinct
 * counts and GROUP BY session over integers are several times faster than over 16-byte strings,
 * which DuckDB cannot inline. Nothing reads the ids back, so the API never sees the difference.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { STORED_EVENT_COLUMNS, type StoredEvent } from '../../event/stored.ts';

export const SCHEMA_VERSION = 7;

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
    ${SESSION_DIMENSION_COLUMNS.map((c) => `${c} VARCHAR NOT NULL`).join(',\n    ')},
    scroll_sum BIGINT NOT NULL DEFAULT 0,
    scroll_pages INTEGER NOT NULL DEFAULT 0,
    first_of INTEGER NOT NULL DEFAULT 0
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
  `CREATE TABLE IF NOT EXISTS page_days (
    site_id VARCHAR NOT NULL,
    day INTEGER NOT NULL,
    page VARCHAR NOT NULL,
    visitors BIGINT NOT NULL,
    visits BIGINT NOT NULL,
    pageviews BIGINT NOT NULL,
    engaged_ms BIGINT NOT NULL,
    scroll_sum BIGINT NOT NULL,
    scroll_pairs BIGINT NOT NULL
  )`,
  `CREATE TABLE IF NOT EXISTS session_days (
    site_id VARCHAR NOT NULL,
    day INTEGER NOT NULL,
    dim VARCHAR NOT NULL,
    value VARCHAR NOT NULL,
    visitors BIGINT NOT NULL,
    visits BIGINT NOT NULL,
    bounces BIGINT NOT NULL,
    duration_ms BIGINT NOT NULL,
    engaged_ms BIGINT NOT NULL,
    pageviews BIGINT NOT NULL,
    events BIGINT NOT NULL,
    scroll_sum BIGINT NOT NULL,
    scroll_pages BIGINT NOT NULL
  )`,
  `CREATE TABLE IF NOT EXISTS event_visits (
    site_id VARCHAR NOT NULL,
    session_id UBIGINT NOT NULL,
    name VARCHAR NOT NULL,
    visitor_id UBIGINT NOT NULL,
    first_ts TIMESTAMP NOT NULL,
    last_ts TIMESTAMP NOT NULL,
    events INTEGER NOT NULL
  )`,
  `CREATE TABLE IF NOT EXISTS event_counts (
    site_id VARCHAR NOT NULL,
    slot_ts TIMESTAMP NOT NULL,
    pageviews BIGINT NOT NULL,
    events BIGINT NOT NULL
  )`,
  `CREATE TABLE IF NOT EXISTS rollup_spans (site_id VARCHAR PRIMARY KEY, page_visit_ms BIGINT NOT NULL, session_ms BIGINT NOT NULL,
    mixed_visitor_days BOOLEAN NOT NULL DEFAULT false)`,
];

/** The rollups, each rebuilt from events (and, for rollup_spans, the other rollups) by merge.ts. */
export type Rollup = 'sessions' | 'session_days' | 'page_visits' | 'page_days' | 'event_visits' | 'event_counts' | 'rollup_spans';

/** What an older version lacks: its stale rollups are dropped and rebuilt, in this order. */
const STALE_SINCE: Record<number, readonly Rollup[]> = {
  // v1 kept sessions under a PRIMARY KEY and had no page_visits
  1: ['sessions', 'session_days', 'page_visits', 'page_days', 'event_visits', 'event_counts', 'rollup_spans'],
  // v2 had no event_counts, no session spans and no event_visits
  2: ['sessions', 'session_days', 'page_days', 'event_visits', 'event_counts', 'rollup_spans'],
  // v3 had no event_visits
  3: ['sessions', 'session_days', 'page_days', 'event_visits', 'rollup_spans'],
  // v4 sessions had no scroll_sum / scroll_pages
  4: ['sessions', 'session_days', 'page_days', 'rollup_spans'],
  // v5 had no first_of flags, no mixed_visitor_days and no page_days
  5: ['sessions', 'session_days', 'page_days', 'rollup_spans'],
  // v6 had no session_days, and ordered first_of's sessions by id alone, with no last-session bit
  6: ['sessions', 'session_days'],
};

async function storedVersion(conn: DuckDBConnection): Promise<number | null> {
  const rows = (await conn.runAndReadAll(`SELECT value FROM vigil_meta WHERE key = 'schema_version'`)).getRows();
  return rows.length > 0 ? Number(rows[0]![0]) : null;
}

/**
 * An older file keeps its events; the rollups it lacks (or kept differently) are dropped and
 * rebuilt from events with the same aggregates the inserts merge, in one transaction.
 */
async function upgrade(conn: DuckDBConnection, from: number, rebuild: Record<Rollup, string>): Promise<void> {
  const stale = STALE_SINCE[from] ?? STALE_SINCE[1]!;
  await conn.run('BEGIN TRANSACTION');
  try {
    await conn.run('DROP VIEW IF EXISTS pages');
    for (const table of stale) await conn.run(`DROP TABLE IF EXISTS ${table}`);
    for (const sql of DDL) await conn.run(sql);
    for (const table of stale) await conn.run(rebuild[table]);
    await conn.run('COMMIT');
  } catch (err) {
    await conn.run('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

/** An upgrade about to run: the file's version, this one, and the rollups rebuilt from events. */
export interface UpgradeNotice {
  from: number;
  to: number;
  rollups: readonly Rollup[];
}

/**
 * Creates or upgrades the tables; `rebuild` fills each rollup from events (merge.ts). An upgrade
 * can take minutes on a large file, so `onUpgrade` hears of it before it starts.
 */
export async function migrate(conn: DuckDBConnection, rebuild: Record<Rollup, string>, onUpgrade?: (notice: UpgradeNotice) => void): Promise<void> {
  await conn.run(DDL[0]!);
  const version = await storedVersion(conn);
  if (version !== null && version < SCHEMA_VERSION) {
    onUpgrade?.({ from: version, to: SCHEMA_VERSION, rollups: STALE_SINCE[version] ?? STALE_SINCE[1]! });
    await upgrade(conn, version, rebuild);
  }
  for (const sql of DDL) await conn.run(sql);
  await conn.run(`INSERT INTO vigil_meta VALUES ('schema_version', '${SCHEMA_VERSION}') ON CONFLICT (key) DO UPDATE SET value = excluded.value`);
}
