/**
 * Timeseries: every hour or day bucket of [from, to) in the site's zone, zeros where empty.
 * visits and visitors count the session set by session start (visitors from flags where the store
 * has daily visitors and a bucket holds whole UTC days, daily-visitors.ts); pageviews count
 * pageview events by their own ts.
 *
 * Unfiltered pageviews come from the dialect's event_counts rollup when it has one: whole slots
 * inside the range from the rollup, the partial slots at the edges from events (exact). A slot
 * belongs to a single bucket only if the zone's offsets and transitions over the range fall on
 * slot boundaries (true of every zone in use today); otherwise events are counted as before.
 */
import type { Interval, StatsQuery, TimeseriesPoint } from '../model.ts';
import type { QueryPlan } from '../plan.ts';
import { bucketStarts, formatInZone, offsetSpans } from '../../time/zone.ts';
import { bucketKeySql, bucketStartOfKey } from './bucket.ts';
import { eventWhere, sessionWhere, siteAndRange } from './conditions.ts';
import { FIRST_OF_VISITOR, LAST_OF_VISITOR, firstOfBit, sessionVisitorsSql } from './daily-visitors.ts';
import { edgeRanges, sessionDaysOf, sessionDaysRowsWhere } from './session-days.ts';
import { DAY_MS } from '../../privacy/visitor-day.ts';
import { toNumber, type Dialect, type Rendered } from './dialect.ts';

export function renderTimeseries(q: StatsQuery, interval: Interval, plan: QueryPlan, D: Dialect): Rendered<TimeseriesPoint[]> {
  const visitors = sessionVisitorsSql(q, plan, D, { interval });
  const sessions = (interval === 'day' ? localDaysFromSessionDays(q, plan, D) : null)
    ?? `SELECT ${bucketKeySql('start_ts', interval, q, D)} AS bucket, count(*) AS visits, ${visitors} AS visitors, 0 AS pageviews
    FROM ${D.sessionsTable} WHERE ${sessionWhere(q, plan, D)} GROUP BY bucket`;
  const pageviews = pageviewsFromSlots(q, interval, D) ?? `SELECT ${bucketKeySql('ts', interval, q, D)} AS bucket, 0 AS visits, 0 AS visitors, count(*) AS pageviews
    FROM ${D.eventsTable} WHERE ${eventWhere(q, plan, D)} AND name = 'pageview' GROUP BY bucket`;
  return {
    sql: `${sessions} UNION ALL ${pageviews}`,
    shape(rows) {
      const byStart = new Map<number, TimeseriesPoint>();
      for (const start of bucketStarts(q.from, q.to, interval, q.timezone)) {
        byStart.set(start, { t: formatInZone(start, q.timezone), visitors: 0, visits: 0, pageviews: 0 });
      }
      for (const r of rows) {
        const point = byStart.get(bucketStartOfKey(toNumber(r.bucket), interval, q.timezone));
        if (!point) continue;
        point.visitors += toNumber(r.visitors);
        point.visits += toNumber(r.visits);
        point.pageviews += toNumber(r.pageviews);
      }
      return [...byStart.values()];
    },
  };
}

/**
 * Visits and visitors per local day with whole UTC days from session_days, where the zone keeps
 * one offset over the range (or null). Most of UTC day X lies in local day X; a cut at one end
 * lies in the next local day (its last `offset` hours, east of UTC) or the one before (its first
 * `-offset`, west). Each whole day adds its session_days row to local day X less its cut, and the
 * cut's sessions count in their own local day, read with the partial days at the range's edges
 * in one scan. A visitor of X leaves local day X when all its sessions lie in the cut: exactly
 * when its first session does (east; its first with the filtered value, under a filter) or its
 * last one does (west), the sessions flagged so.
 */
