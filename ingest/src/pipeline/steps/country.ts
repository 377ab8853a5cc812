/**
 * Step 5, country: from a trusted CDN's header when there is one, else from the client IP in the
 * bundled country database. The IP itself is never stored.
 *
 * A request's events share its headers and address, so the answer is kept for the request. No
 * address is kept beyond it: a look-up costs ~0.6 µs (country-reader.ts), and a cache of a
 * hundred thousand addresses held raw addresses in memory, and paused the event loop for ~13 ms
 * whenever its Map grew.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { countryFromCdnHeaders } from '../../geo/cdn-country.ts';
import type { CountryLookup } from '../../geo/country-reader.ts';
import type { EventStep } from '../event-draft.ts';

export function countryStep(opts: { trustProxy: boolean; lookup: CountryLookup }): EventStep {
  let lastHeaders: IncomingHttpHeaders | null = null;
  let lastIp = '';
  let lastCountry = '';

  return {
    name: 'country',
    run(draft, ctx) {
      if (ctx.headers !== lastHeaders || ctx.ip !== lastIp) {
        const fromCdn = opts.trustProxy ? countryFromCdnHeaders(ctx.headers) : '';
        lastCountry = fromCdn || opts.lookup.country(ctx.ip);
        lastHeaders = ctx.headers;
        lastIp = ctx.ip;
      }
      draft.event.country = lastCountry;
      return draft;
    },
  };
}
