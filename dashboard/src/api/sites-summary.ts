/**
 * The services list: every site's today, last 7 days and live numbers. Live visitors come from
 * one query over all sites; the rest is three queries per site, since each site counts days in
 * its own time zone.
 */
import type { Site } from '@vigil/core/configdb/config-store';
import type { EventStore } from '@vigil/core/store/event-store';
import { parseStatsQuery, previousPeriod } from '@vigil/core/stats/parse';
import { DAY_MS } from '@vigil/core/time/zone';
import { round1 } from '@vigil/core/stats/round';
import { REALTIME_WINDOW_MS } from './stats-routes.ts';

export interface SiteSummary {
  id: string;
  domain: string;
  name: string;
  timezone: string;
  visitors_today: number;
  pageviews_today: number;
  live_visitors: number;
  sparkline: { t: string; visitors: number }[];
  change_pct: number | null;
  has_events: boolean;
}

export async function summarizeSites(sites: Site[], store: EventStore, now: number): Promise<SiteSummary[]> {
  const live = new Map((await store.activity(now - REALTIME_WINDOW_MS, now + 1)).map((a) => [a.site_id, a.visitors]));
  return Promise.all(sites.map((site) => summarizeSite(site, store, now, live.get(site.id) ?? 0)));
}

async function summarizeSite(site: Site, store: EventStore, now: number, liveVisitors: number): Promise<SiteSummary> {
  // the stats page's default range: the last 7 local days, today included, up to now
  const week = parseStatsQuery({}, site, now);
  const [days, current, previous] = await Promise.all([
    store.timeseries(week, 'day'),
    store.totals(week),
    store.totals(previousPeriod(week)),
  ]);
  const today = days.at(-1);
  const seenRecently = current.visits + current.events + previous.visits + previous.events + liveVisitors > 0;
  // only a site quiet for two weeks pays for a look at its whole history
  const hasEvents = seenRecently || (await store.countEvents(site.id, 0, now + DAY_MS)) > 0;
  return {
    id: site.id,
    domain: site.domain,
    name: site.name,
    timezone: site.timezone,
    visitors_today: today?.visitors ?? 0,
    pageviews_today: today?.pageviews ?? 0,
    live_visitors: liveVisitors,
    sparkline: days.map((d) => ({ t: d.t, visitors: d.visitors })),
    change_pct: previous.visitors === 0 ? null : round1(((current.visitors - previous.visitors) / previous.visitors) * 100),
    has_events: hasEvents,
  };
}
