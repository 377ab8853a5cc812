/**
 * Where a visit came from: the source name and marketing channel, from the referrer and the
 * page's UTM tags, as the Sources and Channels reports show them.
 */
import type { Channel } from '@vigil/core/event/stored';
import type { UtmParams } from '../pipeline/page-path.ts';
import { knownReferrerByHost, knownReferrerByName, type KnownReferrer } from './known-referrers.ts';

export interface SourceInput {
  /** document.referrer as sent ('' when none) */
  referrer: string;
  /** hostnames that make a referrer a self-referral: the page's host, the site's domain and allowed hosts */
  ownHosts: string[];
  utm: UtmParams;
}

export interface SourceResult extends UtmParams {
  referrer: string;
  source: string;
  channel: Channel;
}

const PAID_MEDIUMS = new Set(['cpc', 'ppc', 'paid', 'paidsearch', 'paid_search', 'paid_social', 'paidsocial', 'display', 'cpm', 'banner', 'affiliate']);
const EMAIL_WORDS = new Set(['email', 'e-mail', 'newsletter', 'mail']);
const SOCIAL_MEDIUMS = new Set(['social', 'social-network', 'social_network', 'sm']);
const SEARCH_MEDIUMS = new Set(['organic', 'search']);
const REFERRER_SCHEMES = new Set(['http:', 'https:', 'android-app:']);

interface Referrer {
  /** stored form: no query string, no fragment */
  url: string;
  host: string;
}

function parseReferrer(raw: string): Referrer | null {
  if (!raw) return null;
  try {
    const url = new URL(raw);
    if (!REFERRER_SCHEMES.has(url.protocol) || !url.hostname) return null;
    return { url: `${url.protocol}//${url.host}${url.pathname}`, host: url.hostname.toLowerCase() };
  } catch {
    return null;
  }
}

function isOwnHost(host: string, ownHosts: string[]): boolean {
  return ownHosts.some((own) => host === own || host.endsWith(`.${own}`));
}

function channelOf(utm: UtmParams, known: KnownReferrer | null, hasOtherSource: boolean): Channel {
  const medium = utm.utm_medium.toLowerCase();
  const source = utm.utm_source.toLowerCase();
  if (PAID_MEDIUMS.has(medium)) return 'paid';
  if (EMAIL_WORDS.has(medium) || EMAIL_WORDS.has(source) || known?.channel === 'email') return 'email';
  if (known?.channel === 'social' || known?.channel === 'search') return known.channel;
  if (SOCIAL_MEDIUMS.has(medium)) return 'social';
  if (SEARCH_MEDIUMS.has(medium)) return 'search';
  return hasOtherSource ? 'referral' : 'direct';
}

export function classifySource(input: SourceInput): SourceResult {
  const parsed = parseReferrer(input.referrer);
  // A link from the site's own pages (or a reload) is not a new source: count it as direct.
  const referrer = parsed && !isOwnHost(parsed.host, input.ownHosts) ? parsed : null;
  const byHost = referrer ? knownReferrerByHost(referrer.host) : null;
  const utmSource = input.utm.utm_source;
  const byUtm = utmSource ? knownReferrerByName(utmSource) : null;

  let source = '';
  if (utmSource) source = byUtm?.name ?? utmSource;
  else if (referrer) source = byHost?.name ?? referrer.host.replace(/^www\./, '');

  // A tagged campaign link is a source even when the browser sent no referrer (apps, https->http).
  const channel = channelOf(input.utm, byHost ?? byUtm, Boolean(referrer || utmSource));
  return { ...input.utm, referrer: referrer?.url ?? '', source, channel };
}
