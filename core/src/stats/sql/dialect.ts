/**
 * What the stats renderer needs from a SQL dialect. Every value reaches SQL through `lit`, the
 * dialect's typed literal module; nothing else ever concatenates input into a query.
 */

export interface SqlLiterals {
  /** a string literal, escaped for the dialect (quotes, backslashes, NUL, any unicode) */
  str(value: string): string;
  /** a finite number; throws on NaN and infinities */
  num(value: number): string;
  /** a timestamp from epoch milliseconds */
  tsMs(ms: number): string;
  /** a parenthesised, non-empty list of string literals for IN / NOT IN */
  strList(values: readonly string[]): string;
}

export interface Dialect {
  lit: SqlLiterals;
  /** the events table and the sessions rollup as the dialect reads them */
  eventsTable: string;
  sessionsTable: string;
  /**
   * the page_visits rollup (one row per site, session and page; see core/src/store/duckdb/schema.ts),
   * when the store keeps one; without it, page rows and scroll depth group events at query time
   */
  pageVisitsTable?: string;
  /**
   * the event_visits rollup (custom events per site, session, name and visitor; see
   * core/src/store/duckdb/schema.ts), when the store keeps one and plans sessionSpanMs; without
   * it, the event breakdown groups custom events at query time
   */
  eventVisitsTable?: string;
  /**
   * the event_counts rollup (pageviews and custom events per site and slot of `slotMs`, slots
   * aligned to the epoch; see core/src/store/duckdb/schema.ts), when the store keeps one; without
   * it, unfiltered timeseries count pageview events at query time
   */
  eventCounts?: { table: string; slotMs: number };
  /**
   * the UTC day number a visitor key names (core/src/privacy/visitor-day.ts), for a store that
   * keeps daily visitors (plan.dailyVisitors)
   */
  visitorDay?(expr: string): string;
  /**
   * the page_days rollup (per site, visitor day and page; see core/src/store/duckdb/schema.ts),
   * when the store keeps one and plans dailyVisitors
   */
  pageDaysTable?: string;
  /**
   * the session_days rollup (per site, UTC day, dimension and value; see
   * core/src/store/duckdb/schema.ts), when the store keeps one and plans dailyVisitors
   */
  sessionDaysTable?: string;
  /** exact count of distinct values */
  uniq(expr: string): string;
  /** rows where cond holds */
  countIf(cond: string): string;
  /** sum of expr over rows where cond holds (0 when none) */
  sumIf(expr: string, cond: string): string;
  /** epoch milliseconds of a timestamp expression, as an integer */
  epochMs(expr: string): string;
  /** floor(a / b) for non-negative integers */
  intDiv(a: string, b: string): string;
}

export type Row = Record<string, unknown>;

/** A rendered query and how its rows become the endpoint's answer. */
export interface Rendered<T> {
  sql: string;
  shape(rows: Row[]): T;
}

/** Drivers return counts as bigint, strings or numbers; the API speaks numbers, 0 for null. */
export function toNumber(v: unknown): number {
  if (v === null || v === undefined) return 0;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : 0;
}
