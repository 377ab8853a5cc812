/**
 * Step 2, site lookup: the event's site must exist, and the page must be on one of the site's
 * hostnames, so a copied snippet on someone else's pages does not pollute the site's stats.
 */
import type { SiteCache } from '../../sites/site-cache.ts';
import { hostnameMatchesSite } from '../../sites/hostname-matches.ts';
import { drop } from '../drop-reason.ts';
import type { EventStep } from '../event-draft.ts';

export function siteLookupStep(sites: SiteCache): EventStep {
  return {
    name: 'site_lookup',
    async run(draft) {
      const site = await sites.get(draft.wire.s);
      if (!site) return drop('unknown_site');
      if (!hostnameMatchesSite(draft.event.hostname, site)) return drop('hostname_mismatch');
      return { ...draft, site };
    },
  };
}
