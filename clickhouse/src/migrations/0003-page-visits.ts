/**
 * The page_visits rollup: AggregatingMergeTree rows per (site_id, session_id, page) over the
 * pageview and engagement events, fed by a materialized view on every insert into events (see
 * core/src/store/duckdb/schema.ts for what a row means and core/src/stats/sql/page-visits.ts for
 * how the page breakdown and scroll depth read it).
 *
 * As in the sessions rollup, every state survives a replayed batch: min/max timestamps, max of the
 * visitor and of the scroll, the set of pageview ids instead of a count and the set of
 * (engagement id, engaged ms) pairs instead of a count and a sum. Merging a state with a copy of
 * itself changes nothing, so the backfill may overlap rows the view already wrote.
 *
 * Rows are split by UTC day (`day`, last in the sorting key, so a visit crossing midnight keeps
 * one row per day and is merged at read time). A query then merges only the days near its range:
 * a visit inside [from, to) has every row within those days, and a visit with a row outside them
 * lies wholly before `from` or after `to` (it is no longer than the site's longest visit), so its
 * partly merged row fails the inside test as its full row would.
 *
 * page_visit_spans keeps, per site, the longest visit (last_ts - first_ts of a merged row), which
 * bounds how far from a range edge an edge-crossing visit reaches. A materialized view sees only
 * its own batch, so the store updates it after each insert from the merged rows of the batch's
 * sessions (see pageVisitSpanUpdateSql); the later of two inserts touching a visit sees both.
 */
import type { Migration } from './migration.ts';
import { num } from '../literal.ts';

const DAY_MS = 86_400_000;

const PAGE_VISIT_STATES_SELECT = `SELECT site_id, session_id, page, intDiv(ts, ${DAY_MS}) AS day,
  maxState(visitor_id) AS visitor_id,
  minState(ts) AS first_ts,
  maxState(ts) AS last_ts,
  uniqExactIfState(id, name = 'pageview') AS pageview_ids,
  groupUniqArrayIfState(tuple(id, engaged_ms), name = 'engagement') AS engagement_reports,
  maxIfState(scroll_pct, name = 'engagement') AS scroll
FROM events`;

const PAIR_EVENTS = `name IN ('pageview', 'engagement')`;
const GROUP = 'GROUP BY site_id, session_id, page, day';

/** max(last_ts - first_ts) states per site, over the merged page_visits rows matching `where`. */
function spanStatesSql(where: string): string {
  return `SELECT site_id, maxState(last_ts - first_ts) AS span FROM (
    SELECT site_id, maxMerge(last_ts) AS last_ts, minMerge(first_ts) AS first_ts
    FROM page_visits${where === '' ? '' : ` WHERE ${where}`} GROUP BY site_id, session_id, page
  ) GROUP BY site_id`;
}

export const pageVisitsMigration: Migration = {
  version: 3,
  name: 'page visits rollup',
  statements: () => [
    `CREATE TABLE IF NOT EXISTS page_visits ENGINE = AggregatingMergeTree ORDER BY (site_id, day, session_id, page)
AS ${PAGE_VISIT_STATES_SELECT} WHERE 0 ${GROUP}`,
    `CREATE MATERIALIZED VIEW IF NOT EXISTS page_visits_mv TO page_visits AS ${PAGE_VISIT_STATES_SELECT} WHERE ${PAIR_EVENTS} ${GROUP}`,
    `INSERT INTO page_visits ${PAGE_VISIT_STATES_SELECT} WHERE ${PAIR_EVENTS} ${GROUP}`,
    `CREATE TABLE IF NOT EXISTS page_visit_spans ENGINE = AggregatingMergeTree ORDER BY site_id AS ${spanStatesSql('0')}`,
    `INSERT INTO page_visit_spans ${spanStatesSql('')}`,
  ],
};

/** Raises each site's span to the longest merged visit of the given sessions (after their insert). */
export function pageVisitSpanUpdateSql(siteList: string, sessionList: string): string {
  return `INSERT INTO page_visit_spans ${spanStatesSql(`site_id IN ${siteList} AND session_id IN ${sessionList}`)}`;
}

/** The site's longest page visit in ms (0 without visits), as `span`. */
export function pageVisitSpanSql(siteCondition: string): string {
  return `SELECT maxMerge(span) AS span FROM page_visit_spans WHERE ${siteCondition}`;
}

/**
 * The rollup as the stats renderer reads it: one merged row per (session, page) with the plain
 * columns of DuckDB's page_visits, optionally one site's, optionally only the days that can hold
 * a visit inside `range` (given the site's longest visit, `spanMs`). max_scroll is NULL without an
 * engagement report, as the raw grouping gives it.
 */
export function mergedPageVisitsSql(siteCondition: string | null, range?: { from: number; to: number; spanMs: number }): string {
  const where = [
    ...(siteCondition === null ? [] : [siteCondition]),
    ...(range === undefined ? [] : [`day >= ${num(Math.trunc((range.from - range.spanMs) / DAY_MS))}`, `day <= ${num(Math.trunc((range.to + range.spanMs) / DAY_MS))}`]),
  ];
  return `(SELECT site_id, session_id, page, visitor_id, first_ts, last_ts, pageviews,
    length(reports) AS engagements,
    arraySum(arrayMap(report -> tupleElement(report, 2), reports)) AS engaged_ms,
    CASE WHEN length(reports) > 0 THEN scroll_max END AS max_scroll
  FROM (SELECT site_id, session_id, page,
      maxMerge(visitor_id) AS visitor_id,
      minMerge(first_ts) AS first_ts,
      maxMerge(last_ts) AS last_ts,
      uniqExactIfMerge(pageview_ids) AS pageviews,
      groupUniqArrayIfMerge(engagement_reports) AS reports,
      maxIfMerge(scroll) AS scroll_max
    FROM page_visits${where.length === 0 ? '' : ` WHERE ${where.join(' AND ')}`} GROUP BY site_id, session_id, page))`;
}
