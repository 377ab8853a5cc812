/**
 * Timeseries: every hour or day bucket of [from, to) in the site's zone, zeros where empty.
 * visits and visitors count the session set by session start; pageviews count pageview events
 * by their own ts.
 */
import type { Interval, StatsQuery, TimeseriesPoint } from '../model.ts';
import type { QueryPlan } from '../plan.ts';
import { bucketStarts, formatInZone } from '../../time/zone.ts';
import { bucketKeySql, bucketStartOfKey } from './bucket.ts';
import { eventWhere, sessionWhere } from './conditions.ts';
import { toNumber, type Dialect, type Rendered } from './dialect.ts';

export function renderTimeseries(q: StatsQuery, interval: Interval, plan: QueryPlan, D: Dialect): Rendered<TimeseriesPoint[]> {
  const sessions = `SELECT ${bucketKeySql('start_ts', interval, q, D)} AS bucket, count(*) AS visits, ${D.uniq('visitor_id')} AS visitors, 0 AS pageviews
    FROM ${D.sessionsTable} WHERE ${sessionWhere(q, plan, D)} GROUP BY bucket`;
  const pageviews = `SELECT ${bucketKeySql('ts', interval, q, D)} AS bucket, 0 AS visits, 0 AS visitors, count(*) AS pageviews
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
