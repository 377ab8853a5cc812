/**
 * From the stage into events and the rollups, in one transaction.
 *
 * The stage is decoded once into the temp table `batch` (the events table's row shape, ids
 * keyed), leaving out ids already stored: replays only ever carry recent events, so the lookup
 * reads only events inside the batch's own ts range, which the zone maps on ts narrow to the
 * newest row groups instead of the whole table.
 *
 * Rollups: the batch is aggregated per key first (one source row per key, as MERGE requires),
 * then merged by the order-independent rules documented in schema.ts. The same aggregates over
 * the whole events table rebuild the rollups when an older schema is upgraded.
 */
import { STORED_EVENT_COLUMNS } from '../../event/stored.ts';
import { KEY_COLUMNS, SESSION_DIMENSION_COLUMNS, idKeySql, type Rollup } from './schema.ts';
import { STAGE_DICT_LIST_SQL, decodedStageColumn } from './stage-writer.ts';
import { str, tsMs } from './duckdb-literal.ts';
import { DIRECT_SOURCE } from '../../stats/plan.ts';
import { DIMENSION_ORDER, FIRST_OF_ALL, FIRST_OF_ONLY, FIRST_OF_VISITOR, LAST_OF_VISITOR, firstOfBit, sessionGroupKey } from '../../stats/sql/daily-visitors.ts';
import { DAY_MS } from '../../privacy/visitor-day.ts';

const CUSTOM = `name NOT IN ('pageview', 'engagement', 'click')`;

export function decodeBatchSql(minTs: number, maxTs: number): string {
  const columns = STORED_EVENT_COLUMNS.map((c) => {
    const value = decodedStageColumn(c, 'dict.v');
    return `${KEY_COLUMNS.has(c) ? idKeySql(value) : value} AS ${c}`;
  });
  return `CREATE OR REPLACE TEMP TABLE batch AS
    SELECT * FROM (SELECT ${columns.join(', ')} FROM stage CROSS JOIN ${STAGE_DICT_LIST_SQL} AS dict) AS decoded
    WHERE id NOT IN (SELECT id FROM events WHERE ts >= ${tsMs(minTs)} AND ts <= ${tsMs(maxTs)})`;
}

export const INSERT_EVENTS_SQL = `INSERT INTO events SELECT * FROM batch ORDER BY ts`;

const SESSION_COLUMNS = [
  'site_id', 'session_id', 'visitor_id', 'start_ts', 'end_ts', 'pageviews', 'events', 'engaged_ms',
  'entry_page', 'entry_ts', 'exit_page', 'exit_ts', ...SESSION_DIMENSION_COLUMNS,
];

/** One row per session of `source` (batch or events), in SESSION_COLUMNS order. */
function sessionAggregateSql(source: string): string {
  return `SELECT site_id, session_id, arg_min(visitor_id, ts), min(ts), max(ts),
    count_if(name = 'pageview'), count_if(${CUSTOM}),
    coalesce(sum(engaged_ms) FILTER (WHERE name = 'engagement'), 0),
    coalesce(arg_min(page, (ts, page)) FILTER (WHERE name = 'pageview'), ''), min(ts) FILTER (WHERE name = 'pageview'),
    coalesce(arg_max(page, (ts, page)) FILTER (WHERE name = 'pageview'), ''), max(ts) FILTER (WHERE name = 'pageview'),
    ${SESSION_DIMENSION_COLUMNS.map((c) => `arg_min(${c}, ts)`).join(', ')}
  FROM ${source} GROUP BY site_id, session_id`;
}

/**
 * Where the rollups' rows for a batch can be. A MERGE reads every row of its target, and the
 * sessions and page_visits tables grow with all history; but a batch nearly always continues
 * recent sessions only. So the store picks a cutoff (the batch's first event minus the longest
 * session) and asks OLD_SESSIONS_SQL whether any batch session has a row starting before it,
 * reading one narrow column. If none does, every row the batch can match starts at or after the
 * cutoff (a page visit starts no earlier than its session), so both MERGEs read only rows from the
 * cutoff on, which the zone maps on start_ts and first_ts narrow to the newest row groups. If one
 * does (a late event of an old session), the MERGEs read everything, as before: exact either way.
 */
export function oldSessionsSql(cutoff: number): string {
  return `SELECT count(*) AS n FROM sessions WHERE start_ts < ${tsMs(cutoff)} AND session_id IN (SELECT session_id FROM batch)`;
}

