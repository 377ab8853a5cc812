/**
 * The landing page's social-proof numbers across all sites. Computed at most once per 5 s and
 * shared by every caller meanwhile, so a flood of landing-page visitors costs two queries per
 * 5 s, not two per visitor.
 */
import type { EventStore } from '@vigil/core/store/event-store';
import { DAY_MS } from '@vigil/core/time/zone';
import { REALTIME_WINDOW_MS } from './stats-routes.ts';

export interface PublicStats {
  /** sites with at least one event since 00:00 UTC */
  websites_today: number;
  events_last_hour: number;
  /** visitors with an event in the last 5 minutes, all sites */
  people_now: number;
}

export const PUBLIC_STATS_TTL_MS = 5_000;
const HOUR_MS = 3_600_000;

export function publicStatsSource(store: EventStore, clock: () => number): () => Promise<PublicStats> {
  let cached: { at: number; value: Promise<PublicStats> } | null = null;
  return () => {
    const now = clock();
    if (cached && now - cached.at < PUBLIC_STATS_TTL_MS && now >= cached.at) return cached.value;
    const value = compute(store, now);
    cached = { at: now, value };
    // a failed computation is not cached: the next caller tries again
    value.catch(() => { if (cached?.value === value) cached = null; });
    return value;
  };
}

async function compute(store: EventStore, now: number): Promise<PublicStats> {
  // [from, now + 1) includes an event stamped exactly now
  const [today, lastHour, active] = await Promise.all([
    store.activity(now - (now % DAY_MS), now + 1),
    store.countEvents(null, now - HOUR_MS, now + 1),
    store.activity(now - REALTIME_WINDOW_MS, now + 1),
  ]);
  return {
    websites_today: today.length,
    events_last_hour: lastHour,
    people_now: active.reduce((sum, a) => sum + a.visitors, 0),
  };
}
