/**
 * Whole UTC days of sessions from the session_days rollup (core/src/store/duckdb/schema.ts).
 *
 * Where a site has daily visitors, every session of a visitor id starts on the day the id names,
 * so two days never share a visitor: the visitors of a range are the sum of its whole days'
 * visitors plus the distinct visitors of the partial days at its edges. session_days holds each
 * day's counts for all sessions and per value of each session dimension, so totals (unfiltered or
 * under one `dimension==value` filter) and unfiltered session breakdowns read ~30 rows for a month
 * instead of every session in it, and scan sessions only at the edges.
 */
import type { Dimension, StatsQuery } from '../model.ts';
import type { QueryPlan } from '../plan.ts';
import type { Dialect } from './dialect.ts';
import { DAY_MS } from '../../privacy/visitor-day.ts';

/**
 * One aggregate of a pass over the sessions rollup, and the session_days column holding the same
 * sum for a whole day (whose sessions, read with allEndInside, all ended inside the range).
 */
export interface SessionAggregate {
  alias: string;
  expr: string;
  daysColumn: string;
}

/** UTC day numbers, first <= day < end. */
export interface SessionDays {
  first: number;
  end: number;
  /** the session_days dimension and value the days are read at ('' and '' for all sessions) */
  dim: string;
  value: string;
}

/**
 * The whole UTC days of [from, to) session_days answers for, or null. `allEndInside`: the days'
 * sessions must also have ended before `to` (totals count their events from the rollup), so the
 * days end the site's longest session before it.
 */
export function sessionDaysOf(q: StatsQuery, plan: QueryPlan, D: Dialect, opts: { allEndInside: boolean; groupedBy?: Dimension }): SessionDays | null {
  if (!plan.dailyVisitors || D.sessionDaysTable === undefined || plan.eventFilters.length > 0) return null;
  const key = daysKey(q, opts.groupedBy);
  if (key === null) return null;
  const span = plan.sessionSpanMs;
  if (opts.allEndInside && span === undefined) return null;
  const first = Math.ceil(q.from / DAY_MS);
  const end = Math.floor((opts.allEndInside ? q.to - span! : q.to) / DAY_MS);
  return end > first ? { first, end, ...key } : null;
}

/**
 * The rows a query reads: all sessions; a breakdown's dimension; or the value of a single
 * one-value filter. A source filter compares the raw column while the rollup keeps the breakdown's
 * grouping of it, so it is not read from here.
 */
function daysKey(q: StatsQuery, groupedBy: Dimension | undefined): { dim: string; value: string } | null {
  if (groupedBy !== undefined) return q.filters.length === 0 ? { dim: groupedBy, value: '' } : null;
  if (q.filters.length === 0) return { dim: '', value: '' };
  const [f] = q.filters;
  if (q.filters.length > 1 || !f || f.op !== 'is' || f.values.length !== 1 || f.dimension === 'source') return null;
  return { dim: f.dimension, value: f.values[0]! };
}

/** session_days rows of the site for `days` (every value of a breakdown's dimension). */
export function sessionDaysRowsWhere(q: StatsQuery, days: SessionDays, D: Dialect, opts: { everyValue: boolean }): string {
  return [
    `site_id = ${D.lit.str(q.siteId)}`, `dim = ${D.lit.str(days.dim)}`,
    ...(opts.everyValue ? [] : [`value = ${D.lit.str(days.value)}`]),
    `day >= ${D.lit.num(days.first)}`, `day < ${D.lit.num(days.end)}`,
  ].join(' AND ');
}

/**
 * The parts of the query's range outside `days`: what a query still reads from the sessions
 * rollup. Each is its own scan, whose time range the zone maps narrow (one scan excluding the
 * days in between read every row group of the range, three times slower).
 */
export function edgeRanges(q: StatsQuery, days: SessionDays): StatsQuery[] {
  const parts = [{ from: q.from, to: days.first * DAY_MS }, { from: days.end * DAY_MS, to: q.to }];
  return parts.filter((p) => p.to > p.from).map((p) => ({ ...q, ...p }));
}
