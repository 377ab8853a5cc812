/**
 * Country headers that CDNs and hosting proxies add. They are only believed when the server sits
 * behind a proxy it trusts (VIGIL_TRUST_PROXY), since any client can send them.
 */
import type { IncomingHttpHeaders } from 'node:http';

const HEADERS = ['cf-ipcountry', 'x-vercel-ip-country', 'cloudfront-viewer-country', 'x-country-code'] as const;

/** Codes the CDNs use for "not a country": unknown, Tor, anonymous proxy, satellite, other. */
const NOT_A_COUNTRY = new Set(['XX', 'T1', 'ZZ', 'A1', 'A2', 'O1', 'EU', 'AP']);
const ALPHA2 = /^[A-Z]{2}$/;

export function countryFromCdnHeaders(headers: IncomingHttpHeaders): string {
  for (const name of HEADERS) {
    const raw = headers[name];
    const value = (Array.isArray(raw) ? raw[0] : raw)?.trim().toUpperCase() ?? '';
    if (ALPHA2.test(value) && !NOT_A_COUNTRY.has(value)) return value;
  }
  return '';
}
