/**
 * The sessions rollup: one AggregatingMergeTree row per (site_id, session_id), fed by a
 * materialized view on every insert into events.
 *
 * A replayed batch (at-least-once delivery) fires the view again, so every state here is
 * idempotent: min/max of timestamps, argMin/argMax with deterministic tie-breaks, the set of
 * pageview ids (uniqExact) instead of a count, and the set of (engagement id, engaged ms) pairs
 * instead of a sum. Merging a state with a copy of itself changes nothing, so duplicates collapse
 * whether they are merged in the background or at query time. For the same reason the backfill
 * after creating the view may overlap rows the view already wrote.
 *
 * The table is created from the view's own SELECT (CREATE TABLE ... AS SELECT ... WHERE 0), so
 * the state column types are whatever this server's functions produce: no hand-written
 * AggregateFunction types to drift between releases.
 */
import type { Migration } from './migration.ts';
import { SESSION_DIMENSION_COLUMNS } from './columns.ts';

const SESSION_STATES_SELECT = `SELECT site_id, session_id,
  argMinState(visitor_id, ts) AS visitor_id,
  minState(ts) AS start_ts,
  maxState(ts) AS end_ts,
  uniqExactIfState(id, name = 'pageview') AS pageview_ids,
  groupUniqArrayIfState(tuple(id, engaged_ms), name = 'engagement') AS engagements,
  argMinIfState(page, tuple(ts, page), name = 'pageview') AS entry_page,
  argMaxIfState(page, tuple(ts, page), name = 'pageview') AS exit_page,
  ${SESSION_DIMENSION_COLUMNS.map((c) => `argMinState(${c}, ts) AS ${c}`).join(',\n  ')}
FROM events`;

export const sessionsMigration: Migration = {
  version: 2,
  name: 'sessions rollup',
  statements: () => [
    `CREATE TABLE IF NOT EXISTS sessions ENGINE = AggregatingMergeTree ORDER BY (site_id, session_id)
AS ${SESSION_STATES_SELECT} WHERE 0 GROUP BY site_id, session_id`,
    `CREATE MATERIALIZED VIEW IF NOT EXISTS sessions_mv TO sessions AS ${SESSION_STATES_SELECT} GROUP BY site_id, session_id`,
    `INSERT INTO sessions ${SESSION_STATES_SELECT} GROUP BY site_id, session_id`,
  ],
};

/** The rollup as the stats renderer reads it: one merged row per session, optionally one site's. */
export function mergedSessionsSql(siteCondition: string | null): string {
  return `(SELECT site_id, session_id,
    argMinMerge(visitor_id) AS visitor_id,
    minMerge(start_ts) AS start_ts,
    maxMerge(end_ts) AS end_ts,
    uniqExactIfMerge(pageview_ids) AS pageviews,
    arraySum(arrayMap(engagement -> tupleElement(engagement, 2), groupUniqArrayIfMerge(engagements))) AS engaged_ms,
    argMinIfMerge(entry_page) AS entry_page,
    argMaxIfMerge(exit_page) AS exit_page,
    ${SESSION_DIMENSION_COLUMNS.map((c) => `argMinMerge(${c}) AS ${c}`).join(',\n    ')}
  FROM sessions${siteCondition === null ? '' : ` WHERE ${siteCondition}`} GROUP BY site_id, session_id)`;
}
