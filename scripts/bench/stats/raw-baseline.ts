/**
 * The baseline: the same totals and page breakdown by straightforward SQL over the raw events
 * table only — every session rebuilt with GROUP BY session_id at query time, no sessions rollup —
 * on the same DuckDB file. The gap between the two is what the rollup buys.
 */
import { DuckDBInstance } from '@duckdb/node-api';

export interface RawAnswers {
  totals: { visitors: number; visits: number; pageviews: number };
  topPage: { value: string; visitors: number; pageviews: number } | null;
}

export interface RawBaseline {
  totals(): Promise<RawAnswers['totals']>;
  breakdownPage(): Promise<RawAnswers['topPage']>;
  close(): void;
}

const ts = (ms: number) => `make_timestamp(${Math.trunc(ms) * 1000})`;
const CUSTOM = `name NOT IN ('pageview', 'engagement', 'click')`;

export async function openRawBaseline(path: string, opts: { memoryLimit: string; threads: number; siteId: string; from: number; to: number }): Promise<RawBaseline> {
  const instance = await DuckDBInstance.create(path, { memory_limit: opts.memoryLimit, threads: String(opts.threads) });
  const conn = await instance.connect();
  const where = `site_id = '${opts.siteId.replace(/'/g, "''")}' AND ts >= ${ts(opts.from)} AND ts < ${ts(opts.to)}`;
  const rows = async (sql: string) => (await conn.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];

  const totalsSql = `
    WITH sessions AS (
      SELECT session_id, max(visitor_id) AS visitor_id, min(ts) AS start_ts, max(ts) AS end_ts,
        count_if(name = 'pageview') AS pageviews, count_if(${CUSTOM}) AS events,
        coalesce(sum(engaged_ms) FILTER (WHERE name = 'engagement'), 0) AS engaged_ms
      FROM events WHERE ${where} GROUP BY session_id
    ), scroll AS (
      SELECT avg(max_scroll) AS avg_scroll FROM (
        SELECT max(scroll_pct) AS max_scroll FROM events WHERE ${where} AND name = 'engagement' GROUP BY session_id, page)
    )
    SELECT count(*) AS visits, count(DISTINCT visitor_id) AS visitors, sum(pageviews) AS pageviews,
      count_if(pageviews <= 1) AS bounces, avg(epoch_ms(end_ts) - epoch_ms(start_ts)) AS duration_ms,
      sum(engaged_ms) AS engaged_ms, sum(events) AS events, any_value(avg_scroll) AS avg_scroll
    FROM sessions CROSS JOIN scroll`;

  const pageSql = `
    WITH pairs AS (
      SELECT page, session_id, max(visitor_id) AS visitor_id, count_if(name = 'pageview') AS pageviews,
        coalesce(sum(engaged_ms) FILTER (WHERE name = 'engagement'), 0) AS engaged_ms,
        max(scroll_pct) FILTER (WHERE name = 'engagement') AS max_scroll
      FROM events WHERE ${where} AND name IN ('pageview', 'engagement') GROUP BY page, session_id
    )
    SELECT page AS value, count(DISTINCT visitor_id) FILTER (WHERE pageviews > 0) AS visitors, count_if(pageviews > 0) AS visits,
      sum(pageviews) AS pageviews, sum(engaged_ms) AS engaged_ms, avg(max_scroll) AS avg_scroll
    FROM pairs GROUP BY page HAVING sum(pageviews) > 0 ORDER BY visitors DESC, value LIMIT 10`;

  return {
    async totals() {
      const r = (await rows(totalsSql))[0] ?? {};
      return { visitors: Number(r.visitors ?? 0), visits: Number(r.visits ?? 0), pageviews: Number(r.pageviews ?? 0) };
    },
    async breakdownPage() {
      const r = (await rows(pageSql))[0];
      return r ? { value: String(r.value), visitors: Number(r.visitors), pageviews: Number(r.pageviews) } : null;
    },
    close() {
      conn.closeSync();
      instance.closeSync();
    },
  };
}
