/**
 * A small hand-made fixture for the stats contract, and the answers to every endpoint, worked
 * out by hand (the arithmetic is in the comments). Nothing here is computed by code under test.
 *
 * Site A ('fx-site-a', Europe/Berlin). The range is the local days 2026-03-28 and 2026-03-29,
 * the second of which is the 23-hour spring-forward day (01:00Z: 02:00 CET -> 03:00 CEST):
 *   from = 2026-03-28T00:00+01:00 = 2026-03-27T23:00Z, to = 2026-03-30T00:00+02:00 = 2026-03-29T22:00Z.
 *
 *   S1 V1  Google/search, US, desktop, Chrome, Windows, laptop, en, example.com
 *          09:00:00Z pv /        09:00:30 eng / 30s 40%     09:01:00 pv /pricing
 *          09:02:00 eng /pricing 50s 80%   09:02:10 eng /pricing 10s 90%   09:02:20 Signup /pricing
 *          -> 2 pv, 1 event, 90 s engaged, duration 140 s           (all 2026-03-28)
 *   S2 V2  direct, DE, mobile, Mobile Safari, iOS, mobile, de, example.com  (a bounce across an hour)
 *          10:59:30Z pv /blog    11:00:10 eng /blog 20s 100%   11:00:20 outbound /blog
 *          -> 1 pv, 1 event, 20 s engaged, duration 50 s            (2026-03-28)
 *   S3 V3  news.ycombinator.com/social, GB, desktop, Firefox, Linux, desktop, en, example.com
 *          00:58:00Z pv /docs (01:58 CET)   01:02:00Z pv /pricing (03:02 CEST)   01:03:00 eng /pricing 40s 60%
 *          -> 2 pv, 0 events, 40 s engaged, duration 300 s          (2026-03-29)
 *   S4 V1  Google/search again, same device as S1
 *          15:00:00Z pv /pricing  15:00:20 eng /pricing 20s 50%  15:00:25 click /pricing  15:01:00 pv /
 *          -> 2 pv, 0 events (a click is not one), 20 s engaged, duration 60 s   (2026-03-29)
 *   S5 V4  google-ads/paid (utm google-ads/cpc/spring, no referrer), US, tablet, Safari, iOS, tablet, en,
 *          docs.example.com
 *          20:00:00Z pv /docs    20:00:40 eng /docs 40s 20%    20:01:00 Download /docs
 *          -> 1 pv, 1 event, 40 s engaged, duration 60 s            (2026-03-29)
 *   S0 V2  2026-03-27T12:00:00Z pv /, 12:00:10 eng / 10s 30%: in the previous period only
 *   S6 V5  2026-03-30T08:00:00Z pv /: after the range
 *
 * Site B ('fx-site-b', UTC), inside the same instants:
 *   SB1 V6 2026-03-28T12:00:00Z pv /, 12:00:05 eng / 5s 10%
 *   SB2 V6 2026-03-28T13:00:00Z pv WEIRD_PAGE (quotes, backslashes, separators, SQL, NUL, unicode)
 */
import type { StoredEvent } from '../event/stored.ts';
import type { BreakdownRow, Dimension, Realtime, StatsQuery, TimeseriesPoint, Totals } from '../stats/model.ts';

export const SITE_A = 'fx-site-a';
export const SITE_B = 'fx-site-b';
export const ZONE_A = 'Europe/Berlin';

const at = (iso: string): number => Date.parse(iso);

export const RANGE = { from: at('2026-03-27T23:00:00Z'), to: at('2026-03-29T22:00:00Z') };
export const PREVIOUS_RANGE = { from: at('2026-03-26T00:00:00Z'), to: at('2026-03-27T23:00:00Z') };

export const WEIRD_PAGE = `/q'x''"y\\z\\\\;a|b=c!d\0e' OR '1'='1; DROP TABLE events;--%_*ü😀`;

