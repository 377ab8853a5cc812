/**
 * The per-event steps in their order. Source/channel must come before session: a new session
 * copies its dimensions from its first event.
 */
import type { SaltKeeper } from '@vigil/core/privacy/salts';
import type { SessionStore } from '@vigil/core/session/session-store';
import type { CountryLookup } from '../geo/country-reader.ts';
import type { SiteCache } from '../sites/site-cache.ts';
import type { EventStep } from './event-draft.ts';
import { siteLookupStep } from './steps/site-lookup.ts';
import { botFilterStep } from './steps/bot-filter.ts';
import { userAgentStep } from './steps/user-agent.ts';
import { countryStep } from './steps/country.ts';
import { visitorIdStep } from './steps/visitor-id.ts';
import { sourceChannelStep } from './steps/source-channel.ts';
import { sessionStep } from './steps/session.ts';

export interface IngestStepDeps {
  sites: SiteCache;
  trustProxy: boolean;
  countries: CountryLookup;
  salts: SaltKeeper;
  sessions: SessionStore;
}

export function ingestSteps(deps: IngestStepDeps): EventStep[] {
  return [
    siteLookupStep(deps.sites),
    botFilterStep(),
    userAgentStep(),
    countryStep({ trustProxy: deps.trustProxy, lookup: deps.countries }),
    visitorIdStep(deps.salts),
    sourceChannelStep(),
    sessionStep(deps.sessions),
  ];
}
