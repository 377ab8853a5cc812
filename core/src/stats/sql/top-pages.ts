/**
 * The page breakdown with distinct visitors counted only for pages that can reach the top `limit`.
 *
 * Counting distinct visitors per page is most of the query's time, and the order needs them
 * (visitors desc, then page). A page's visits (pairs with a pageview) bound its visitors from
 * above, so: the `limit` pages with the most visits ("leaders") get exact visitors, the least of
 * which, T, is a floor for the last place (those pages all reach it); any other page whose visits
 * are below T has fewer visitors than T and cannot place, so only pages with visits >= T get
 * exact visitors too. Pages tied at T stay in, so ties at the last place order exactly as a plain
 * GROUP BY orders them.
 *
 * It reads the pairs three times, so it is for pairs read from the page_visits rollup.
 */
import type { Dialect } from './dialect.ts';

/** SELECT value, visitors, visits, pageviews, engaged_ms, avg_scroll, as the plain page breakdown. */
export function topPagesSql(pairs: string, limit: string, D: Dialect): string {
  return `WITH pairs AS (${pairs}),
    per_page AS (
      SELECT page, ${D.countIf('views > 0')} AS visits, sum(views) AS views_sum, sum(engaged) AS engaged_ms,
        avg(CASE WHEN reports > 0 THEN max_scroll END) AS avg_scroll
      FROM pairs GROUP BY page HAVING sum(views) > 0
    ),
    ranked AS (SELECT page, visits, row_number() OVER (ORDER BY visits DESC, page ASC) AS place FROM per_page),
    leaders AS (
      SELECT page, ${D.uniq('visitor')} AS visitors FROM pairs
      WHERE views > 0 AND page IN (SELECT page FROM ranked WHERE place <= ${limit}) GROUP BY page
    ),
    contenders AS (
      SELECT page, ${D.uniq('visitor')} AS visitors FROM pairs
      WHERE views > 0 AND page IN (SELECT page FROM ranked WHERE place > ${limit} AND visits >= (SELECT min(visitors) FROM leaders))
      GROUP BY page
    )
    SELECT per_page.page AS value, counted.visitors AS visitors, per_page.visits AS visits, per_page.views_sum AS pageviews,
      per_page.engaged_ms AS engaged_ms, per_page.avg_scroll AS avg_scroll
    FROM per_page JOIN (SELECT page, visitors FROM leaders UNION ALL SELECT page, visitors FROM contenders) AS counted
      ON counted.page = per_page.page
    ORDER BY visitors DESC, value ASC LIMIT ${limit}`;
}

/**
 * The page breakdown from page_days (`wholeDays`: the rows of the visitor days wholly inside the
 * range) plus the pairs of the other visitors (`edgePairs`), whose distinct visitors are counted
 * per page. The two never share a visitor, so their sums are the page's numbers.
 */
export function pageDaysTopPagesSql(wholeDays: string, edgePairs: string, limit: string, D: Dialect): string {
  return `SELECT page AS value, sum(visitors) AS visitors, sum(visits) AS visits, sum(pageviews) AS pageviews, sum(engaged_ms) AS engaged_ms,
      sum(scroll_sum) / nullif(sum(scroll_pairs), 0) AS avg_scroll
    FROM (
      ${wholeDays}
      UNION ALL
      SELECT page, ${D.uniq('CASE WHEN views > 0 THEN visitor END')}, ${D.countIf('views > 0')}, sum(views), sum(engaged),
        ${D.sumIf('max_scroll', 'reports > 0')}, ${D.countIf('reports > 0')}
      FROM (${edgePairs}) AS edge_pairs GROUP BY page
    ) AS parts GROUP BY page HAVING sum(pageviews) > 0
    ORDER BY visitors DESC, value ASC LIMIT ${limit}`;
}
