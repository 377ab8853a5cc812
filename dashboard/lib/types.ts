/**
 * The JSON shapes the dashboard reads from the API (see README: API, and the dashboard contract).
 * Where the server declares a shape, it is imported as a type (erased from the bundle), so the UI
 * and the API cannot drift apart.
 */
import type { BreakdownRow, Dimension, Interval, TimeseriesPoint, Totals } from '@vigil/core/stats/model';
import type { LiveMessage as ServerLiveMessage } from '../src/live/live-message.ts';

export type { Totals, Interval, TimeseriesPoint, Dimension, BreakdownRow, Realtime } from '@vigil/core/stats/model';
export type { LiveItem as FeedItem } from '@vigil/core/live/live-update';
export type { ServerMessage as LiveMessage } from '../src/live/live-message.ts';
export type LiveUpdate = ServerLiveMessage;

export interface AuthState {
  setup_required: boolean;
  user: { email: string } | null;
  csrf_token: string | null;
}

export interface Site {
  id: string;
  domain: string;
  name: string;
  timezone: string;
  allowed_hostnames: string[];
  created_at: number;
  snippet: string;
}

export interface SiteInput {
  domain: string;
  name?: string;
  timezone?: string;
  allowed_hostnames?: string[];
}

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

export const DIMENSIONS = [
  'page', 'entry_page', 'exit_page',
  'referrer', 'source', 'channel',
  'utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content',
  'country', 'browser', 'os', 'device', 'screen', 'language',
  'hostname', 'event',
] as const satisfies readonly Dimension[];

export interface BreakdownReply {
  by: Dimension;
  rows: BreakdownRow[];
}