/** `column >= since AND `, or nothing for null (every row). */
export const from = (column: string, since: number | null) => (since === null ? '' : `${column} >= ${tsMs(since)} AND `);

/**
 * The rows of `table` whose visitor is one of the batch's, from `dayStart` on (by `tsColumn`), as
 * a WHERE condition. They are found on the two narrow columns first and then read by rowid:
 * reading every column of a whole day's rows to keep a few dozen costs ten times more.
 */
export const batchVisitorRows = (table: string, tsColumn: string, dayStart: number | null) =>
  `rowid IN (SELECT rowid FROM ${table} WHERE ${from(tsColumn, dayStart)}visitor_id IN (SELECT visitor_id FROM batch))`;

/** A sessions row whose visitor key names a day other than the one its session started on. */
const MIXED_VISITOR_DAY = `(visitor_id >> 48) <> (epoch_ms(start_ts) // ${DAY_MS})`;

/**
 * The sites of the batch's sessions whose events carry two visitor ids, in the batch or against
 * the stored row (read from `cutoff` on, as the MERGE is): a session's visitor would change under
 * the flags of the visitor it had, so such a site counts visitors by de-duplicating from then on.
 */
export const changedVisitorSitesSql = (cutoff: number | null) => `
SELECT DISTINCT b.site_id FROM (SELECT site_id, session_id, min(visitor_id) AS lo, max(visitor_id) AS hi FROM batch GROUP BY site_id, session_id) AS b
  LEFT JOIN sessions ON ${from('sessions.start_ts', cutoff)}sessions.site_id = b.site_id AND sessions.session_id = b.session_id
WHERE b.lo <> b.hi OR sessions.visitor_id <> b.lo`;

const earlier = (col: string) => `CASE WHEN b.start_ts < sessions.start_ts THEN b.${col} ELSE sessions.${col} END`;

/** Merges the batch's sessions into rows starting at or after `cutoff` (null: into all rows). */
export const mergeSessionsSql = (cutoff: number | null) => `
MERGE INTO sessions USING (SELECT * FROM (${sessionAggregateSql('batch')}) AS agg(${SESSION_COLUMNS.join(', ')})) AS b
ON ${from('sessions.start_ts', cutoff)}sessions.site_id = b.site_id AND sessions.session_id = b.session_id
WHEN MATCHED THEN UPDATE SET
  visitor_id = ${earlier('visitor_id')},
  start_ts = least(sessions.start_ts, b.start_ts),
  end_ts = greatest(sessions.end_ts, b.end_ts),
  pageviews = sessions.pageviews + b.pageviews,
  events = sessions.events + b.events,
  engaged_ms = sessions.engaged_ms + b.engaged_ms,
  entry_page = CASE WHEN sessions.entry_ts IS NULL OR b.entry_ts < sessions.entry_ts
      OR (b.entry_ts = sessions.entry_ts AND b.entry_page < sessions.entry_page)
    THEN b.entry_page ELSE sessions.entry_page END,
  entry_ts = least(sessions.entry_ts, b.entry_ts),
  exit_page = CASE WHEN sessions.exit_ts IS NULL OR b.exit_ts > sessions.exit_ts
      OR (b.exit_ts = sessions.exit_ts AND b.exit_page > sessions.exit_page)
    THEN b.exit_page ELSE sessions.exit_page END,
  exit_ts = greatest(sessions.exit_ts, b.exit_ts),
  ${SESSION_DIMENSION_COLUMNS.map((c) => `${c} = ${earlier(c)}`).join(',\n  ')}
WHEN NOT MATCHED THEN INSERT (${SESSION_COLUMNS.join(', ')}, first_of) VALUES (${SESSION_COLUMNS.map((c) => `b.${c}`).join(', ')}, ${FIRST_OF_ALL})
RETURNING site_id, epoch_ms(end_ts) - epoch_ms(start_ts) AS span_ms, ${MIXED_VISITOR_DAY} AS mixed`;

const PAGE_VISIT_COLUMNS = ['site_id', 'session_id', 'page', 'visitor_id', 'first_ts', 'last_ts', 'pageviews', 'engagements', 'engaged_ms', 'max_scroll'];

function pageVisitAggregateSql(source: string): string {
  return `SELECT site_id, session_id, page, max(visitor_id), min(ts), max(ts),
    count_if(name = 'pageview'), count_if(name = 'engagement'),
    coalesce(sum(engaged_ms) FILTER (WHERE name = 'engagement'), 0), max(scroll_pct) FILTER (WHERE name = 'engagement')
  FROM ${source} WHERE name IN ('pageview', 'engagement') GROUP BY site_id, session_id, page`;
}

