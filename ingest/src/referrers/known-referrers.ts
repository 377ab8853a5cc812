/**
 * The curated table of referrers with a display name and a channel. A host matches an entry when
 * it equals one of the entry's hosts or is a subdomain of it; `anyTld` brands also match under any
 * country domain ('google.co.uk', 'yandex.com.tr'). `aliases` are utm_source spellings that mean
 * the entry ('fb', 'ig').
 */
import type { Channel } from '@vigil/core/event/stored';

export interface KnownReferrer {
  name: string;
  channel: Extract<Channel, 'search' | 'social' | 'email' | 'referral'>;
  hosts: string[];
  anyTld?: string;
  aliases?: string[];
}

export const KNOWN_REFERRERS: readonly KnownReferrer[] = [
  // search
  { name: 'Google', channel: 'search', hosts: ['google.com'], anyTld: 'google' },
  { name: 'Bing', channel: 'search', hosts: ['bing.com'] },
  { name: 'DuckDuckGo', channel: 'search', hosts: ['duckduckgo.com'], aliases: ['ddg'] },
  { name: 'Yahoo!', channel: 'search', hosts: ['yahoo.com', 'search.yahoo.com'], anyTld: 'yahoo' },
  { name: 'Yandex', channel: 'search', hosts: ['yandex.ru', 'ya.ru'], anyTld: 'yandex' },
  { name: 'Baidu', channel: 'search', hosts: ['baidu.com'] },
  { name: 'Ecosia', channel: 'search', hosts: ['ecosia.org'] },
  { name: 'Brave', channel: 'search', hosts: ['search.brave.com'] },
  { name: 'Startpage', channel: 'search', hosts: ['startpage.com'] },
  { name: 'Qwant', channel: 'search', hosts: ['qwant.com'] },
  // social
  { name: 'Facebook', channel: 'social', hosts: ['facebook.com', 'fb.com', 'fb.me', 'messenger.com'], aliases: ['fb'] },
  { name: 'Instagram', channel: 'social', hosts: ['instagram.com'], aliases: ['ig'] },
  { name: 'Twitter', channel: 'social', hosts: ['twitter.com', 'x.com', 't.co'], aliases: ['x'] },
  { name: 'LinkedIn', channel: 'social', hosts: ['linkedin.com', 'lnkd.in'] },
  { name: 'Reddit', channel: 'social', hosts: ['reddit.com', 'redd.it'] },
  { name: 'YouTube', channel: 'social', hosts: ['youtube.com', 'youtu.be'], aliases: ['yt'] },
  { name: 'TikTok', channel: 'social', hosts: ['tiktok.com'] },
  { name: 'Pinterest', channel: 'social', hosts: ['pinterest.com', 'pin.it'], anyTld: 'pinterest' },
  { name: 'Hacker News', channel: 'social', hosts: ['news.ycombinator.com'], aliases: ['hn', 'hackernews'] },
  { name: 'Bluesky', channel: 'social', hosts: ['bsky.app'] },
  { name: 'Threads', channel: 'social', hosts: ['threads.net'] },
  // webmail: a click from a mail client is an email visit, whatever the utm tags say
  { name: 'Gmail', channel: 'email', hosts: ['mail.google.com', 'com.google.android.gm'] },
  { name: 'Outlook', channel: 'email', hosts: ['outlook.live.com', 'outlook.office.com', 'outlook.office365.com'] },
  { name: 'Yahoo! Mail', channel: 'email', hosts: ['mail.yahoo.com'] },
  { name: 'Proton Mail', channel: 'email', hosts: ['mail.proton.me'] },
  { name: 'Fastmail', channel: 'email', hosts: ['app.fastmail.com'] },
  // referral
  { name: 'GitHub', channel: 'referral', hosts: ['github.com'] },
  { name: 'Stack Overflow', channel: 'referral', hosts: ['stackoverflow.com'] },
];

const BY_HOST = new Map<string, KnownReferrer>();
const BY_BRAND = new Map<string, KnownReferrer>();
const BY_NAME = new Map<string, KnownReferrer>();
for (const entry of KNOWN_REFERRERS) {
  for (const host of entry.hosts) BY_HOST.set(host, entry);
  if (entry.anyTld) BY_BRAND.set(entry.anyTld, entry);
  for (const alias of [entry.name, ...(entry.aliases ?? []), ...entry.hosts, entry.anyTld ?? '']) {
    if (alias) BY_NAME.set(alias.toLowerCase(), entry);
  }
}

/** 'com', 'de', 'co.uk', 'com.tr': the labels after a brand's name. */
const COUNTRY_SUFFIX = /^[a-z]{2,3}(\.[a-z]{2})?$/;

/** The entry for a referrer host; the most specific host wins ('mail.google.com' before 'google'). */
export function knownReferrerByHost(hostname: string): KnownReferrer | null {
  const labels = hostname.toLowerCase().replace(/\.$/, '').split('.');
  for (let i = 0; i < labels.length - 1; i++) {
    const candidate = labels.slice(i).join('.');
    const exact = BY_HOST.get(candidate);
    if (exact) return exact;
    const brand = BY_BRAND.get(labels[i] ?? '');
    if (brand && COUNTRY_SUFFIX.test(labels.slice(i + 1).join('.'))) return brand;
  }
  return null;
}

/** The entry a utm_source names ('google', 'Twitter', 'fb'), case-insensitively. */
export function knownReferrerByName(name: string): KnownReferrer | null {
  return BY_NAME.get(name.trim().toLowerCase()) ?? null;
}
