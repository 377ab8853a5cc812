/**
 * The (session, page) pairs of a query: for every session and page with a pageview or engagement
 * event counted by the query, its in-range pageviews, engagement reports, engaged ms, max scroll
 * and visitor. The page breakdown and the scroll depth aggregate these pairs.
 *
 * Without a page_visits rollup the pairs are grouped from events. With one, a rollup row whose
 * [first_ts, last_ts] lies inside [from, to) is the pair exactly; a row crossing an edge has
 * every event within `span` of that edge (span = the site's longest row), so those pairs are
 * rebuilt from the events near the edges, which the ts zone maps read cheaply. A pair is rebuilt
 * only if it has events on both sides of an edge, so none is counted twice.
 *
 * The rollup path answers the session-dimension, entry/exit and page filters (a page filter on a
 * pair is a filter on its own page, and such a pair is also what qualifies its session); hostname
 * and event filters group events as before.
 */
import type { StatsQuery } from '../model.ts';
import type { QueryPlan } from '../plan.ts';
import { eventWhere, filterCondition, sessionFiltersOnEvents, siteAndRange } from './conditions.ts';
import type { Dialect } from './dialect.ts';

const PAIR_EVENTS = `name IN ('pageview', 'engagement')`;

/**
 * SELECT page, session_id, visitor, views, engaged, reports, max_scroll: one row per pair (no alias
 * shadows a column it reads: ClickHouse 18.16 rejects that).
 */
export interface PairsOptions {
  /** only the pairs of sessions crossing an edge (totals' scroll depth) */
  edgeSessionsOnly?: boolean;
  /**
   * only the rollup rows of visitors matching `visitor` (SQL on visitor_id), which all have
   * first_ts before `before` or at or after `from` (daily-visitors.ts); rebuilt pairs all are
   */
  edgeVisitors?: { visitor: string; before: number; from: number };
}

export function pairsSql(q: StatsQuery, plan: QueryPlan, D: Dialect, opts: PairsOptions = {}): string {
  const table = D.pageVisitsTable;
  const span = plan.pageVisitSpanMs;
  if (table === undefined || span === undefined || !pairsFromRollup(plan, D)) return groupedFromEvents(q, plan, D);
  const sessionSpan = plan.sessionSpanMs;
  if (opts.edgeSessionsOnly && sessionSpan === undefined) throw new Error('pairsSql: edgeSessionsOnly needs the session span');

  const pageConds = plan.eventFilters.map((f) => filterCondition(f, 'page', D));
  const site = `site_id = ${D.lit.str(q.siteId)}`;
  const sessionConds = plan.sessionFilters.map((f) => filterCondition(f, f.dimension, D));
  const sessionSet = sessionConds.length > 0
    ? [`session_id IN (SELECT session_id FROM ${D.sessionsTable} WHERE ${[site, `start_ts < ${D.lit.tsMs(q.to)}`, ...sessionConds].join(' AND ')})`]
    : [];
  const insideRows = (conds: string[]) => `SELECT page, session_id, visitor_id AS visitor, pageviews AS views, engaged_ms AS engaged, engagements AS reports, max_scroll FROM ${table}
    WHERE ${[site, `first_ts >= ${D.lit.tsMs(q.from)}`, `last_ts < ${D.lit.tsMs(q.to)}`, ...pageConds, ...conds].join(' AND ')}`;
  // Edge sessions only: the session filters go into that (small) set instead of a set of their own.
  const edge = opts.edgeVisitors;
  const inside = opts.edgeSessionsOnly
    ? edgeSessionRows(q, sessionSpan!, [site, ...sessionConds], insideRows, D)
    : edge
      ? `${insideRows([...sessionSet, edge.visitor, `first_ts < ${D.lit.tsMs(edge.before)}`])} UNION ALL ${insideRows([...sessionSet, edge.visitor, `first_ts >= ${D.lit.tsMs(Math.max(edge.from, edge.before))}`])}`
      : insideRows(sessionSet);

  // Events near the edges, filtered as the raw path filters them (session values on events).
  const entryExit = plan.entryExitFilters.length > 0
    ? [`session_id IN (SELECT session_id FROM ${D.sessionsTable} WHERE ${site} AND ${plan.entryExitFilters.map((f) => filterCondition(f, f.dimension, D)).join(' AND ')})`]
    : [];
  const near = (from: number, to: number) => `SELECT page, session_id, visitor_id, ts, name, engaged_ms, scroll_pct FROM ${D.eventsTable}
    WHERE ${[...siteAndRange('ts', q.siteId, from, to, D), PAIR_EVENTS, ...sessionFiltersOnEvents(plan, D), ...entryExit, ...pageConds].join(' AND ')}`;
  const windows = 2 * span >= q.to - q.from
    ? near(q.from - span, q.to + span)
    : `${near(q.from - span, q.from + span)} UNION ALL ${near(q.to - span, q.to + span)}`;
  const inRange = `ts >= ${D.lit.tsMs(q.from)} AND ts < ${D.lit.tsMs(q.to)}`;
  const crossing = `SELECT page, session_id, visitor, views, engaged, reports, max_scroll FROM (
      SELECT page, session_id, max(CASE WHEN ${inRange} THEN visitor_id END) AS visitor,
        ${D.countIf(`name = 'pageview' AND ${inRange}`)} AS views,
        ${D.sumIf('engaged_ms', `name = 'engagement' AND ${inRange}`)} AS engaged,
        ${D.countIf(`name = 'engagement' AND ${inRange}`)} AS reports,
        max(CASE WHEN name = 'engagement' AND ${inRange} THEN scroll_pct END) AS max_scroll,
        ${D.countIf(inRange)} AS in_range, ${D.countIf(`NOT (${inRange})`)} AS out_of_range
      FROM (${windows}) AS edge_events GROUP BY page, session_id
    ) AS edge_pairs WHERE in_range > 0 AND out_of_range > 0`;
  return `${inside} UNION ALL ${crossing}`;
}