export function queryA(filters: StatsQuery['filters'] = []): StatsQuery {
  return { siteId: SITE_A, timezone: ZONE_A, from: RANGE.from, to: RANGE.to, filters };
}

export function queryB(filters: StatsQuery['filters'] = []): StatsQuery {
  return { siteId: SITE_B, timezone: 'UTC', from: RANGE.from, to: RANGE.to, filters };
}

type Visitor = Pick<StoredEvent, 'visitor_id' | 'country' | 'browser' | 'os' | 'device' | 'screen' | 'screen_width' | 'language'>;
type Origin = Pick<StoredEvent, 'referrer' | 'source' | 'channel' | 'utm_source' | 'utm_medium' | 'utm_campaign' | 'utm_term' | 'utm_content'>;

const V1: Visitor = { visitor_id: 'a1a1a1a1a1a1a1a1', country: 'US', browser: 'Chrome', os: 'Windows', device: 'desktop', screen: 'laptop', screen_width: 1366, language: 'en' };
const V2: Visitor = { visitor_id: 'b2b2b2b2b2b2b2b2', country: 'DE', browser: 'Mobile Safari', os: 'iOS', device: 'mobile', screen: 'mobile', screen_width: 390, language: 'de' };
const V3: Visitor = { visitor_id: 'c3c3c3c3c3c3c3c3', country: 'GB', browser: 'Firefox', os: 'Linux', device: 'desktop', screen: 'desktop', screen_width: 1920, language: 'en' };
const V4: Visitor = { visitor_id: 'd4d4d4d4d4d4d4d4', country: 'US', browser: 'Safari', os: 'iOS', device: 'tablet', screen: 'tablet', screen_width: 820, language: 'en' };
const V5: Visitor = { visitor_id: 'e5e5e5e5e5e5e5e5', country: 'FR', browser: 'Chrome', os: 'Android', device: 'mobile', screen: 'mobile', screen_width: 412, language: 'fr' };
const V6: Visitor = { visitor_id: 'f6f6f6f6f6f6f6f6', country: 'NL', browser: 'Edge', os: 'Windows', device: 'desktop', screen: 'desktop', screen_width: 2560, language: 'nl' };

const NO_UTM = { utm_source: '', utm_medium: '', utm_campaign: '', utm_term: '', utm_content: '' };
const GOOGLE: Origin = { referrer: 'https://www.google.com/', source: 'Google', channel: 'search', ...NO_UTM };
const DIRECT: Origin = { referrer: '', source: '', channel: 'direct', ...NO_UTM };
const HN: Origin = { referrer: 'https://news.ycombinator.com/', source: 'news.ycombinator.com', channel: 'social', ...NO_UTM };
const ADS: Origin = { referrer: '', source: 'google-ads', channel: 'paid', utm_source: 'google-ads', utm_medium: 'cpc', utm_campaign: 'spring', utm_term: '', utm_content: '' };

let serial = 0;

function session(site: string, sessionId: string, visitor: Visitor, origin: Origin, hostname: string) {
  return (iso: string, name: string, page: string, extra: Partial<StoredEvent> = {}): StoredEvent => ({
    id: `00000000-0000-4000-8000-${String(++serial).padStart(12, '0')}`,
    site_id: site, ts: at(iso), name, session_id: sessionId, hostname, page, title: `Title of ${page.slice(0, 20)}`,
    ...visitor, ...origin,
    engaged_ms: 0, scroll_pct: 0, x: 0, y: 0, viewport_width: 0, selector: '', href: '', props: '{}',
    ...extra,
  });
}

const eng = (ms: number, pct: number): Partial<StoredEvent> => ({ engaged_ms: ms, scroll_pct: pct });

