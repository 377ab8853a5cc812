/**
 * HTTP query parameters -> StatsQuery: the range in the site's zone and the filters.
 *
 * `from`/`to` are ISO 8601 instants ('2026-03-29T10:00:00Z', '...+01:00') or local dates
 * ('2026-03-29'). A date-only `from` is that day's local midnight; a date-only `to` is inclusive,
 * so the range ends at the next local midnight. Without them: the last 7 local days including
 * today, up to now.
 */
import type { StatsQuery } from './model.ts';
import { parseFilter } from './filter.ts';
import { QueryError } from './query-error.ts';
import { DAY_MS, addDays, isValidTimeZone, localDate, localMidnight } from '../time/zone.ts';

/** Five years, leap days included. */
export const MAX_RANGE_MS = (5 * 365 + 2) * DAY_MS;
export const DEFAULT_DAYS = 7;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})$/;

export interface StatsParams {
  from?: string;
  to?: string;
  filter?: string;
}

export function parseStatsQuery(params: StatsParams, site: { id: string; timezone: string }, now: number): StatsQuery {
  if (!isValidTimeZone(site.timezone)) throw new QueryError(`site time zone ${JSON.stringify(site.timezone)} is unknown`);
  const tz = site.timezone;
  const to = params.to ? parseBound(params.to, 'to', tz) : now;
  const from = params.from
    ? parseBound(params.from, 'from', tz)
    : localMidnight(addDays(localDate(to - 1, tz), -(DEFAULT_DAYS - 1)), tz);
  if (from >= to) throw new QueryError(`from (${params.from ?? 'default'}) must be before to (${params.to ?? 'now'})`);
  if (to - from > MAX_RANGE_MS) throw new QueryError('the range may span at most 5 years');
  return { siteId: site.id, timezone: tz, from, to, filters: parseFilter(params.filter ?? '') };
}

/** The period of the same length immediately before the query's. */
export function previousPeriod(q: StatsQuery): StatsQuery {
  const length = q.to - q.from;
  return { ...q, from: q.from - length, to: q.from };
}

function parseBound(text: string, which: 'from' | 'to', tz: string): number {
  const date = DATE.exec(text);
  if (date) {
    checkDate(Number(date[1]), Number(date[2]), Number(date[3]), which, text);
    return localMidnight(which === 'to' ? addDays(text, 1) : text, tz);
  }
  const m = INSTANT.exec(text);
  if (!m) throw new QueryError(`${which} must be a date (YYYY-MM-DD) or an ISO 8601 instant with a zone, got ${JSON.stringify(text.slice(0, 40))}`);
  checkDate(Number(m[1]), Number(m[2]), Number(m[3]), which, text);
  if (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6] ?? 0) > 59) throw new QueryError(`${which} has an invalid time: ${text}`);
  const zone = m[8]!;
  if (zone !== 'Z' && (Number(zone.slice(1, 3)) > 23 || Number(zone.slice(4, 6)) > 59)) throw new QueryError(`${which} has an invalid offset: ${text}`);
  const ms = Date.parse(text);
  if (!Number.isFinite(ms)) throw new QueryError(`${which} is not a valid instant: ${text}`);
  return ms;
}

function checkDate(y: number, m: number, d: number, which: string, text: string): void {
  const probe = new Date(Date.UTC(y, m - 1, d));
  if (y < 1970 || probe.getUTCFullYear() !== y || probe.getUTCMonth() !== m - 1 || probe.getUTCDate() !== d) {
    throw new QueryError(`${which} is not a valid date: ${text}`);
  }
}
