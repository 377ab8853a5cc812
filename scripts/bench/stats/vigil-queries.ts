/**
 * The stats endpoints' store calls for the big site, built from the same parameters the HTTP API
 * receives (parseStatsQuery), so the SQL timed here is the SQL a dashboard request runs.
 */
import type { EventStore } from '@vigil/core/store/event-store';
import type { Dimension, Interval } from '@vigil/core/stats/model';
import { parseStatsQuery } from '@vigil/core/stats/parse';

export const BIG_SITE = { id: 'site-0', timezone: 'Europe/Berlin' };
/** "Active now", as the realtime endpoint asks for it */
const REALTIME_WINDOW_MS = 5 * 60 * 1000;
const DAY_MS = 86_400_000;

export interface NamedQuery {
  name: string;
  /** what the dashboard calls */
  endpoint: string;
  run(store: EventStore): Promise<unknown>;
}

export function vigilQueries(end: number): NamedQuery[] {
  const range = (days: number, filter?: string) =>
    parseStatsQuery({ from: new Date(end - days * DAY_MS).toISOString(), to: new Date(end).toISOString(), ...(filter ? { filter } : {}) }, BIG_SITE, end);
  const totals = (days: number, filter?: string): NamedQuery => ({
    name: `totals ${days} d${filter ? `, ${filter}` : ''}`,
    endpoint: `/api/stats${filter ? '?filter=…' : ''}`,
    run: (s) => s.totals(range(days, filter)),
  });
  const timeseries = (interval: Interval, days: number): NamedQuery => ({
    name: `timeseries by ${interval}, ${days} d`,
    endpoint: '/api/stats/timeseries',
    run: (s) => s.timeseries(range(days), interval),
  });
  const breakdown = (by: Dimension): NamedQuery => ({
    name: `breakdown ${by}, 30 d`,
    endpoint: '/api/stats/breakdown',
    run: (s) => s.breakdown(range(30), by, 10),
  });
  return [
    totals(30),
    totals(7),
    totals(30, 'country==US'),
    timeseries('day', 30),
    timeseries('hour', 7),
    breakdown('page'),
    breakdown('country'),
    breakdown('source'),
    breakdown('browser'),
    { name: 'realtime, last 5 min', endpoint: '/api/stats/realtime', run: (s) => s.realtime(BIG_SITE.id, end, REALTIME_WINDOW_MS) },
  ];
}

export function thirtyDays(end: number): { from: number; to: number } {
  return { from: end - 30 * DAY_MS, to: end };
}
