/**
 * Step 5, country: from a trusted CDN's header when there is one, else from the client IP in the
 * bundled country database. The IP itself is never stored.
 *
 * A request's events share its headers and address, and a visitor sends many requests, so the
 * answer is kept for the request and the database lookup is cached per address (in memory only).
 */
import type { IncomingHttpHeaders } from 'node:http';
import { LRUCache } from 'lru-cache';
import { countryFromCdnHeaders } from '../../geo/cdn-country.ts';
import type { CountryLookup } from '../../geo/country-reader.ts';
import type { EventStep } from '../event-draft.ts';

export function countryStep(opts: { trustProxy: boolean; lookup: CountryLookup; cacheSize?: number }): EventStep {
  const byAddress = new LRUCache<string, { country: string }>({ max: opts.cacheSize ?? 100_000 });
  let lastHeaders: IncomingHttpHeaders | null = null;
  let lastIp = '';
  let lastCountry = '';

  function countryOfAddress(ip: string): string {
    let hit = byAddress.get(ip);
    if (!hit) {
      hit = { country: opts.lookup.country(ip) };
      byAddress.set(ip, hit);
    }
    return hit.country;
  }

  return {
    name: 'country',
    run(draft, ctx) {
      if (ctx.headers !== lastHeaders || ctx.ip !== lastIp) {
        const fromCdn = opts.trustProxy ? countryFromCdnHeaders(ctx.headers) : '';
        lastCountry = fromCdn || countryOfAddress(ctx.ip);
        lastHeaders = ctx.headers;
        lastIp = ctx.ip;
      }
      draft.event.country = lastCountry;
      return draft;
    },
  };
}
