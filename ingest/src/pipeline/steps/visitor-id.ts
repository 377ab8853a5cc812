/**
 * Step 6, visitor id: a keyed hash of (site, ip, user agent) under today's salt. Yesterday's id is
 * computed too (when yesterday's salt still exists) so the session step can continue a visit that
 * runs across 00:00 UTC.
 */
import { visitorId, type SaltKeeper } from '@vigil/core/privacy/salts';
import type { EventStep } from '../event-draft.ts';

export function visitorIdStep(salts: SaltKeeper): EventStep {
  return {
    name: 'visitor_id',
    async run(draft, ctx) {
      const { current, previous } = await salts.saltsFor(ctx.receivedAt);
      const site = draft.event.site_id;
      return {
        ...draft,
        event: { ...draft.event, visitor_id: visitorId(current, site, ctx.ip, ctx.userAgent) },
        previousVisitorId: previous ? visitorId(previous, site, ctx.ip, ctx.userAgent) : null,
      };
    },
  };
}
