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
import { sessionVisitorsSql } from './daily-visitors.ts';
import { toNumber, type Dialect, type Rendered } from './dialect.ts';

export function renderTimeseries(q: StatsQuery, interval: Interval, plan: QueryPlan, D: Dialect): Rendered<TimeseriesPoint[]> {
  const visitors = sessionVisitorsSql(q, plan, D, { interval });
  const sessions = `SELECT ${bucketKeySql('start_ts', interval, q, D)} AS bucket, count(*) AS visits, ${visitors} AS visitors, 0 AS pageviews
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
