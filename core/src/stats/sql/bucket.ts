/**
 * Time buckets in the site's zone without a zone database in SQL: the renderer turns the zone's
 * offsets over the range into a short CASE, so hour and day buckets are plain integer arithmetic
 * on epoch milliseconds (the same SQL works on DuckDB and ClickHouse).
 */
import type { Interval } from '../model.ts';
import type { Dialect } from './dialect.ts';
import { DAY_MS, HOUR_MS, localMidnight, offsetSpans } from '../../time/zone.ts';

/** SQL for the zone's UTC offset (ms) at the instant `ms`, exact within [from, to). */
function offsetSql(ms: string, from: number, to: number, timeZone: string, D: Dialect): string {
  const spans = offsetSpans(from, to, timeZone);
  if (spans.length === 1) return D.lit.num(spans[0]!.offset);
  const whens = spans.slice(1).map((s, i) => `WHEN ${ms} < ${D.lit.num(s.from)} THEN ${D.lit.num(spans[i]!.offset)}`);
  return `(CASE ${whens.join(' ')} ELSE ${D.lit.num(spans[spans.length - 1]!.offset)} END)`;
}

/**
 * An integer key per bucket: for 'day' the local day number (days since 1970-01-01 local), for
 * 'hour' the bucket's start in UTC ms (local hour start minus the offset, so the repeated
 * autumn hour stays two buckets).
 */
export function bucketKeySql(column: string, interval: Interval, q: { from: number; to: number; timezone: string }, D: Dialect): string {
  const ms = D.epochMs(column);
  const offset = offsetSql(ms, q.from, q.to, q.timezone, D);
  if (interval === 'day') return D.intDiv(`(${ms} + ${offset})`, D.lit.num(DAY_MS));
  return `(${D.intDiv(`(${ms} + ${offset})`, D.lit.num(HOUR_MS))} * ${D.lit.num(HOUR_MS)} - ${offset})`;
}

/** The bucket start (UTC ms) a key stands for. */
export function bucketStartOfKey(key: number, interval: Interval, timeZone: string): number {
  if (interval === 'hour') return key;
  return localMidnight(new Date(key * DAY_MS).toISOString().slice(0, 10), timeZone);
}