const s1 = session(SITE_A, '1111111111111111', V1, GOOGLE, 'example.com');
const s2 = session(SITE_A, '2222222222222222', V2, DIRECT, 'example.com');
const s3 = session(SITE_A, '3333333333333333', V3, HN, 'example.com');
const s4 = session(SITE_A, '4444444444444444', V1, GOOGLE, 'example.com');
const s5 = session(SITE_A, '5555555555555555', V4, ADS, 'docs.example.com');
const s0 = session(SITE_A, '0000000000000000', V2, DIRECT, 'example.com');
const s6 = session(SITE_A, '6666666666666666', V5, DIRECT, 'example.com');
const b1 = session(SITE_B, 'b111111111111111', V6, DIRECT, 'b.example.net');
const b2 = session(SITE_B, 'b222222222222222', V6, DIRECT, 'b.example.net');

export const FIXTURE_EVENTS: readonly StoredEvent[] = [
  s0('2026-03-27T12:00:00Z', 'pageview', '/'),
  s0('2026-03-27T12:00:10Z', 'engagement', '/', eng(10_000, 30)),

  s1('2026-03-28T09:00:00Z', 'pageview', '/'),
  s1('2026-03-28T09:00:30Z', 'engagement', '/', eng(30_000, 40)),
  s1('2026-03-28T09:01:00Z', 'pageview', '/pricing'),
  s1('2026-03-28T09:02:00Z', 'engagement', '/pricing', eng(50_000, 80)),
  s1('2026-03-28T09:02:10Z', 'engagement', '/pricing', eng(10_000, 90)),
  s1('2026-03-28T09:02:20Z', 'Signup', '/pricing', { props: '{"plan":"pro"}' }),

  s2('2026-03-28T10:59:30Z', 'pageview', '/blog'),
  s2('2026-03-28T11:00:10Z', 'engagement', '/blog', eng(20_000, 100)),
  s2('2026-03-28T11:00:20Z', 'outbound', '/blog', { href: 'https://github.com/vigil' }),

  b1('2026-03-28T12:00:00Z', 'pageview', '/'),
  b1('2026-03-28T12:00:05Z', 'engagement', '/', eng(5_000, 10)),
  b2('2026-03-28T13:00:00Z', 'pageview', WEIRD_PAGE),

  s3('2026-03-29T00:58:00Z', 'pageview', '/docs'),
  s3('2026-03-29T01:02:00Z', 'pageview', '/pricing'),
  s3('2026-03-29T01:03:00Z', 'engagement', '/pricing', eng(40_000, 60)),

  s4('2026-03-29T15:00:00Z', 'pageview', '/pricing'),
  s4('2026-03-29T15:00:20Z', 'engagement', '/pricing', eng(20_000, 50)),
  s4('2026-03-29T15:00:25Z', 'click', '/pricing', { x: 120, y: 640, viewport_width: 1366, selector: 'button.buy' }),
  s4('2026-03-29T15:01:00Z', 'pageview', '/'),

  s5('2026-03-29T20:00:00Z', 'pageview', '/docs'),
  s5('2026-03-29T20:00:40Z', 'engagement', '/docs', eng(40_000, 20)),
  s5('2026-03-29T20:01:00Z', 'Download', '/docs', { props: '{"file":"a.pdf"}' }),

  s6('2026-03-30T08:00:00Z', 'pageview', '/'),
];

const totals = (t: Totals): Totals => t;

