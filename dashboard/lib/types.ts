/**
 * The JSON shapes the dashboard reads from the API (see README: API, and the dashboard contract).
 * Where the server declares a shape, it is imported as a type (erased from the bundle), so the UI
 * and the API cannot drift apart. The list of dimensions is the server's own value: the stats
 * model imports nothing, so it costs the bundle only the list.
 */
import type { BreakdownRow, Dimension, Interval, TimeseriesPoint, Totals } from '@vigil/core/stats/model';
import type { LiveMessage as ServerLiveMessage } from '../src/live/live-message.ts';
import type { NewSite, Site as StoredSite } from '@vigil/core/configdb/config-store';

export type { Totals, Interval, TimeseriesPoint, Dimension, BreakdownRow, Realtime } from '@vigil/core/stats/model';
export type { LiveItem as FeedItem } from '@vigil/core/live/live-update';
export type { ServerMessage as LiveMessage } from '../src/live/live-message.ts';
export type LiveUpdate = ServerLiveMessage;

export interface AuthState {
  setup_required: boolean;
  user: { email: string } | null;
  csrf_token: string | null;
}

/** A site as the API answers it: the stored record and its tracking snippet. */
export type Site = StoredSite & { snippet: string };
export type SiteInput = NewSite;
export type { SiteSummary } from '../src/api/sites-summary.ts';

export interface PublicStats {
  websites_today: number;
  events_last_hour: number;
  people_now: number;
}

export interface StatsReply {
  totals: Totals;
  previous: Totals;
  range: { from: string; to: string; timezone: string };
}

export interface TimeseriesReply {
  interval: Interval;
  points: TimeseriesPoint[];
}

export { DIMENSIONS } from '@vigil/core/stats/model';

export interface BreakdownReply {
  by: Dimension;
  rows: BreakdownRow[];
}
