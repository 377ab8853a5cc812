/**
 * The page_visits rollup: one AggregatingMergeTree row per (site_id, session_id, page) over the
 * pageview and engagement events, fed by a materialized view on every insert into events (see
 * core/src/store/duckdb/schema.ts for what a row means and core/src/stats/sql/page-visits.ts for
 * how the page breakdown and scroll depth read it).
 *
 * As in the sessions rollup, every state survives a replayed batch: min/max timestamps, max of the
 * visitor and of the scroll, the set of pageview ids instead of a count and the set of
 * (engagement id, engaged ms) pairs instead of a count and a sum. Merging a state with a copy of
 * itself changes nothing, so the backfill may overlap rows the view already wrote.
 */
import type { Migration } from './migration.ts';

const PAGE_VISIT_STATES_SELECT = `SELECT site_id, session_id, page,
  maxState(visitor_id) AS visitor_id,
  minState(ts) AS first_ts,
  maxState(ts) AS last_ts,
  uniqExactIfState(id, name = 'pageview') AS pageview_ids,
  groupUniqArrayIfState(tuple(id, engaged_ms), name = 'engagement') AS engagement_reports,
  maxIfState(scroll_pct, name = 'engagement') AS scroll
FROM events`;

const PAIR_EVENTS = `name IN ('pageview', 'engagement')`;

export const pageVisitsMigration: Migration = {
  version: 3,
  name: 'page visits rollup',
  statements: () => [
    `CREATE TABLE IF NOT EXISTS page_visits ENGINE = AggregatingMergeTree ORDER BY (site_id, session_id, page)
AS ${PAGE_VISIT_STATES_SELECT} WHERE 0 GROUP BY site_id, session_id, page`,
    `CREATE MATERIALIZED VIEW IF NOT EXISTS page_visits_mv TO page_visits AS ${PAGE_VISIT_STATES_SELECT} WHERE ${PAIR_EVENTS} GROUP BY site_id, session_id, page`,
    `INSERT INTO page_visits ${PAGE_VISIT_STATES_SELECT} WHERE ${PAIR_EVENTS} GROUP BY site_id, session_id, page`,
  ],
};

/**
 * The rollup as the stats renderer reads it: one merged row per (session, page) with the plain
 * columns of DuckDB's page_visits, optionally one site's. max_scroll is NULL without an
 * engagement report, as the raw grouping gives it.
 */
export function mergedPageVisitsSql(siteCondition: string | null): string {
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
    FROM page_visits${siteCondition === null ? '' : ` WHERE ${siteCondition}`} GROUP BY site_id, session_id, page))`;
}

/** The site's longest page visit (last_ts - first_ts of any row, ms; 0 without rows), as `span`. */
export function pageVisitSpanSql(siteCondition: string): string {
  return `SELECT max(last_ts - first_ts) AS span FROM (SELECT maxMerge(last_ts) AS last_ts, minMerge(first_ts) AS first_ts
    FROM page_visits WHERE ${siteCondition} GROUP BY session_id, page)`;
}
