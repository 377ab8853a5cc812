/**
 * Totals' pageviews and custom events: the events with ts in [from, to) counted by the query.
 *
 * Without a session span from the store, they are counted over events. With one, a session whose
 * [start_ts, end_ts] lies inside [from, to) has all its events in range, so its rollup counts
 * (pageviews, events) are exactly its share: they are summed in the same pass over the sessions
 * rollup that counts visits. A session crossing an edge has every event within `span` of that
 * edge (span = the site's longest session), so only those sessions are rebuilt from the events
 * near the edges, which the ts zone maps read cheaply. A session is rebuilt only if it has events
 * on both sides of an edge, so none is counted twice (the same split as page-visits.ts).
 *
 * Event-level filters (page, hostname, event) pick single events out of a session, so they keep
 * counting events; session-dimension and entry/exit filters hold for a whole session.
 */
import type { StatsQuery } from '../model.ts';
import type { QueryPlan } from '../plan.ts';
import { CUSTOM_EVENT, eventWhere } from './conditions.ts';
import type { Dialect } from './dialect.ts';
import type { SessionAggregate } from './session-days.ts';

export interface RangeCounts {
  /** aggregates over the query's session set (sessionWhere): inside_pageviews, inside_events */
  sessionAggregates: SessionAggregate[];
  /** one row: pageviews, events (the rest of the count) */
  eventsSql: string;
}

export function rangeCounts(q: StatsQuery, plan: QueryPlan, D: Dialect): RangeCounts {
  const span = plan.sessionSpanMs;
  if (span === undefined || plan.eventFilters.length > 0) {
    return {
      sessionAggregates: [],
      eventsSql: `SELECT ${D.countIf(`name = 'pageview'`)} AS pageviews, ${D.countIf(CUSTOM_EVENT)} AS events
        FROM ${D.eventsTable} WHERE ${eventWhere(q, plan, D)}`,
    };
  }
  // The session set is the sessions that started in range; those that also ended in range lie inside.
  const endsInside = `end_ts < ${D.lit.tsMs(q.to)}`;
  const near = (from: number, to: number) => `SELECT session_id, ts, name FROM ${D.eventsTable} WHERE ${eventWhere(q, plan, D, { from, to })}`;
  const windows = 2 * span >= q.to - q.from
    ? near(q.from - span, q.to + span)
    : `${near(q.from - span, q.from + span)} UNION ALL ${near(q.to - span, q.to + span)}`;
  const inRange = `ts >= ${D.lit.tsMs(q.from)} AND ts < ${D.lit.tsMs(q.to)}`;
  return {
    sessionAggregates: [
      { alias: 'inside_pageviews', expr: D.sumIf('pageviews', endsInside), daysColumn: 'pageviews' },
      { alias: 'inside_events', expr: D.sumIf('events', endsInside), daysColumn: 'events' },
    ],
    eventsSql: `SELECT coalesce(sum(edge_pageviews), 0) AS pageviews, coalesce(sum(edge_events), 0) AS events FROM (
        SELECT session_id, ${D.countIf(`name = 'pageview' AND ${inRange}`)} AS edge_pageviews,
          ${D.countIf(`${CUSTOM_EVENT} AND ${inRange}`)} AS edge_events,
          ${D.countIf(inRange)} AS in_range, ${D.countIf(`NOT (${inRange})`)} AS out_of_range
        FROM (${windows}) AS edge_events GROUP BY session_id
      ) AS edge_sessions WHERE in_range > 0 AND out_of_range > 0`,
  };
}