/** Site A totals over RANGE, per filter set. */
export const EXPECTED_TOTALS: { name: string; filters: StatsQuery['filters']; totals: Totals }[] = [
  {
    name: 'no filter',
    filters: [],
    // visits: S1..S5 = 5; visitors V1 V2 V3 V4 = 4; pageviews 2+1+2+2+1 = 8; views/visit 8/5 = 1.6
    // bounces S2, S5: 2/5 = 40.0%; duration (140+50+300+60+60)/5 = 610/5 = 122.0
    // engaged (90+20+40+20+40)/5 = 210/5 = 42.0; events Signup, outbound, Download = 3 (click is not)
    // scroll pairs S1:/ 40, S1:/pricing max(80,90)=90, S2:/blog 100, S3:/pricing 60, S4:/pricing 50, S5:/docs 20 -> 360/6 = 60.0
    totals: totals({ visitors: 4, visits: 5, pageviews: 8, views_per_visit: 1.6, bounce_rate: 40, avg_visit_duration_s: 122, avg_engaged_s: 42, avg_scroll_pct: 60, events: 3 }),
  },
  {
    name: 'country==US (session dimension, is)',
    filters: [{ dimension: 'country', op: 'is', values: ['US'] }],
    // S1 S4 S5: visitors V1 V4 = 2; pageviews 2+2+1 = 5; 5/3 = 1.67; bounce S5 1/3 = 33.3
    // duration (140+60+60)/3 = 86.7; engaged (90+20+40)/3 = 50.0; events Signup, Download = 2
    // scroll S1:/ 40, S1:/pricing 90, S4:/pricing 50, S5:/docs 20 -> 200/4 = 50.0
    totals: totals({ visitors: 2, visits: 3, pageviews: 5, views_per_visit: 1.67, bounce_rate: 33.3, avg_visit_duration_s: 86.7, avg_engaged_s: 50, avg_scroll_pct: 50, events: 2 }),
  },
  {
    name: 'country!=US (session dimension, is_not)',
    filters: [{ dimension: 'country', op: 'is_not', values: ['US'] }],
    // S2 S3: visitors 2; pageviews 1+2 = 3; 3/2 = 1.5; bounce S2 1/2 = 50.0; duration (50+300)/2 = 175.0
    // engaged (20+40)/2 = 30.0; events outbound = 1; scroll S2:/blog 100, S3:/pricing 60 -> 80.0
    totals: totals({ visitors: 2, visits: 2, pageviews: 3, views_per_visit: 1.5, bounce_rate: 50, avg_visit_duration_s: 175, avg_engaged_s: 30, avg_scroll_pct: 80, events: 1 }),
  },
  {
    name: 'country==DE|GB (any of the values)',
    filters: [{ dimension: 'country', op: 'is', values: ['DE', 'GB'] }],
    // the same sessions as country!=US
    totals: totals({ visitors: 2, visits: 2, pageviews: 3, views_per_visit: 1.5, bounce_rate: 50, avg_visit_duration_s: 175, avg_engaged_s: 30, avg_scroll_pct: 80, events: 1 }),
  },
  {
    name: 'source==Direct / None (the label of the empty source)',
    filters: [{ dimension: 'source', op: 'is', values: ['Direct / None'] }],
    // S2 only: 1 pv, bounce 100, duration 50, engaged 20, scroll 100, events 1
    totals: totals({ visitors: 1, visits: 1, pageviews: 1, views_per_visit: 1, bounce_rate: 100, avg_visit_duration_s: 50, avg_engaged_s: 20, avg_scroll_pct: 100, events: 1 }),
  },
  {
    name: 'entry_page==/docs (session dimension not on events)',
    filters: [{ dimension: 'entry_page', op: 'is', values: ['/docs'] }],
    // S3 S5: visitors V3 V4 = 2; pageviews 2+1 = 3; 1.5; bounce S5 = 50.0; duration (300+60)/2 = 180.0
    // engaged (40+40)/2 = 40.0; events Download = 1; scroll S3:/pricing 60, S5:/docs 20 -> 40.0
    totals: totals({ visitors: 2, visits: 2, pageviews: 3, views_per_visit: 1.5, bounce_rate: 50, avg_visit_duration_s: 180, avg_engaged_s: 40, avg_scroll_pct: 40, events: 1 }),
  },
  {
    name: 'page==/pricing (event level, is)',
    filters: [{ dimension: 'page', op: 'is', values: ['/pricing'] }],
    // sessions with an event on /pricing: S1 S3 S4; visitors V1 V3 = 2; no bounce (2 pv each)
    // duration (140+300+60)/3 = 166.7; engaged of those sessions (90+40+20)/3 = 50.0
    // pageviews of /pricing in them: 1+1+1 = 3; 3/3 = 1.0; events on /pricing: Signup = 1
    // scroll on /pricing: 90, 60, 50 -> 200/3 = 66.7
    totals: totals({ visitors: 2, visits: 3, pageviews: 3, views_per_visit: 1, bounce_rate: 0, avg_visit_duration_s: 166.7, avg_engaged_s: 50, avg_scroll_pct: 66.7, events: 1 }),
  },
  {
    name: 'page!=/pricing (event level, is_not)',
    filters: [{ dimension: 'page', op: 'is_not', values: ['/pricing'] }],
    // every session has an event off /pricing: S1..S5 as unfiltered for the session metrics
    // pageviews off /pricing: S1 /, S2 /blog, S3 /docs, S4 /, S5 /docs = 5; 5/5 = 1.0
    // events off /pricing: outbound, Download = 2; scroll S1:/ 40, S2:/blog 100, S5:/docs 20 -> 160/3 = 53.3
    totals: totals({ visitors: 4, visits: 5, pageviews: 5, views_per_visit: 1, bounce_rate: 40, avg_visit_duration_s: 122, avg_engaged_s: 42, avg_scroll_pct: 53.3, events: 2 }),
  },
  {
    name: 'event==Signup (event level)',
    filters: [{ dimension: 'event', op: 'is', values: ['Signup'] }],
    // S1 only: pageviews 2 (no page filter), events 1, duration 140, engaged 90, scroll (40+90)/2 = 65.0
    totals: totals({ visitors: 1, visits: 1, pageviews: 2, views_per_visit: 2, bounce_rate: 0, avg_visit_duration_s: 140, avg_engaged_s: 90, avg_scroll_pct: 65, events: 1 }),
  },
  {
    name: 'hostname==docs.example.com (event level)',
    filters: [{ dimension: 'hostname', op: 'is', values: ['docs.example.com'] }],
    // S5 only: 1 pv, bounce, 60 s, 40 s engaged, Download, scroll 20
    totals: totals({ visitors: 1, visits: 1, pageviews: 1, views_per_visit: 1, bounce_rate: 100, avg_visit_duration_s: 60, avg_engaged_s: 40, avg_scroll_pct: 20, events: 1 }),
  },
  {
    name: 'source==Google;page==/ (session and event level together)',
    filters: [{ dimension: 'source', op: 'is', values: ['Google'] }, { dimension: 'page', op: 'is', values: ['/'] }],
    // Google sessions S1 S4, both with an event on /: visitors V1 = 1; duration (140+60)/2 = 100.0
    // engaged (90+20)/2 = 55.0; pageviews of / : 1+1 = 2; 2/2 = 1.0; events on /: 0; scroll S1:/ 40
    totals: totals({ visitors: 1, visits: 2, pageviews: 2, views_per_visit: 1, bounce_rate: 0, avg_visit_duration_s: 100, avg_engaged_s: 55, avg_scroll_pct: 40, events: 0 }),
  },
  {
    name: 'country==JP (nothing matches)',
    filters: [{ dimension: 'country', op: 'is', values: ['JP'] }],
    totals: totals({ visitors: 0, visits: 0, pageviews: 0, views_per_visit: 0, bounce_rate: 0, avg_visit_duration_s: 0, avg_engaged_s: 0, avg_scroll_pct: 0, events: 0 }),
  },
];