function localDaysFromSessionDays(q: StatsQuery, plan: QueryPlan, D: Dialect): string | null {
  const days = sessionDaysOf(q, plan, D, { allEndInside: false });
  const spans = offsetSpans(q.from, q.to, q.timezone);
  if (days === null || spans.length !== 1) return null;
  const offset = spans[0]!.offset;
  const filter = q.filters[0];
  if (Math.abs(offset) >= DAY_MS || (offset < 0 && filter !== undefined)) return null;
  const flag = filter !== undefined ? firstOfBit(filter.dimension) : offset >= 0 ? FIRST_OF_VISITOR : LAST_OF_VISITOR;
  const visitors = sessionVisitorsSql(q, plan, D, { interval: 'day' });
  const columns = `SELECT start_ts, visitor_id, first_of FROM ${D.sessionsTable}`;
  const inDays = `start_ts >= ${D.lit.tsMs(days.first * DAY_MS)} AND start_ts < ${D.lit.tsMs(days.end * DAY_MS)}`;
  const timeOfDay = `(${D.epochMs('start_ts')} % ${D.lit.num(DAY_MS)})`;
  // Local day X less its cut is UTC day X's own number: (X * DAY + offset) / DAY, rounded down.
  const utcDay = D.intDiv(D.epochMs('start_ts'), D.lit.num(DAY_MS));
  const wholeDays = `SELECT day AS bucket, visits, visitors FROM ${D.sessionDaysTable} WHERE ${sessionDaysRowsWhere(q, days, D, { everyValue: false })}`;
  const parts = (rest: string, cut: string | null) => `WITH rest AS MATERIALIZED (${rest})
    SELECT bucket, sum(visits) AS visits, sum(visitors) AS visitors, 0 AS pageviews FROM (
      SELECT ${bucketKeySql('start_ts', 'day', q, D)} AS bucket, count(*) AS visits, ${visitors} AS visitors FROM rest GROUP BY bucket
      ${cut === null ? '' : `UNION ALL SELECT ${utcDay} AS bucket, -count(*), -${D.countIf(`(first_of & ${flag}) <> 0`)} FROM rest WHERE ${cut} GROUP BY bucket`}
      UNION ALL ${wholeDays}
    ) AS parts GROUP BY bucket`;
  // UTC: no cut, and the edges are two narrow scans
  if (offset === 0) return parts(edgeRanges(q, days).map((edge) => `${columns} WHERE ${sessionWhere(edge, plan, D)}`).join(' UNION ALL ') || `${columns} WHERE false`, null);
  const cut = offset > 0 ? `${timeOfDay} >= ${D.lit.num(DAY_MS - offset)}` : `${timeOfDay} < ${D.lit.num(-offset)}`;
  return parts(`${columns} WHERE ${sessionWhere(q, plan, D)} AND NOT (${inDays} AND NOT ${cut})`, `${inDays} AND ${cut}`);
}

/** Pageviews per bucket from whole slots plus the edges' events, or null when slots cannot answer. */
function pageviewsFromSlots(q: StatsQuery, interval: Interval, D: Dialect): string | null {
  const counts = D.eventCounts;
  if (counts === undefined || q.filters.length > 0) return null;
  const slot = counts.slotMs;
  const innerFrom = Math.ceil(q.from / slot) * slot;
  const innerTo = Math.floor(q.to / slot) * slot;
  if (innerFrom >= innerTo) return null;
  const aligned = offsetSpans(q.from, q.to, q.timezone).every((s, i) => s.offset % slot === 0 && (i === 0 || s.from % slot === 0));
  if (!aligned) return null;
  const site = `site_id = ${D.lit.str(q.siteId)}`;
  const parts = [`SELECT ${bucketKeySql('slot_ts', interval, q, D)} AS bucket, pageviews AS n FROM ${counts.table}
    WHERE ${site} AND slot_ts >= ${D.lit.tsMs(innerFrom)} AND slot_ts < ${D.lit.tsMs(innerTo)}`];
  for (const [from, to] of [[q.from, innerFrom], [innerTo, q.to]] as const) {
    if (from >= to) continue;
    parts.push(`SELECT ${bucketKeySql('ts', interval, q, D)} AS bucket, 1 AS n FROM ${D.eventsTable}
      WHERE ${siteAndRange('ts', q.siteId, from, to, D).join(' AND ')} AND name = 'pageview'`);
  }
  return `SELECT bucket, 0 AS visits, 0 AS visitors, sum(n) AS pageviews FROM (${parts.join(' UNION ALL ')}) AS slots GROUP BY bucket`;
}
