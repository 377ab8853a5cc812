/**
 * The one query model every stats endpoint and every store speaks.
 *
 * The stats path runs: parse (HTTP params -> StatsQuery) -> plan (which table answers it) ->
 * render (dialect SQL) -> run. Only the renderer knows a SQL dialect.
 */

/** Dimensions for breakdowns and filters, as the API names them. */
export const DIMENSIONS = [
  'page', 'entry_page', 'exit_page',
  'referrer', 'source', 'channel',
  'utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content',
  'country', 'browser', 'os', 'device', 'screen', 'language',
  'hostname', 'event',
] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** Dimensions fixed for a whole session: answered from the sessions rollup without touching events. */
export const SESSION_DIMENSIONS: ReadonlySet<Dimension> = new Set<Dimension>([
  'entry_page', 'exit_page', 'referrer', 'source', 'channel',
  'utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content',
  'country', 'browser', 'os', 'device', 'screen', 'language',
]);

export type FilterOp = 'is' | 'is_not';

/** `page==/a|/b` is { dimension: 'page', op: 'is', values: ['/a', '/b'] } (any of the values). */
export interface Filter {
  dimension: Dimension;
  op: FilterOp;
  values: string[];
}

export type Interval = 'hour' | 'day';

export interface StatsQuery {
  siteId: string;
  /** IANA time zone of the site; buckets and date-only bounds are in this zone */
  timezone: string;
  /** range [from, to) in ms since the epoch */
  from: number;
  to: number;
  filters: Filter[];
}

export interface Totals {
  visitors: number;
  visits: number;
  pageviews: number;
  /** pageviews / visits, 2 decimals */
  views_per_visit: number;
  /** percent of visits with at most one pageview, 0-100, 1 decimal */
  bounce_rate: number;
  /** mean of (last event - first event) per visit, seconds, 1 decimal */
  avg_visit_duration_s: number;
  /** engaged (visible, focused) seconds per visit, 1 decimal */
  avg_engaged_s: number;
  /** mean over (visit, page) of the maximum scroll depth reached, percent, 1 decimal */
  avg_scroll_pct: number;
  /** custom events and outbound clicks */
  events: number;
}

export interface TimeseriesPoint {
  /** bucket start as ISO 8601 with the site's UTC offset, e.g. 2026-11-26T00:00:00+01:00 */
  t: string;
  visitors: number;
  visits: number;
  pageviews: number;
}

export interface BreakdownRow {
  value: string;
  visitors: number;
  visits: number;
  pageviews: number;
  /** only for `event`: how many times it fired */
  events?: number;
  /** only for `page`: engaged seconds per pageview and mean max scroll depth */
  avg_engaged_s?: number;
  avg_scroll_pct?: number;
  /** only for `entry_page` / session dimensions */
  bounce_rate?: number;
}

export interface Realtime {
  active_visitors: number;
  pages: { value: string; active_visitors: number }[];
}