/** Site A over PREVIOUS_RANGE: S0 only (1 pv, 10 s, 10 s engaged, scroll 30). */
export const EXPECTED_PREVIOUS_TOTALS: Totals = {
  visitors: 1, visits: 1, pageviews: 1, views_per_visit: 1, bounce_rate: 100, avg_visit_duration_s: 10, avg_engaged_s: 10, avg_scroll_pct: 30, events: 0,
};

/** Daily buckets in Berlin: day 1 = S1 S2 (pv 2+1), day 2 = S3 S4 S5 (pv 2+2+1). */
export const EXPECTED_DAILY: TimeseriesPoint[] = [
  { t: '2026-03-28T00:00:00+01:00', visitors: 2, visits: 2, pageviews: 3 },
  { t: '2026-03-29T00:00:00+01:00', visitors: 3, visits: 3, pageviews: 5 },
];

/** 24 + 23 hourly buckets (the spring-forward day has 23 hours). */
export const EXPECTED_HOURLY_COUNT = 47;
export const EXPECTED_HOURLY_FIRST = '2026-03-28T00:00:00+01:00';
export const EXPECTED_HOURLY_LAST = '2026-03-29T23:00:00+02:00';

/** The non-empty hourly buckets; every other bucket is all zeros. */
export const EXPECTED_HOURLY_NONZERO: TimeseriesPoint[] = [
  // 09:00Z: S1 starts, pv / and /pricing
  { t: '2026-03-28T10:00:00+01:00', visitors: 1, visits: 1, pageviews: 2 },
  // 10:59:30Z: S2 starts with its one pageview; its 11:00Z events are no pageviews
  { t: '2026-03-28T11:00:00+01:00', visitors: 1, visits: 1, pageviews: 1 },
  // 00:58Z: S3 starts, pv /docs
  { t: '2026-03-29T01:00:00+01:00', visitors: 1, visits: 1, pageviews: 1 },
  // 01:02Z: S3's second pageview, in the first CEST hour (02:00 local never happened)
  { t: '2026-03-29T03:00:00+02:00', visitors: 0, visits: 0, pageviews: 1 },
  // 15:00Z: S4
  { t: '2026-03-29T17:00:00+02:00', visitors: 1, visits: 1, pageviews: 2 },
  // 20:00Z: S5
  { t: '2026-03-29T22:00:00+02:00', visitors: 1, visits: 1, pageviews: 1 },
];

