/**
 * The custom events of a query per (name, session, visitor), with their in-range count, read from
 * the event_visits rollup: a row whose [first_ts, last_ts] lies inside [from, to) counts whole; a
 * row crossing an edge lies within its session, so within the site's longest session (`span`) of
 * that edge, and is rebuilt from the events near the edges, which the ts zone maps read cheaply.
 * A row is rebuilt only if it has events on both sides of an edge, so none is counted twice.
 *
 * It answers the session-dimension and entry/exit filters (session values through the sessions
 * rollup inside, on the events near the edges, as the raw path filters them); page, hostname and
 * event filters need other events of the session, so those queries group events as before.
 */
import type { StatsQuery } from '../model.ts';
import type { QueryPlan } from '../plan.ts';
import { CUSTOM_EVENT, filterCondition, sessionFiltersOnEvents, siteAndRange } from './conditions.ts';
import type { Dialect } from './dialect.ts';

/** Whether eventVisitsSql can answer the query. */
export function eventVisitsAnswer(plan: QueryPlan, D: Dialect): boolean {
  return D.eventVisitsTable !== undefined && plan.sessionSpanMs !== undefined && plan.eventFilters.length === 0;
}

/** SELECT name, session_id, visitor_id, n (the row's custom events in range): one row per key. */
export function eventVisitsSql(q: StatsQuery, plan: QueryPlan, D: Dialect): string {
  const table = D.eventVisitsTable;
  const span = plan.sessionSpanMs;
  if (table === undefined || span === undefined) throw new TypeError('eventVisitsSql needs the event_visits rollup and the session span');
  const site = `site_id = ${D.lit.str(q.siteId)}`;
  const sessionSet = plan.sessionFilters.length > 0
    ? [`session_id IN (SELECT session_id FROM ${D.sessionsTable} WHERE ${site} AND start_ts < ${D.lit.tsMs(q.to)} AND ${plan.sessionFilters.map((f) => filterCondition(f, f.dimension, D)).join(' AND ')})`]
    : [];
  const inside = `SELECT name, session_id, visitor_id, events AS n FROM ${table}
    WHERE ${[site, `first_ts >= ${D.lit.tsMs(q.from)}`, `last_ts < ${D.lit.tsMs(q.to)}`, ...sessionSet].join(' AND ')}`;

  const entryExit = plan.entryExitFilters.length > 0
    ? [`session_id IN (SELECT session_id FROM ${D.sessionsTable} WHERE ${site} AND ${plan.entryExitFilters.map((f) => filterCondition(f, f.dimension, D)).join(' AND ')})`]
    : [];
  const near = (from: number, to: number) => `SELECT name, session_id, visitor_id, ts FROM ${D.eventsTable}
    WHERE ${[...siteAndRange('ts', q.siteId, from, to, D), CUSTOM_EVENT, ...sessionFiltersOnEvents(plan, D), ...entryExit].join(' AND ')}`;
  const windows = 2 * span >= q.to - q.from
    ? near(q.from - span, q.to + span)
    : `${near(q.from - span, q.from + span)} UNION ALL ${near(q.to - span, q.to + span)}`;
  const inRange = `ts >= ${D.lit.tsMs(q.from)} AND ts < ${D.lit.tsMs(q.to)}`;
  const crossing = `SELECT name, session_id, visitor_id, n FROM (
      SELECT name, session_id, visitor_id, ${D.countIf(inRange)} AS n, ${D.countIf(`NOT (${inRange})`)} AS out_of_range
      FROM (${windows}) AS edge_events GROUP BY name, session_id, visitor_id
    ) AS edge_rows WHERE n > 0 AND out_of_range > 0`;
  return `${inside} UNION ALL ${crossing}`;
}