/**
 * Merges into rows starting at or after `cutoff` (null: all rows). Returns the merged rows' spans,
 * so the store can keep rollup_spans (a max) current.
 */
export const mergePageVisitsSql = (cutoff: number | null) => `
MERGE INTO page_visits USING (SELECT * FROM (${pageVisitAggregateSql('batch')}) AS agg(${PAGE_VISIT_COLUMNS.join(', ')})) AS b
ON ${from('page_visits.first_ts', cutoff)}page_visits.site_id = b.site_id AND page_visits.session_id = b.session_id AND page_visits.page = b.page
WHEN MATCHED THEN UPDATE SET
  visitor_id = greatest(page_visits.visitor_id, b.visitor_id),
  first_ts = least(page_visits.first_ts, b.first_ts),
  last_ts = greatest(page_visits.last_ts, b.last_ts),
  pageviews = page_visits.pageviews + b.pageviews,
  engagements = page_visits.engagements + b.engagements,
  engaged_ms = page_visits.engaged_ms + b.engaged_ms,
  max_scroll = CASE WHEN page_visits.max_scroll IS NULL THEN b.max_scroll WHEN b.max_scroll IS NULL THEN page_visits.max_scroll
    ELSE greatest(page_visits.max_scroll, b.max_scroll) END
WHEN NOT MATCHED THEN INSERT (${PAGE_VISIT_COLUMNS.join(', ')}) VALUES (${PAGE_VISIT_COLUMNS.map((c) => `b.${c}`).join(', ')})
RETURNING site_id, epoch_ms(last_ts) - epoch_ms(first_ts) AS span_ms`;

const EVENT_VISIT_COLUMNS = ['site_id', 'session_id', 'name', 'visitor_id', 'first_ts', 'last_ts', 'events'];

function eventVisitAggregateSql(source: string): string {
  return `SELECT site_id, session_id, name, visitor_id, min(ts), max(ts), count(*)
  FROM ${source} WHERE ${CUSTOM} GROUP BY site_id, session_id, name, visitor_id`;
}

/** Merges into rows starting at or after `cutoff` (null: all rows); an event visit starts no earlier than its session. */
export const mergeEventVisitsSql = (cutoff: number | null) => `
MERGE INTO event_visits USING (SELECT * FROM (${eventVisitAggregateSql('batch')}) AS agg(${EVENT_VISIT_COLUMNS.join(', ')})) AS b
ON ${from('event_visits.first_ts', cutoff)}event_visits.site_id = b.site_id AND event_visits.session_id = b.session_id
  AND event_visits.name = b.name AND event_visits.visitor_id = b.visitor_id
WHEN MATCHED THEN UPDATE SET
  first_ts = least(event_visits.first_ts, b.first_ts),
  last_ts = greatest(event_visits.last_ts, b.last_ts),
  events = event_visits.events + b.events
WHEN NOT MATCHED THEN INSERT (${EVENT_VISIT_COLUMNS.join(', ')}) VALUES (${EVENT_VISIT_COLUMNS.map((c) => `b.${c}`).join(', ')})`;

export const SLOT_MS = 15 * 60_000;

function eventCountAggregateSql(source: string): string {
  return `SELECT site_id, make_timestamp((epoch_ms(ts) // ${SLOT_MS}) * ${SLOT_MS * 1000}) AS slot_ts,
    count_if(name = 'pageview') AS pageviews, count_if(${CUSTOM}) AS events
  FROM ${source} WHERE name = 'pageview' OR ${CUSTOM} GROUP BY ALL`;
}

/**
 * A slot's row can only match the batch's slots, so the target is read from the batch's first
 * slot on: the zone maps on slot_ts skip everything older (rows are appended in time order).
 */
export function mergeEventCountsSql(minTs: number): string {
  const firstSlot = Math.floor(minTs / SLOT_MS) * SLOT_MS;
  return `
MERGE INTO event_counts USING (${eventCountAggregateSql('batch')}) AS b
ON event_counts.slot_ts >= ${tsMs(firstSlot)} AND event_counts.site_id = b.site_id AND event_counts.slot_ts = b.slot_ts
WHEN MATCHED THEN UPDATE SET pageviews = event_counts.pageviews + b.pageviews, events = event_counts.events + b.events
WHEN NOT MATCHED THEN INSERT (site_id, slot_ts, pageviews, events) VALUES (b.site_id, b.slot_ts, b.pageviews, b.events)`;
}

