/**
 * What the `page` column holds: the path, plus whatever query the tracker kept (minus UTM
 * parameters, which become their own columns), plus the hash of hash-routed apps ('#/settings').
 *
 * Decoding can turn '%00' back into a control character, so decoded text is sanitised again.
 */
import { sanitizeText } from './sanitize.ts';

export function isUtmParam(name: string): boolean {
  return name.toLowerCase().startsWith('utm_');
}

export function pagePath(url: URL): string {
  let path = url.pathname;
  if (path.includes('%')) {
    try {
      // decodeURI keeps reserved characters encoded, so '/a%2Fb' stays distinct from '/a/b'
      path = decodeURI(path);
    } catch {
      // a malformed escape: keep the path as the browser sent it
    }
  }
  let query = '';
  // most pages have no query at all: skip building URLSearchParams for them
  if (url.search !== '') {
    const kept = new URLSearchParams();
    for (const [k, v] of url.searchParams) if (!isUtmParam(k)) kept.append(k, v);
    query = kept.toString();
  }
  const hash = url.hash.startsWith('#/') ? url.hash : '';
  return sanitizeText(`${path}${query ? `?${query}` : ''}${hash}`);
}

export interface UtmParams {
  utm_source: string;
  utm_medium: string;
  utm_campaign: string;
  utm_term: string;
  utm_content: string;
}

const UTM_KEYS = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content'] as const;

/** UTM values of the page URL ('' when absent); keys match case-insensitively ('UTM_Source'). */
export function utmParams(url: URL): UtmParams {
  const utm: UtmParams = { utm_source: '', utm_medium: '', utm_campaign: '', utm_term: '', utm_content: '' };
  if (url.search === '') return utm;
  for (const [k, v] of url.searchParams) {
    const key = k.toLowerCase();
    if ((UTM_KEYS as readonly string[]).includes(key) && utm[key as keyof UtmParams] === '') {
      utm[key as keyof UtmParams] = sanitizeText(v);
    }
  }
  return utm;
}