const row = (value: string, visitors: number, visits: number, pageviews: number, bounce_rate: number): BreakdownRow =>
  ({ value, visitors, visits, pageviews, bounce_rate });

/** Session-dimension breakdowns of site A over RANGE (limit 10): visitors desc, value asc. */
export const EXPECTED_SESSION_BREAKDOWNS: Partial<Record<Dimension, BreakdownRow[]>> = {
  // Google S1 S4 (V1, pv 4); direct S2; HN S3 (pv 2); google-ads S5. ASCII order: D < G < g < n
  source: [row('Direct / None', 1, 1, 1, 100), row('Google', 1, 2, 4, 0), row('google-ads', 1, 1, 1, 100), row('news.ycombinator.com', 1, 1, 2, 0)],
  channel: [row('direct', 1, 1, 1, 100), row('paid', 1, 1, 1, 100), row('search', 1, 2, 4, 0), row('social', 1, 1, 2, 0)],
  // '' for S2 and S5 (V2 V4, bounces both); HN S3; google S1 S4
  referrer: [row('', 2, 2, 2, 100), row('https://news.ycombinator.com/', 1, 1, 2, 0), row('https://www.google.com/', 1, 2, 4, 0)],
  // '' for S1-S4: V1 V2 V3, pv 2+1+2+2 = 7, bounce S2 1/4 = 25.0
  utm_source: [row('', 3, 4, 7, 25), row('google-ads', 1, 1, 1, 100)],
  utm_medium: [row('', 3, 4, 7, 25), row('cpc', 1, 1, 1, 100)],
  utm_campaign: [row('', 3, 4, 7, 25), row('spring', 1, 1, 1, 100)],
  utm_term: [row('', 4, 5, 8, 40)],
  utm_content: [row('', 4, 5, 8, 40)],
  // US S1 S4 S5: V1 V4, pv 5, bounce 1/3 = 33.3
  country: [row('US', 2, 3, 5, 33.3), row('DE', 1, 1, 1, 100), row('GB', 1, 1, 2, 0)],
  browser: [row('Chrome', 1, 2, 4, 0), row('Firefox', 1, 1, 2, 0), row('Mobile Safari', 1, 1, 1, 100), row('Safari', 1, 1, 1, 100)],
  // iOS S2 S5: V2 V4, pv 2, both bounce
  os: [row('iOS', 2, 2, 2, 100), row('Linux', 1, 1, 2, 0), row('Windows', 1, 2, 4, 0)],
  // desktop S1 S3 S4: V1 V3, pv 6
  device: [row('desktop', 2, 3, 6, 0), row('mobile', 1, 1, 1, 100), row('tablet', 1, 1, 1, 100)],
  screen: [row('desktop', 1, 1, 2, 0), row('laptop', 1, 2, 4, 0), row('mobile', 1, 1, 1, 100), row('tablet', 1, 1, 1, 100)],
  // en S1 S3 S4 S5: V1 V3 V4, pv 7, bounce S5 1/4 = 25.0
  language: [row('en', 3, 4, 7, 25), row('de', 1, 1, 1, 100)],
  // entries: S1 /, S2 /blog, S3 /docs, S4 /pricing, S5 /docs -> /docs V3 V4, pv 3, bounce 1/2
  entry_page: [row('/docs', 2, 2, 3, 50), row('/', 1, 1, 2, 0), row('/blog', 1, 1, 1, 100), row('/pricing', 1, 1, 2, 0)],
  // exits: S1 /pricing, S2 /blog, S3 /pricing, S4 /, S5 /docs -> /pricing V1 V3, pv 4
  exit_page: [row('/pricing', 2, 2, 4, 0), row('/', 1, 1, 2, 0), row('/blog', 1, 1, 1, 100), row('/docs', 1, 1, 1, 100)],
};

