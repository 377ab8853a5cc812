/**
 * Distinct visitors counted, not de-duplicated, where the store has daily visitors
 * (plan.dailyVisitors; core/src/store/duckdb/schema.ts, "Daily visitors").
 *
 * Each of a site's visitor ids names one UTC day, and every session of that visitor starts on
 * that day; the rollups flag one session per visitor and one page row per (visitor, page) with a
 * pageview (visitor_first). So the visitors whose day lies wholly inside a set of rows are exactly
 * their flagged rows counted, and only the visitors of the partial days at the range's edges need
 * a DISTINCT, over a day or two instead of the whole range. The two parts never share a visitor
 * (one day each), so their sum is the distinct count, exactly.
 *
 * Filters other than on the page itself could drop a visitor's flagged row while keeping another
 * of its rows, so with them these fall back to DISTINCT over everything.
 */
import type { Interval, StatsQuery } from '../model.ts';
import type { QueryPlan } from '../plan.ts';
import { offsetSpans } from '../../time/zone.ts';
import type { Dialect } from './dialect.ts';

const DAY_MS = 86_400_000;

/** The UTC days wholly inside [from, to), as [start of the first, end of the last), or null. */
export function wholeDays(from: number, to: number): { from: number; to: number } | null {
  const first = Math.ceil(from / DAY_MS) * DAY_MS;
  const end = Math.floor(to / DAY_MS) * DAY_MS;
  return end > first ? { from: first, to: end } : null;
}

/**
 * The visitors aggregate over the query's session set (sessions by start time), or null when
 * the flags cannot answer. Grouped by a bucket, it stays exact only if no visitor's day is split
 * between buckets: whole UTC days (`interval` 'day' in a zone at UTC+0 throughout), or no buckets.
 */
export function sessionVisitorsSql(q: StatsQuery, plan: QueryPlan, D: Dialect, interval?: Interval): string | null {
  if (!plan.dailyVisitors || q.filters.length > 0) return null;
  if (interval === 'hour') return null;
  if (interval === 'day' && !offsetSpans(q.from, q.to, q.timezone).every((s) => s.offset === 0)) return null;
  const days = wholeDays(q.from, q.to);
  if (days === null) return null;
  const whole = `start_ts >= ${D.lit.tsMs(days.from)} AND start_ts < ${D.lit.tsMs(days.to)}`;
  return `${D.countIf(`visitor_first AND ${whole}`)} + ${D.uniq(`CASE WHEN NOT (${whole}) THEN visitor_id END`)}`;
}

/** Visitor days, as day numbers: first <= day < end. */
export interface VisitorDays {
  first: number;
  end: number;
}

/**
 * For the page breakdown: the visitor days whose visitors have every row inside [from, to) (the
 * day starts inside the range, and the day plus the site's longest session ends inside it), or
 * null when the flags cannot answer.
 */
export function wholeVisitorDays(q: StatsQuery, plan: QueryPlan, D: Dialect): VisitorDays | null {
  const span = plan.sessionSpanMs;
  if (!plan.dailyVisitors || span === undefined || D.visitorDay === undefined) return null;
  if (plan.sessionFilters.length > 0 || plan.entryExitFilters.length > 0 || plan.eventFilters.some((f) => f.dimension !== 'page')) return null;
  const first = Math.ceil(q.from / DAY_MS);
  const end = Math.floor((q.to - span) / DAY_MS);
  return end > first ? { first, end } : null;
}

/** SQL: the visitor key `expr` names one of `days`. */
export function visitorOfDays(days: VisitorDays, expr: string, D: Dialect): string {
  const day = D.visitorDay!(expr);
  return `${day} >= ${D.lit.num(days.first)} AND ${day} < ${D.lit.num(days.end)}`;
}

/**
 * Where a visitor of a day outside `days` can have rows inside the range: its day ended before the
 * first whole day (rows before that day's start plus the longest session), or it is a day at or
 * after `end`. As first_ts bounds, so the zone maps skip the whole days between.
 */
export function edgeVisitorRowsBounds(days: VisitorDays, plan: QueryPlan): { before: number; from: number } {
  return { before: days.first * DAY_MS + (plan.sessionSpanMs ?? 0), from: days.end * DAY_MS };
}
