/**
 * Distinct visitors counted, not de-duplicated, where the store has daily visitors
 * (plan.dailyVisitors; core/src/store/duckdb/schema.ts, "Daily visitors").
 *
 * Each of a site's visitor ids names one UTC day, and every session of that visitor starts on
 * that day. The sessions rollup flags, in first_of, one session per visitor (bit 0, its earliest)
 * and one per visitor and value of each session dimension (the dimension's bit), its latest
 * session (LAST_OF_VISITOR) and an only session (FIRST_OF_ONLY); page_days keeps the distinct
 * visitors of each visitor day and page. So the visitors whose day lies wholly inside a range are
 * their flagged sessions counted (or page_days summed), and only the visitors of the partial days
 * at the range's edges need a DISTINCT, over a day or two instead of the whole range. The two parts
 * never share a visitor (one day each), so their sum is the distinct count, exactly.
 *
 * Filters other than on the page itself could drop a visitor's flagged row while keeping another
 * of its rows, so with them only the visitors with a single session (a bit of their own) are
 * counted rather than de-duplicated.
 */
import { SESSION_DIMENSIONS, type Dimension, type Interval, type StatsQuery } from '../model.ts';
import type { QueryPlan } from '../plan.ts';
import { offsetSpans } from '../../time/zone.ts';
import type { Dialect } from './dialect.ts';
import { DAY_MS } from '../../privacy/visitor-day.ts';

/**
 * first_of's bit for "the visitor's first session": the earliest (by start, then session id), so
 * "every session of the visitor starts at or after t" is "its flagged one does"
 */
export const FIRST_OF_VISITOR = 1;

/** The session dimensions in first_of's bit order (bit i + 1 is DIMENSION_ORDER[i]'s). */
export const DIMENSION_ORDER: readonly Dimension[] = [...SESSION_DIMENSIONS];

/** first_of's bit for "the visitor has no other session": such a visitor counts once in any set */
export const FIRST_OF_ONLY = 2 << DIMENSION_ORDER.length;

/** first_of's bit for "the visitor's last session" (the latest by start, then session id) */
export const LAST_OF_VISITOR = FIRST_OF_ONLY << 1;

/** first_of of a visitor's only session: every bit */
export const FIRST_OF_ALL = (LAST_OF_VISITOR << 1) - 1;

/** first_of's bit for "the visitor's first session with this value of `d`" (a session dimension) */
export function firstOfBit(d: Dimension): number {
  const i = DIMENSION_ORDER.indexOf(d);
  if (i < 0) throw new Error(`not a session dimension: ${d}`);
  return 2 << i;
}

/**
 * What a session breakdown groups on: the column, except that a literal 'Direct / None' source
 * groups with the empty (direct) source it is shown as. `directLiteral` is that label as a literal.
 */
export function sessionGroupKey(d: Dimension, directLiteral: string): string {
  return d === 'source' ? `CASE WHEN source = ${directLiteral} THEN '' ELSE source END` : d;
}

/** The UTC days wholly inside [from, to), as [start of the first, end of the last), or null. */
function wholeDays(from: number, to: number): { from: number; to: number } | null {
  const first = Math.ceil(from / DAY_MS) * DAY_MS;
  const end = Math.floor(to / DAY_MS) * DAY_MS;
  return end > first ? { from: first, to: end } : null;
}

/**
 * The visitors aggregate over the query's session set (sessions by start time): DISTINCT without
 * daily visitors. With them, a visitor whose only session it is counts as itself (FIRST_OF_ONLY),
 * under any filter and grouping, so only visitors with several sessions are de-duplicated; and,
 * unfiltered, the visitors of whole UTC days are their flagged sessions counted (FIRST_OF_VISITOR,
 * or `groupedBy`'s bit), as long as no group splits a visitor's day: no buckets, or whole UTC days
 * (`interval` 'day' in a zone at UTC+0 throughout).
 */
export function sessionVisitorsSql(q: StatsQuery, plan: QueryPlan, D: Dialect, opts: { interval?: Interval; groupedBy?: Dimension } = {}): string {
  if (!plan.dailyVisitors) return D.uniq('visitor_id');
  const only = `(first_of & ${FIRST_OF_ONLY}) <> 0`;
  const days = wholeDaysGrouped(q, opts.interval);
  if (days === null) return `${D.countIf(only)} + ${D.uniq(`CASE WHEN NOT ${only} THEN visitor_id END`)}`;
  const whole = `start_ts >= ${D.lit.tsMs(days.from)} AND start_ts < ${D.lit.tsMs(days.to)}`;
  const bit = opts.groupedBy === undefined ? FIRST_OF_VISITOR : firstOfBit(opts.groupedBy);
  return `${D.countIf(`(first_of & ${bit}) <> 0 AND ${whole}`)} + ${D.countIf(`${only} AND NOT (${whole})`)}
    + ${D.uniq(`CASE WHEN NOT (${whole}) AND NOT ${only} THEN visitor_id END`)}`;
}

/** The whole UTC days of an unfiltered query whose grouping keeps each visitor's day together. */
function wholeDaysGrouped(q: StatsQuery, interval: Interval | undefined): { from: number; to: number } | null {
  if (q.filters.length > 0 || interval === 'hour') return null;
  if (interval === 'day' && !offsetSpans(q.from, q.to, q.timezone).every((s) => s.offset === 0)) return null;
  return wholeDays(q.from, q.to);
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