export interface Spans {
  pageVisitMs: number;
  sessionMs: number;
  /** mixed_visitor_days (schema.ts) */
  mixedVisitorDays: boolean;
}

/** Raises a site's recorded spans; spans only grow, and mixed days stay mixed. */
export function raiseSpansSql(siteLiteral: string, spans: Spans): string {
  return `INSERT INTO rollup_spans VALUES (${siteLiteral}, ${Math.trunc(spans.pageVisitMs)}, ${Math.trunc(spans.sessionMs)}, ${spans.mixedVisitorDays})
    ON CONFLICT (site_id) DO UPDATE SET page_visit_ms = greatest(rollup_spans.page_visit_ms, excluded.page_visit_ms),
      session_ms = greatest(rollup_spans.session_ms, excluded.session_ms),
      mixed_visitor_days = rollup_spans.mixed_visitor_days OR excluded.mixed_visitor_days`;
}

/** Per session of `source` (events or page_visits rows), its engaged pages' max scroll: sum and count. */
function sessionScrollSql(pagesSql: string): string {
  return `SELECT site_id, session_id, coalesce(sum(max_scroll) FILTER (WHERE engagements > 0), 0) AS scroll_sum,
    count(*) FILTER (WHERE engagements > 0) AS scroll_pages
  FROM (${pagesSql}) AS pages GROUP BY site_id, session_id`;
}

/**
 * After page_visits took the batch: the batch's sessions get their scroll_sum / scroll_pages
 * again from their page_visits rows (read from `cutoff` on, as the MERGEs do; null: all rows).
 */
export const updateSessionScrollSql = (cutoff: number | null) => `
UPDATE sessions SET scroll_sum = s.scroll_sum, scroll_pages = s.scroll_pages
FROM (${sessionScrollSql(`SELECT site_id, session_id, engagements, max_scroll FROM page_visits
    WHERE ${from('first_ts', cutoff)}session_id IN (SELECT session_id FROM batch WHERE name = 'engagement')`)}) AS s
WHERE ${from('sessions.start_ts', cutoff)}sessions.site_id = s.site_id AND sessions.session_id = s.session_id`;

const PAGE_DAY_COLUMNS = ['visitors', 'visits', 'pageviews', 'engaged_ms', 'scroll_sum', 'scroll_pairs'];

/** page_days rows (schema.ts) from the page_visits rows matching `where`. */
function pageDayAggregateSql(where: string): string {
  return `SELECT site_id, CAST(visitor_id >> 48 AS INTEGER) AS day, page, count(DISTINCT visitor_id) FILTER (WHERE pageviews > 0) AS visitors,
    count_if(pageviews > 0) AS visits, sum(pageviews) AS pageviews, sum(engaged_ms) AS engaged_ms,
    coalesce(sum(max_scroll) FILTER (WHERE engagements > 0), 0) AS scroll_sum, count_if(engagements > 0) AS scroll_pairs
  FROM page_visits ${where} GROUP BY site_id, day, page`;
}

/**
 * The page_days share of the batch's visitors: their page_visits rows from `dayStart` on (all of
 * them, on a site that keeps the daily rule).
 */
function batchVisitorsPageDaysSql(dayStart: number | null): string {
  return pageDayAggregateSql(`WHERE ${batchVisitorRows('page_visits', 'first_ts', dayStart)}`);
}

/**
 * page_days is kept by deltas, so an insert costs what its visitors do, not what their day holds.
 * Before page_visits takes the batch, the batch's visitors' share is kept aside (BEFORE); after
 * it, their share again minus that is added (AFTER). A visitor's share is all of its rows, so
 * its distinct-visitor counts subtract exactly. A site that breaks the daily rule may have rows
 * outside the window and so get wrong rows, which nothing reads (it counts with DISTINCT).
 */
export const pageDaysBeforeSql = (dayStart: number | null) => `CREATE OR REPLACE TEMP TABLE page_days_before AS ${batchVisitorsPageDaysSql(dayStart)}`;

export const pageDaysAfterSql = (dayStart: number | null) =>
  deltaMergeSql('page_days', ['site_id', 'day', 'page'], PAGE_DAY_COLUMNS, batchVisitorsPageDaysSql(dayStart), 'page_days_before');

