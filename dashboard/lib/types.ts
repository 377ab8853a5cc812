/** The JSON shapes the dashboard reads from the API (see README: API, and the dashboard contract). */

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

export interface Totals {
  visitors: number;
  visits: number;
  pageviews: number;
  views_per_visit: number;
  bounce_rate: number;
  avg_visit_duration_s: number;
  avg_engaged_s: number;
  avg_scroll_pct: number;
  events: number;
}

export interface StatsReply {
  totals: Totals;
  previous: Totals;
  range: { from: string; to: string; timezone: string };
}

export type Interval = 'hour' | 'day';

export interface TimeseriesPoint {
  t: string;
  visitors: number;
  visits: number;
  pageviews: number;
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
] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export interface BreakdownRow {
  value: string;
  visitors: number;
  visits: number;
  pageviews: number;
  events?: number;
  avg_engaged_s?: number;
  avg_scroll_pct?: number;
  bounce_rate?: number;
}

export interface BreakdownReply {
  by: Dimension;
  rows: BreakdownRow[];
}

export interface Realtime {
  active_visitors: number;
  pages: { value: string; active_visitors: number }[];
}

export interface FeedItem {
  ts: number;
  name: string;
  page: string;
  source: string;
  country: string;
  device: string;
  browser: string;
}

export interface LiveUpdate {
  type: 'live';
  site: string;
  at: number;
  active_visitors: number;
  pages: { value: string; active_visitors: number }[];
  counts: { pageviews: number; events: number; visits: number };
  feed: FeedItem[];
}

export type LiveMessage = { type: 'hello'; sites: string[] } | LiveUpdate | { type: 'ping' };