/**
 * Page rows: pageview events in range.
 * /docs: S3 (V3), S5 (V4): pv 2; engaged S5 40 s / 2 pv = 20.0; scroll S5:/docs 20
 * /pricing: S1 S4 (V1), S3 (V3): pv 3; engaged (50+10) + 40 + 20 = 120 s / 3 = 40.0; scroll 90, 60, 50 -> 66.7
 * /: S1 S4 (V1): pv 2; engaged 30 s / 2 = 15.0; scroll S1:/ 40
 * /blog: S2 (V2): pv 1; engaged 20 s; scroll 100
 */
export const EXPECTED_PAGE_BREAKDOWN: BreakdownRow[] = [
  { value: '/docs', visitors: 2, visits: 2, pageviews: 2, avg_engaged_s: 20, avg_scroll_pct: 20 },
  { value: '/pricing', visitors: 2, visits: 3, pageviews: 3, avg_engaged_s: 40, avg_scroll_pct: 66.7 },
  { value: '/', visitors: 1, visits: 2, pageviews: 2, avg_engaged_s: 15, avg_scroll_pct: 40 },
  { value: '/blog', visitors: 1, visits: 1, pageviews: 1, avg_engaged_s: 20, avg_scroll_pct: 100 },
];

/** example.com: S1 S2 S3 S4 (V1 V2 V3), pv 2+1+2+2 = 7; docs.example.com: S5, pv 1. */
export const EXPECTED_HOSTNAME_BREAKDOWN: BreakdownRow[] = [
  { value: 'example.com', visitors: 3, visits: 4, pageviews: 7 },
  { value: 'docs.example.com', visitors: 1, visits: 1, pageviews: 1 },
];

/** Custom events and outbound: one each; ASCII order D < S < o. */
export const EXPECTED_EVENT_BREAKDOWN: BreakdownRow[] = [
  { value: 'Download', visitors: 1, visits: 1, pageviews: 0, events: 1 },
  { value: 'Signup', visitors: 1, visits: 1, pageviews: 0, events: 1 },
  { value: 'outbound', visitors: 1, visits: 1, pageviews: 0, events: 1 },
];