/**
 * A rollup kept by deltas (page_days, session_days): `share` (the batch's visitors' rows now)
 * minus the same share kept aside before the batch in `before`, added to `table` by key. Keys
 * whose share did not change are left alone. `since` bounds the target rows a delta can reach,
 * so the zone maps skip the others.
 */
function deltaMergeSql(table: string, keys: string[], columns: string[], share: string, before: string, since = ''): string {
  return `
MERGE INTO ${table} USING (
  SELECT ${keys.join(', ')}, ${columns.map((c) => `sum(${c}) AS ${c}`).join(', ')} FROM (
    ${share}
    UNION ALL SELECT ${keys.join(', ')}, ${columns.map((c) => `-${c}`).join(', ')} FROM ${before}
  ) AS parts GROUP BY ${keys.join(', ')}
  HAVING ${columns.map((c) => `sum(${c}) <> 0`).join(' OR ')}
) AS d
ON ${since}${keys.map((k) => `${table}.${k} = d.${k}`).join(' AND ')}
WHEN MATCHED THEN UPDATE SET ${columns.map((c) => `${c} = ${table}.${c} + d.${c}`).join(', ')}
WHEN NOT MATCHED THEN INSERT (${[...keys, ...columns].join(', ')}) VALUES (${[...keys, ...columns].map((c) => `d.${c}`).join(', ')})`;
}

const SESSION_DAY_COLUMNS = ['visitors', 'visits', 'bounces', 'duration_ms', 'engaged_ms', 'pageviews', 'events', 'scroll_sum', 'scroll_pages'];

/** session_days' dimensions: '' for all of a day's sessions, then each session dimension. */
const SESSION_DAY_DIMS = ['', ...DIMENSION_ORDER];

/** session_days rows (schema.ts) from the sessions rows matching `where`, one per session and dimension. */
export function sessionDayRowsSql(where: string): string {
  const value = `CASE dim ${DIMENSION_ORDER.map((d) => `WHEN ${str(d)} THEN ${sessionGroupKey(d, str(DIRECT_SOURCE))}`).join(' ')} ELSE '' END`;
  // a visitor's one session flagged for the dimension's value (first_of): counted, not de-duplicated
  const bit = `CASE dim ${DIMENSION_ORDER.map((d) => `WHEN ${str(d)} THEN ${firstOfBit(d)}`).join(' ')} ELSE ${FIRST_OF_VISITOR} END`;
  return `SELECT site_id, CAST(epoch_ms(start_ts) // ${DAY_MS} AS INTEGER) AS day, dim, ${value} AS value,
    count_if((first_of & ${bit}) <> 0) AS visitors, count(*) AS visits, count_if(pageviews <= 1) AS bounces,
    sum(epoch_ms(end_ts) - epoch_ms(start_ts)) AS duration_ms, sum(engaged_ms) AS engaged_ms, sum(pageviews) AS pageviews,
    sum(events) AS events, sum(scroll_sum) AS scroll_sum, sum(scroll_pages) AS scroll_pages
  FROM (SELECT * FROM sessions ${where}) AS s CROSS JOIN (VALUES ${SESSION_DAY_DIMS.map((d) => `(${str(d)})`).join(', ')}) AS dims(dim)
  GROUP BY site_id, day, dim, value`;
}

/** The session_days share of the batch's visitors: their sessions rows from `dayStart` on (all of them, on a site that keeps the daily rule). */
function batchVisitorsSessionDaysSql(dayStart: number | null): string {
  return sessionDayRowsSql(`WHERE ${batchVisitorRows('sessions', 'start_ts', dayStart)}`);
}

/** Before sessions take the batch: the batch's visitors' share of session_days, kept aside (as page_days is kept). */
export const sessionDaysBeforeSql = (dayStart: number | null) => `CREATE OR REPLACE TEMP TABLE session_days_before AS ${batchVisitorsSessionDaysSql(dayStart)}`;

/**
 * After sessions took the batch (their scroll sums, and the visitors' first_of flags): the
 * visitors' share again minus the share before, added to session_days. Rows whose share did not
 * change are left alone.
 */
export const sessionDaysAfterSql = (dayStart: number | null) =>
  // its rows' days are their sessions' start days, so none before the day the share starts on
  deltaMergeSql('session_days', ['site_id', 'day', 'dim', 'value'], SESSION_DAY_COLUMNS, batchVisitorsSessionDaysSql(dayStart), 'session_days_before',
    dayStart === null ? '' : `session_days.day >= ${Math.floor(dayStart / DAY_MS)} AND `);

