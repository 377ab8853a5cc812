/**
 * Totals, by these definitions:
 * - visits = sessions that started in [from, to) (the session set, see conditions.ts);
 *   visitors = distinct visitor_id of those sessions (counted from flags where the store has
 *   daily visitors, daily-visitors.ts); bounce_rate = 100 * share of them with
 *   pageviews <= 1; avg_visit_duration_s = mean(end_ts - start_ts); avg_engaged_s = their summed
 *   engaged_ms / visits / 1000. All from the sessions rollup, never from events grouped by session.
 * - pageviews = pageview events with ts in [from, to); events = custom and outbound events in
 *   range (range-counts.ts); avg_scroll_pct = mean over (session, page) pairs with an engagement event in range of
 *   the max scroll_pct (the pairs of page-visits.ts); views_per_visit = pageviews / visits.
 */
import type { StatsQuery, Totals } from '../model.ts';
import type { QueryPlan } from '../plan.ts';
import { ratio, round1, round2 } from '../round.ts';
import { sessionWhere } from './conditions.ts';
import { toNumber, type Dialect, type Rendered } from './dialect.ts';
import { pairsFromRollup, pairsSql } from './page-visits.ts';
import { sessionVisitorsSql } from './daily-visitors.ts';
import { edgeRanges, sessionDaysOf, sessionDaysRowsWhere, type SessionAggregate } from './session-days.ts';
import { rangeCounts } from './range-counts.ts';

export function renderTotals(q: StatsQuery, plan: QueryPlan, D: Dialect): Rendered<Totals> {
  const counts = rangeCounts(q, plan, D);
  const scroll = scrollParts(q, plan, D);
  const sessions = sessionsPassSql(q, plan, D, [...counts.sessionAggregates, ...scroll.sessionAggregates]);
  const events = counts.eventsSql;
  return {
    // One join per SELECT: ClickHouse before 19.x rejects two joins in one query.
    sql: `SELECT * FROM (${sessions}) AS s CROSS JOIN (SELECT * FROM (${events}) AS e CROSS JOIN (${scroll.sql}) AS sc) AS esc`,
    shape(rows) {
      const r = rows[0] ?? {};
      const visits = toNumber(r.visits);
      const pageviews = toNumber(r.pageviews) + toNumber(r.inside_pageviews);
      return {
        visitors: toNumber(r.visitors),
        visits,
        pageviews,
        views_per_visit: round2(ratio(pageviews, visits)),
        bounce_rate: round1(100 * ratio(toNumber(r.bounces), visits)),
        avg_visit_duration_s: round1(ratio(toNumber(r.duration_ms), visits) / 1000),
        avg_engaged_s: round1(ratio(toNumber(r.engaged_ms), visits) / 1000),
        avg_scroll_pct: round1(ratio(toNumber(r.scroll_total) + toNumber(r.inside_scroll_total), toNumber(r.scroll_count) + toNumber(r.inside_scroll_count))),
        events: toNumber(r.events) + toNumber(r.inside_events),
      };
    },
  };
}

/**
 * The scroll depth: the mean over the query's (session, page) pairs with an engagement report in
 * range of their max scroll, as a total and a count (`scroll_total`, `scroll_count`; the answer
 * divides). From a sessions rollup that keeps each session's scroll sum and count, the sessions
 * lying wholly inside the range give theirs in the same pass over sessions that counts visits
 * (`inside_scroll_total`, `inside_scroll_count`: all their pairs are in range), and only the
 * sessions crossing an edge are read from page_visits and the events near the edges; otherwise
 * every pair is read (page-visits.ts).
 */
function scrollParts(q: StatsQuery, plan: QueryPlan, D: Dialect): { sessionAggregates: SessionAggregate[]; sql: string } {
  const pairsTotal = (pairs: string) => `SELECT sum(max_scroll) AS scroll_total, count(*) AS scroll_count FROM (${pairs}) AS pairs WHERE reports > 0`;
  if (!plan.sessionScroll || plan.sessionSpanMs === undefined || plan.eventFilters.length > 0 || !pairsFromRollup(plan, D)) {
    return { sessionAggregates: [], sql: pairsTotal(pairsSql(q, plan, D)) };
  }
  // The session set is the sessions that started in range; those that also ended in range lie inside.
  const endsInside = `end_ts < ${D.lit.tsMs(q.to)}`;
  return {
    sessionAggregates: [
      { alias: 'inside_scroll_total', expr: D.sumIf('scroll_sum', endsInside), daysColumn: 'scroll_sum' },
      { alias: 'inside_scroll_count', expr: D.sumIf('scroll_pages', endsInside), daysColumn: 'scroll_pages' },
    ],
    sql: pairsTotal(pairsSql(q, plan, D, { edgeSessionsOnly: true })),
  };
}

/**
 * One row over the query's session set: visits, visitors, bounces, duration_ms, engaged_ms and
 * `extra`. Where session_days answers, its whole days are summed from there and only the sessions
 * of the edge days are read: each day's visitors are its own, so the parts add up. (Each part's
 * visitors are still counted for the whole query: the flags of whole days it holds apply.)
 */
function sessionsPassSql(q: StatsQuery, plan: QueryPlan, D: Dialect, extra: SessionAggregate[]): string {
  const aggregates: SessionAggregate[] = [
    { alias: 'visits', expr: 'count(*)', daysColumn: 'visits' },
    { alias: 'visitors', expr: sessionVisitorsSql(q, plan, D), daysColumn: 'visitors' },
    { alias: 'bounces', expr: D.countIf('pageviews <= 1'), daysColumn: 'bounces' },
    { alias: 'duration_ms', expr: `sum(${D.epochMs('end_ts')} - ${D.epochMs('start_ts')})`, daysColumn: 'duration_ms' },
    { alias: 'engaged_ms', expr: 'sum(engaged_ms)', daysColumn: 'engaged_ms' },
    ...extra,
  ];
  const pass = (where: string) => `SELECT ${aggregates.map((a) => `${a.expr} AS ${a.alias}`).join(', ')} FROM ${D.sessionsTable} WHERE ${where}`;
  // the inside sums (extra) are the whole sums of days whose sessions all ended in range
  const days = sessionDaysOf(q, plan, D, { allEndInside: true });
  if (days === null) return pass(sessionWhere(q, plan, D));
  const fromDays = `SELECT ${aggregates.map((a) => `sum(${a.daysColumn}) AS ${a.alias}`).join(', ')}
    FROM ${D.sessionDaysTable} WHERE ${sessionDaysRowsWhere(q, days, D, { everyValue: false })}`;
  return `SELECT ${aggregates.map((a) => `sum(${a.alias}) AS ${a.alias}`).join(', ')} FROM (
      ${[...edgeRanges(q, days).map((edge) => pass(sessionWhere(edge, plan, D))), fromDays].join('\n      UNION ALL ')}
    ) AS parts`;
}
