/**
 * The stored event: one wide row per event, as ingest enriches it and every event store keeps it.
 *
 * Session-level dimensions (source, channel, referrer, UTM, country, browser, os, device, screen,
 * language) are copied from the session's first event onto every event of the session, so any
 * filter can be answered from one table without a join.
 */
import type { BuiltinEventName } from './wire.ts';

export type Channel = 'search' | 'social' | 'email' | 'paid' | 'referral' | 'direct';
export const CHANNELS: readonly Channel[] = ['search', 'social', 'email', 'paid', 'referral', 'direct'];

export type DeviceType = 'desktop' | 'mobile' | 'tablet' | 'other';

export interface StoredEvent {
  /** event id (uuid v4, assigned at ingest); stores de-duplicate on it */
  id: string;
  site_id: string;
  /** event time, milliseconds since the epoch (UTC), assigned at ingest */
  ts: number;
  /** 'pageview' | 'engagement' | 'outbound' | 'click' | a custom event name */
  name: BuiltinEventName | (string & {});
  /** keyed hash of (daily salt, site, ip, user agent): 16 hex characters */
  visitor_id: string;
  /** server-assigned session id: 16 hex characters */
  session_id: string;

  // the page
  hostname: string;
  /** path (+ kept query, + '#/route' for hash routers), no UTM parameters */
  page: string;
  title: string;

  // session dimensions (from the session's first event)
  /** full referrer URL without query string, '' when direct */
  referrer: string;
  /** referrer source name: 'Google', 'news.ycombinator.com', a utm_source, or '' (direct) */
  source: string;
  channel: Channel;
  utm_source: string;
  utm_medium: string;
  utm_campaign: string;
  utm_term: string;
  utm_content: string;
  /** ISO 3166-1 alpha-2 or '' when unknown */
  country: string;
  browser: string;
  os: string;
  device: DeviceType;
  /** screen size class from width: 'mobile' (<576) | 'tablet' (<992) | 'laptop' (<1440) | 'desktop' | '' */
  screen: string;
  screen_width: number;
  /** primary language subtag, lower case ('en', 'de'), '' when unknown */
  language: string;

  // engagement (name = 'engagement')
  engaged_ms: number;
  scroll_pct: number;

  // heatmap click (name = 'click')
  x: number;
  y: number;
  viewport_width: number;
  selector: string;

  // outbound link (name = 'outbound')
  href: string;

  /** custom event properties as a JSON object string, '{}' when none */
  props: string;
}

/** The column order every store uses when it writes a batch. */
export const STORED_EVENT_COLUMNS = [
  'id', 'site_id', 'ts', 'name', 'visitor_id', 'session_id',
  'hostname', 'page', 'title',
  'referrer', 'source', 'channel', 'utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content',
  'country', 'browser', 'os', 'device', 'screen', 'screen_width', 'language',
  'engaged_ms', 'scroll_pct',
  'x', 'y', 'viewport_width', 'selector',
  'href', 'props',
] as const satisfies readonly (keyof StoredEvent)[];

/** Screen size class from a screen width, the buckets Plausible users know. */
export function screenClass(width: number): string {
  if (!width) return '';
  if (width < 576) return 'mobile';
  if (width < 992) return 'tablet';
  if (width < 1440) return 'laptop';
  return 'desktop';
}

/** Events that count as custom events in totals and in the `event` breakdown. */
export function isCustomEvent(name: string): boolean {
  return name !== 'pageview' && name !== 'engagement' && name !== 'click';
}
