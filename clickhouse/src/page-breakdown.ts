/**
 * The page breakdown for ClickHouse when its (session, page) pairs come from the page_visits
 * rollup.
 *
 * The shared renderer then answers with top-pages.ts, which needs WITH-subquery CTEs and window
 * functions that ClickHouse 18.16 does not have. Grouping the same pairs per page in one pass is
 * the plain breakdown's own aggregation (breakdown.ts), so the answer is the same; the rows are
 * shaped by the shared renderer's page breakdown, whose columns this query keeps.
 */
import type { BreakdownRow, StatsQuery } from '@vigil/core/stats/model';
import type { QueryPlan } from '@vigil/core/stats/plan';
import { MAX_BREAKDOWN_LIMIT, renderBreakdown } from '@vigil/core/stats/sql/breakdown';
import type { Dialect, Rendered } from '@vigil/core/stats/sql/dialect';
import { pairsFromRollup, pairsSql } from '@vigil/core/stats/sql/page-visits';

export function renderPageBreakdown(q: StatsQuery, limit: number, plan: QueryPlan, D: Dialect): Rendered<BreakdownRow[]> {
  const shared = renderBreakdown(q, 'page', limit, plan, D);
  if (!pairsFromRollup(plan, D)) return shared;
  const n = D.lit.num(Math.max(1, Math.min(MAX_BREAKDOWN_LIMIT, Math.floor(limit))));
  return {
    sql: `SELECT page AS value, ${D.uniq('CASE WHEN views > 0 THEN visitor END')} AS visitors, ${D.countIf('views > 0')} AS visits,
        sum(views) AS pageviews, sum(engaged) AS engaged_ms, avg(CASE WHEN reports > 0 THEN max_scroll END) AS avg_scroll
      FROM (${pairsSql(q, plan, D)}) AS pairs GROUP BY page HAVING sum(views) > 0 ORDER BY visitors DESC, value ASC LIMIT ${n}`,
    shape: shared.shape,
  };
}