/**
 * The rows inside the range of the sessions crossing one of its edges (started before `from` and
 * ended at or after it, or started before `to` and ended at or after it) that match the session
 * conditions: the pairs inside the range that a sum over the sessions lying wholly inside it
 * leaves out. Such a session starts
 * within `sessionSpan` before its edge, so its rows start before `from + sessionSpan` or at or
 * after `to - sessionSpan`; the two parts are read apart (and disjoint), so that the zone maps on
 * first_ts skip the middle of the range.
 */
function edgeSessionRows(q: StatsQuery, sessionSpan: number, sessionConds: string[], insideRows: (conds: string[]) => string, D: Dialect): string {
  // one scan per edge, each narrowed by the zone maps on start_ts (an OR of the two read them all)
  const crossing = (edge: number) => `SELECT session_id FROM ${D.sessionsTable} WHERE ${sessionConds.join(' AND ')}
    AND start_ts >= ${D.lit.tsMs(edge - sessionSpan)} AND start_ts < ${D.lit.tsMs(edge)} AND end_ts >= ${D.lit.tsMs(edge)}`;
  const edgeSessions = `session_id IN (${crossing(q.from)} UNION ALL ${crossing(q.to)})`;
  const early = q.from + sessionSpan;
  const late = q.to - sessionSpan;
  if (late <= early) return insideRows([edgeSessions]);
  return `${insideRows([edgeSessions, `first_ts < ${D.lit.tsMs(early)}`])} UNION ALL ${insideRows([edgeSessions, `first_ts >= ${D.lit.tsMs(late)}`])}`;
}

/** Whether pairsSql reads the rollup (cheap to read more than once) rather than grouping events. */
export function pairsFromRollup(plan: QueryPlan, D: Dialect): boolean {
  return D.pageVisitsTable !== undefined && plan.pageVisitSpanMs !== undefined && plan.eventFilters.every((f) => f.dimension === 'page');
}

function groupedFromEvents(q: StatsQuery, plan: QueryPlan, D: Dialect): string {
  return `SELECT page, session_id, max(visitor_id) AS visitor, ${D.countIf(`name = 'pageview'`)} AS views,
      ${D.sumIf('engaged_ms', `name = 'engagement'`)} AS engaged, ${D.countIf(`name = 'engagement'`)} AS reports,
      max(CASE WHEN name = 'engagement' THEN scroll_pct END) AS max_scroll
    FROM ${D.eventsTable} WHERE ${eventWhere(q, plan, D)} AND ${PAIR_EVENTS} GROUP BY page, session_id`;
}
