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
import { filterCondition, sessionWhere } from './conditions.ts';
import { toNumber, type Dialect, type Rendered } from './dialect.ts';
import { pairsFromRollup, pairsSql } from './page-visits.ts';
import { sessionVisitorsSql } from './daily-visitors.ts';
import { rangeCounts } from './range-counts.ts';

export function renderTotals(q: StatsQuery, plan: QueryPlan, D: Dialect): Rendered<Totals> {
  const counts = rangeCounts(q, plan, D);
  const visitors = sessionVisitorsSql(q, plan, D);
  const sessions = `SELECT count(*) AS visits, ${visitors} AS visitors, ${D.countIf('pageviews <= 1')} AS bounces,
      sum(${D.epochMs('end_ts')} - ${D.epochMs('start_ts')}) AS duration_ms, sum(engaged_ms) AS engaged_ms${counts.sessionAggregates.map((a) => `, ${a}`).join('')}
    FROM ${D.sessionsTable} WHERE ${sessionWhere(q, plan, D)}`;
  const events = counts.eventsSql;
  const scroll = scrollSql(q, plan, D);
  return {
    // One join per SELECT: ClickHouse before 19.x rejects two joins in one query.
    sql: `SELECT * FROM (${sessions}) AS s CROSS JOIN (SELECT * FROM (${events}) AS e CROSS JOIN (${scroll}) AS sc) AS esc`,
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
        avg_scroll_pct: round1(toNumber(r.scroll_pairs) > 0 ? toNumber(r.avg_scroll) : 0),
        events: toNumber(r.events) + toNumber(r.inside_events),
      };
    },
  };
}

/**
 * avg_scroll over the query's (session, page) pairs with an engagement report in range, and their
 * count. From a sessions rollup that keeps each session's scroll sum and count, sessions lying
 * wholly inside the range give theirs in one pass (all their pairs are in range), and only the
 * sessions crossing an edge are read from page_visits and the events near the edges; otherwise
 * every pair is read (page-visits.ts).
 */
function scrollSql(q: StatsQuery, plan: QueryPlan, D: Dialect): string {
  if (!plan.sessionScroll || plan.sessionSpanMs === undefined || plan.eventFilters.length > 0 || !pairsFromRollup(plan, D)) {
    return `SELECT avg(max_scroll) AS avg_scroll, count(*) AS scroll_pairs FROM (${pairsSql(q, plan, D)}) AS pairs WHERE reports > 0`;
  }
  const insideSessions = [
    `site_id = ${D.lit.str(q.siteId)}`, `start_ts >= ${D.lit.tsMs(q.from)}`, `end_ts < ${D.lit.tsMs(q.to)}`,
    ...plan.sessionFilters.map((f) => filterCondition(f, f.dimension, D)),
  ];
  return `SELECT sum(scroll_total) / nullif(sum(scroll_count), 0) AS avg_scroll, coalesce(sum(scroll_count), 0) AS scroll_pairs FROM (
      SELECT sum(scroll_sum) AS scroll_total, sum(scroll_pages) AS scroll_count FROM ${D.sessionsTable} WHERE ${insideSessions.join(' AND ')}
      UNION ALL
      SELECT sum(max_scroll), count(*) FROM (${pairsSql(q, plan, D, { edgeSessionsOnly: true })}) AS pairs WHERE reports > 0
    ) AS scroll_parts`;
}