/** Page rows with country==US: S1 (/, /pricing), S4 (/pricing, /), S5 (/docs); all V1 but /docs (V4). */
export const EXPECTED_PAGE_BREAKDOWN_US: BreakdownRow[] = [
  // /: S1 S4, pv 2, engaged 30 s / 2 = 15.0, scroll 40
  { value: '/', visitors: 1, visits: 2, pageviews: 2, avg_engaged_s: 15, avg_scroll_pct: 40 },
  // /docs: S5, pv 1, engaged 40 s, scroll 20
  { value: '/docs', visitors: 1, visits: 1, pageviews: 1, avg_engaged_s: 40, avg_scroll_pct: 20 },
  // /pricing: S1 S4, pv 2, engaged (60+20) / 2 = 40.0, scroll (90+50)/2 = 70.0
  { value: '/pricing', visitors: 1, visits: 2, pageviews: 2, avg_engaged_s: 40, avg_scroll_pct: 70 },
];

export interface RealtimeCase { name: string; now: number; windowMs: number; expected: Realtime }

export const EXPECTED_REALTIME: RealtimeCase[] = [
  {
    // [15:00:00, 15:01:00], both ends included: S4's pv /pricing at 15:00:00 and pv / at 15:01:00
    name: 'both window ends are included',
    now: at('2026-03-29T15:01:00Z'), windowMs: 60_000,
    expected: { active_visitors: 1, pages: [{ value: '/', active_visitors: 1 }, { value: '/pricing', active_visitors: 1 }] },
  },
  {
    // [09:00, 11:00]: S1 (V1: /, /pricing), S2 (V2: pv /blog at 10:59:30)
    name: 'two visitors',
    now: at('2026-03-28T11:00:00Z'), windowMs: 2 * 3_600_000,
    expected: { active_visitors: 2, pages: [{ value: '/', active_visitors: 1 }, { value: '/blog', active_visitors: 1 }, { value: '/pricing', active_visitors: 1 }] },
  },
  {
    // [11:00:15, 11:05:15]: only S2's outbound at 11:00:20, which counts as activity but names no page row
    name: 'activity without a pageview or engagement',
    now: at('2026-03-28T11:05:15Z'), windowMs: 300_000,
    expected: { active_visitors: 1, pages: [] },
  },
  {
    name: 'nobody',
    now: at('2026-03-29T12:00:00Z'), windowMs: 300_000,
    expected: { active_visitors: 0, pages: [] },
  },
];

/** Events by site: A has S0 2 + S1 6 + S2 3 + S3 3 + S4 4 + S5 3 + S6 1 = 22, B has 3. */
export const EXPECTED_COUNTS = {
  siteAAll: 22,
  /** A in RANGE: S1..S5 = 6+3+3+4+3 = 19 */
  siteAInRange: 19,
  /** all sites in RANGE: 19 + B's 3 */
  allInRange: 22,
  all: 25,
};

/** Site B over RANGE (UTC): SB1, SB2 of V6; SB2's page is WEIRD_PAGE. */
export const EXPECTED_SITE_B_TOTALS: Totals = {
  // visits 2, visitors 1, pv 2, both bounce; durations 5 s and 0 s -> 2.5; engaged 5/2 = 2.5; scroll 10
  visitors: 1, visits: 2, pageviews: 2, views_per_visit: 1, bounce_rate: 100, avg_visit_duration_s: 2.5, avg_engaged_s: 2.5, avg_scroll_pct: 10, events: 0,
};

/** Site B filtered on page==WEIRD_PAGE: SB2 only (0 s, 0 engaged, no scroll). */
export const EXPECTED_SITE_B_WEIRD_TOTALS: Totals = {
  visitors: 1, visits: 1, pageviews: 1, views_per_visit: 1, bounce_rate: 100, avg_visit_duration_s: 0, avg_engaged_s: 0, avg_scroll_pct: 0, events: 0,
};