/**
 * SQL for a session's first_of over a set of sessions holding all of its visitor's sessions (a
 * rebuild; inserts compute it in daily-visitors.ts): the bits whose (visitor[, key]) partition it
 * comes first in (by start, then session_id), whether it is its visitor's last, and whether its
 * only one.
 */
function firstOfSql(): string {
  const order = 'ORDER BY start_ts, session_id';
  const bit = (key: string | null, value: number) =>
    `CASE WHEN row_number() OVER (PARTITION BY site_id, visitor_id${key === null ? '' : `, ${key}`} ${order}) = 1 THEN ${value} ELSE 0 END`;
  const last = `CASE WHEN row_number() OVER (PARTITION BY site_id, visitor_id ORDER BY start_ts DESC, session_id DESC) = 1 THEN ${LAST_OF_VISITOR} ELSE 0 END`;
  const only = `CASE WHEN count(*) OVER (PARTITION BY site_id, visitor_id) = 1 THEN ${FIRST_OF_ONLY} ELSE 0 END`;
  const direct = str(DIRECT_SOURCE);
  return [bit(null, FIRST_OF_VISITOR), ...DIMENSION_ORDER.map((d) => bit(sessionGroupKey(d, direct), firstOfBit(d))), only, last].join('\n    + ');
}

/**
 * Rebuilds each rollup from events (a schema upgrade); rollup_spans after the others. Rows go in
 * in time order, as inserts leave them, so the zone maps on their timestamps stay narrow.
 */
export const REBUILD_ROLLUP_SQL: Record<Rollup, string> = {
  sessions: `INSERT INTO sessions (${SESSION_COLUMNS.join(', ')}, scroll_sum, scroll_pages, first_of)
    SELECT *, ${firstOfSql()} FROM (SELECT agg.*, coalesce(sc.scroll_sum, 0), coalesce(sc.scroll_pages, 0)
    FROM (${sessionAggregateSql('events')}) AS agg(${SESSION_COLUMNS.join(', ')})
    LEFT JOIN (${sessionScrollSql(`SELECT * FROM (${pageVisitAggregateSql('events')}) AS pv(${PAGE_VISIT_COLUMNS.join(', ')})`)}) AS sc ON sc.site_id = agg.site_id AND sc.session_id = agg.session_id
    ) AS rebuilt ORDER BY start_ts`,
  session_days: `INSERT INTO session_days (site_id, day, dim, value, ${SESSION_DAY_COLUMNS.join(', ')}) ${sessionDayRowsSql('')} ORDER BY day, site_id`,
  page_visits: `INSERT INTO page_visits (${PAGE_VISIT_COLUMNS.join(', ')})
    SELECT * FROM (${pageVisitAggregateSql('events')}) AS pv(${PAGE_VISIT_COLUMNS.join(', ')}) ORDER BY first_ts`,
  page_days: `INSERT INTO page_days (site_id, day, page, ${PAGE_DAY_COLUMNS.join(', ')}) ${pageDayAggregateSql('')} ORDER BY day`,
  event_visits: `INSERT INTO event_visits (${EVENT_VISIT_COLUMNS.join(', ')})
    SELECT * FROM (${eventVisitAggregateSql('events')}) AS ev(${EVENT_VISIT_COLUMNS.join(', ')}) ORDER BY first_ts`,
  event_counts: `INSERT INTO event_counts ${eventCountAggregateSql('events')} ORDER BY slot_ts, site_id`,
  rollup_spans: `INSERT OR REPLACE INTO rollup_spans
    SELECT s.site_id, coalesce(p.span, 0), s.span, s.mixed OR coalesce(c.changed, false) FROM
      (SELECT site_id, max(epoch_ms(end_ts) - epoch_ms(start_ts)) AS span, bool_or(${MIXED_VISITOR_DAY}) AS mixed FROM sessions GROUP BY site_id) AS s
      LEFT JOIN (SELECT DISTINCT site_id, true AS changed FROM events GROUP BY site_id, session_id HAVING min(visitor_id) <> max(visitor_id)) AS c
      ON c.site_id = s.site_id
      LEFT JOIN (SELECT site_id, max(epoch_ms(last_ts) - epoch_ms(first_ts)) AS span FROM page_visits GROUP BY site_id) AS p
      ON p.site_id = s.site_id`,
};

export const SPANS_SQL = `SELECT site_id, page_visit_ms, session_ms, mixed_visitor_days FROM rollup_spans`;
