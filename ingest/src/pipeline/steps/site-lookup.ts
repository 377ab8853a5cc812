/**
 * Step 2, site lookup: the event's site must exist, and the page must be on one of the site's
 * hostnames, so a copied snippet on someone else's pages does not pollute the site's stats.
 * A cached site is answered synchronously; only a cache miss waits for the config database.
 */
import type { Site } from '@vigil/core/configdb/config-store';
import type { SiteCache } from '../../sites/site-cache.ts';
import { hostnameMatchesSite } from '../../sites/hostname-matches.ts';
import { drop, type Dropped } from '../drop-reason.ts';
import type { EventDraft, EventStep } from '../event-draft.ts';

function attach(draft: EventDraft, site: Site | null): EventDraft | Dropped {
  if (!site) return drop('unknown_site');
  if (!hostnameMatchesSite(draft.event.hostname, site)) return drop('hostname_mismatch');
  draft.site = site;
  return draft;
}

export function siteLookupStep(sites: SiteCache): EventStep {
  return {
    name: 'site_lookup',
    run(draft) {
      const cached = sites.peek(draft.wire.s);
      if (cached !== undefined) return attach(draft, cached);
      return sites.get(draft.wire.s).then((site) => attach(draft, site));
    },
  };
}
