/**
 * The stats API: every query is scoped to one site and runs parse -> (store: plan -> render -> run).
 */
import type { ConfigStore, Site } from '@vigil/core/configdb/config-store';
import type { EventStore } from '@vigil/core/store/event-store';
import { defineRoute, type RouteSpec } from '@vigil/core/http/route';
import { HttpError } from '@vigil/core/http/errors';
import { parseStatsQuery, previousPeriod } from '@vigil/core/stats/parse';
import { formatInZone } from '@vigil/core/time/zone';
import { breakdownQuery, breakdownReply, rangeQuery, realtimeReply, siteQuery, statsReply, timeseriesQuery, timeseriesReply } from './stats-schemas.ts';

export interface StatsDeps {
  sites: ConfigStore['sites'];
  store: EventStore;
  clock?: () => number;
}

/** "Active now" means an event in the last five minutes. */
export const REALTIME_WINDOW_MS = 5 * 60 * 1000;
const TWO_DAYS_MS = 2 * 24 * 3600 * 1000;

const errors = {
  400: { description: 'invalid parameters or filter' },
  401: { description: 'no valid token or session' },
  404: { description: 'no such site' },
};

export function statsRoutes(deps: StatsDeps): RouteSpec[] {
  const now = deps.clock ?? Date.now;
  const siteOf = async (id: string): Promise<Site> => {
    const site = await deps.sites.get(id);
    if (!site) throw new HttpError(404, 'site not found', { site: id });
    return site;
  };

  return [
    defineRoute({
      method: 'GET', url: '/api/stats', tag: 'stats', access: 'private',
      summary: 'Totals for a range, with the period of the same length before it',
      query: rangeQuery,
      responses: { 200: { description: 'totals', schema: statsReply }, ...errors },
      async handler({ query }) {
        const site = await siteOf(query.site);
        const q = parseStatsQuery(query, site, now());
        const [totals, previous] = await Promise.all([deps.store.totals(q), deps.store.totals(previousPeriod(q))]);
        return { totals, previous, range: { from: formatInZone(q.from, q.timezone), to: formatInZone(q.to, q.timezone), timezone: q.timezone } };
      },
    }),
    defineRoute({
      method: 'GET', url: '/api/stats/timeseries', tag: 'stats', access: 'private',
      summary: 'Visitors, visits and pageviews per hour or day, every bucket present',
      query: timeseriesQuery,
      responses: { 200: { description: 'points', schema: timeseriesReply }, ...errors },
      async handler({ query }) {
        const site = await siteOf(query.site);
        const q = parseStatsQuery(query, site, now());
        const interval = query.interval ?? (q.to - q.from <= TWO_DAYS_MS ? 'hour' : 'day');
        if (interval === 'hour' && q.to - q.from > 93 * 24 * 3600 * 1000) {
          throw new HttpError(400, 'interval=hour is limited to ranges of 93 days', { interval });
        }
        return { interval, points: await deps.store.timeseries(q, interval) };
      },
    }),
    defineRoute({
      method: 'GET', url: '/api/stats/breakdown', tag: 'stats', access: 'private',
      summary: 'Top values of one dimension (pages carry engaged time and scroll depth)',
      query: breakdownQuery,
      responses: { 200: { description: 'rows', schema: breakdownReply }, ...errors },
      async handler({ query }) {
        const site = await siteOf(query.site);
        const q = parseStatsQuery(query, site, now());
        return { by: query.by, rows: await deps.store.breakdown(q, query.by, query.limit) };
      },
    }),
    defineRoute({
      method: 'GET', url: '/api/stats/realtime', tag: 'stats', access: 'private',
      summary: 'Visitors active in the last 5 minutes and the pages they are on',
      query: siteQuery,
      responses: { 200: { description: 'active visitors', schema: realtimeReply }, ...errors },
      async handler({ query }) {
        const site = await siteOf(query.site);
        return deps.store.realtime(site.id, now(), REALTIME_WINDOW_MS);
      },
    }),
  ];
}
