/**
 * Step 5, country: from a trusted CDN's header when there is one, else from the client IP in the
 * bundled country database. The IP itself is never stored.
 */
import { countryFromCdnHeaders } from '../../geo/cdn-country.ts';
import type { CountryLookup } from '../../geo/country-reader.ts';
import type { EventStep } from '../event-draft.ts';

export function countryStep(opts: { trustProxy: boolean; lookup: CountryLookup }): EventStep {
  return {
    name: 'country',
    run(draft, ctx) {
      const fromCdn = opts.trustProxy ? countryFromCdnHeaders(ctx.headers) : '';
      const country = fromCdn || opts.lookup.country(ctx.ip);
      return { ...draft, event: { ...draft.event, country } };
    },
  };
}
