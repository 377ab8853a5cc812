/**
 * Realistic POST /api/track requests, as track.js sends them: a visitor's first request is a
 * single pageview; each later one reports engagement on the page left and the next pageview (now
 * and then with a custom event). Visitors differ by IP (X-Forwarded-For) and real browser user
 * agents, come from varied referrers and UTM campaigns, and their requests interleave with other
 * visitors' as on a live site. Deterministic for a seed, so both servers get the same traffic.
 */
import { seededRandom as rng } from '@vigil/core/test/seeded-random';

export interface TrackRequest {
  body: string;
  headers: Record<string, string>;
  /** what the body holds, to check the stored counts against the 202s */
  pageviews: number;
  customEvents: number;
  events: number;
}

export interface TrackRequestOptions {
  siteId: string;
  visitors: number;
  seed: number;
}

const USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.0.0',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0',
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (iPad; CPU OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (Linux; Android 13; SM-A536B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36',
];

/** First octets of address blocks routed in several countries, for a realistic country spread. */
const FIRST_OCTETS = [3, 8, 12, 18, 23, 24, 31, 37, 41, 45, 46, 49, 51, 62, 66, 71, 77, 78, 81, 82, 85, 88, 91, 93, 94, 95, 101, 103, 109, 110, 114, 116, 121, 122, 125, 141, 151, 176, 177, 178, 185, 186, 187, 188, 189, 190, 193, 194, 195, 200, 201, 202, 203, 212, 213, 217];

const REFERRERS = [
  '', '', '', '', 'https://www.google.com/', 'https://www.google.com/', 'https://www.google.de/', 'https://www.bing.com/',
  'https://duckduckgo.com/', 'https://news.ycombinator.com/', 'https://t.co/', 'https://www.reddit.com/r/selfhosted/',
  'https://github.com/', 'https://www.linkedin.com/', 'https://blog.example.net/analytics-without-cookies',
];

const CAMPAIGNS = ['', '', '', '', '', '?utm_source=newsletter&utm_medium=email&utm_campaign=weekly', '?utm_source=google-ads&utm_medium=cpc&utm_campaign=brand'];

const PAGES = ['/', '/pricing', '/docs', '/blog', '/about', '/signup', '/features', '/changelog', '/contact',
  ...Array.from({ length: 30 }, (_, i) => `/blog/post-${i + 1}`), ...Array.from({ length: 20 }, (_, i) => `/docs/guide-${i + 1}`)];

const WIDTHS = [360, 375, 390, 414, 768, 1024, 1280, 1366, 1440, 1536, 1920, 2560];
const LANGUAGES = ['en-US', 'en-US', 'en-GB', 'de-DE', 'fr-FR', 'es-ES', 'pt-BR', 'ja', 'nl-NL', 'pl-PL'];
const HOSTS = ['https://example.com', 'https://www.example.com', 'https://www.example.com', 'https://docs.example.net'];

interface Visitor {
  ip: string;
  userAgent: string;
  host: string;
  width: number;
  language: string;
  pages: string[];
  referrer: string;
  campaign: string;
  next: number;
}

export function trackRequests(opts: TrackRequestOptions): TrackRequest[] {
  const r = rng(opts.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(r() * items.length)]!;
  // Zipf-like: the home page and a few others get most views.
  const pickPage = () => PAGES[Math.min(PAGES.length - 1, Math.floor(PAGES.length * r() ** 2.5))]!;

  const visitors: Visitor[] = Array.from({ length: opts.visitors }, () => ({
    ip: `${pick(FIRST_OCTETS)}.${Math.floor(r() * 256)}.${Math.floor(r() * 256)}.${1 + Math.floor(r() * 254)}`,
    userAgent: pick(USER_AGENTS),
    host: pick(HOSTS),
    width: pick(WIDTHS),
    language: pick(LANGUAGES),
    pages: Array.from({ length: 1 + Math.floor(-Math.log(1 - r() * 0.99) * 1.5) % 6 }, (_, i) => (i === 0 && r() < 0.4 ? '/' : pickPage())),
    referrer: pick(REFERRERS),
    campaign: pick(CAMPAIGNS),
    next: 0,
  }));

  const requests: TrackRequest[] = [];
  // A window of visitors browsing at once; one request from a random one of them at a time.
  const active: Visitor[] = [];
  let arrived = 0;
  while (arrived < visitors.length || active.length > 0) {
    while (active.length < 400 && arrived < visitors.length) active.push(visitors[arrived++]!);
    const slot = Math.floor(r() * active.length);
    const v = active[slot]!;
    requests.push(requestFor(v, opts.siteId, r));
    if (++v.next >= v.pages.length) active.splice(slot, 1);
  }
  return requests;
}

function requestFor(v: Visitor, siteId: string, r: () => number): TrackRequest {
  const page = v.pages[v.next]!;
  const url = `${v.host}${page}${v.next === 0 ? v.campaign : ''}`;
  const pageview = {
    s: siteId, n: 'pageview', u: url,
    r: v.next === 0 ? v.referrer : `${v.host}${v.pages[v.next - 1]}`,
    t: page === '/' ? 'Example — Home' : `Example — ${page.slice(1)}`,
    w: v.width, l: v.language,
  };
  const events: object[] = [];
  let customEvents = 0;
  if (v.next > 0) {
    const previous = `${v.host}${v.pages[v.next - 1]}`;
    events.push({ s: siteId, n: 'engagement', u: previous, e: 2000 + Math.floor(r() * 120_000), d: Math.floor(r() * 101) });
    if (r() < 0.05) {
      events.push({ s: siteId, n: 'Signup', u: previous, p: { plan: r() < 0.3 ? 'pro' : 'free' } });
      customEvents = 1;
    }
  }
  events.push(pageview);
  return {
    body: JSON.stringify(events.length === 1 ? pageview : events),
    headers: { 'content-type': 'text/plain;charset=UTF-8', 'user-agent': v.userAgent, 'x-forwarded-for': v.ip },
    pageviews: 1,
    customEvents,
    events: events.length,
  };
}
