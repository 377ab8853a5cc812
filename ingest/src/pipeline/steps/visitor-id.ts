/**
 * Step 6, visitor id: a keyed hash of (site, ip, user agent) under today's salt, led by the day
 * it names (core/src/privacy/visitor-day.ts). Yesterday's id is
 * computed too (when yesterday's salt still exists) so the session step can continue a visit that
 * runs across 00:00 UTC.
 *
 * The salts of the current UTC day are kept once loaded, so the step is synchronous except on the
 * first event of a day; and the events of one request share one visitor, hashed once. Yesterday's
 * id is hashed only when the session step asks for it: an event whose visitor already has a
 * session under today's id (most of them) costs one HMAC, not two.
 */
import { visitorId, type DailySalts, type SaltKeeper } from '@vigil/core/privacy/salts';
import { dayNumber } from '@vigil/core/privacy/visitor-day';
import { NO_PREVIOUS_VISITOR, type EventDraft, type EventStep, type PreviousVisitorId, type RequestContext } from '../event-draft.ts';

interface Hashed {
  salts: DailySalts;
  site: string;
  ip: string;
  userAgent: string;
  current: string;
  previous: PreviousVisitorId;
}

/** yesterday's id of this visitor, hashed on the first call */
function previousOnDemand(daySalts: DailySalts, site: string, ip: string, userAgent: string): PreviousVisitorId {
  const salt = daySalts.previous;
  if (!salt) return NO_PREVIOUS_VISITOR;
  let id: string | undefined;
  return () => (id ??= visitorId(salt, daySalts.day - 1, site, ip, userAgent));
}

export function visitorIdStep(salts: SaltKeeper): EventStep {
  let loadedDay = Number.NaN;
  let loaded: DailySalts | null = null;
  let last: Hashed | null = null;

  function apply(draft: EventDraft, ctx: RequestContext, daySalts: DailySalts): EventDraft {
    const site = draft.event.site_id;
    if (!last || last.salts !== daySalts || last.site !== site || last.ip !== ctx.ip || last.userAgent !== ctx.userAgent) {
      last = {
        salts: daySalts,
        site,
        ip: ctx.ip,
        userAgent: ctx.userAgent,
        current: visitorId(daySalts.current, daySalts.day, site, ctx.ip, ctx.userAgent),
        previous: previousOnDemand(daySalts, site, ctx.ip, ctx.userAgent),
      };
    }
    draft.event.visitor_id = last.current;
    draft.previousVisitorId = last.previous;
    return draft;
  }

  return {
    name: 'visitor_id',
    run(draft, ctx) {
      // the UTC day number, as SaltKeeper's 'YYYY-MM-DD' day, without formatting a date per event
      const day = dayNumber(ctx.receivedAt);
      if (day === loadedDay && loaded) return apply(draft, ctx, loaded);
      return salts.saltsFor(ctx.receivedAt).then((daySalts) => {
        loadedDay = day;
        loaded = daySalts;
        return apply(draft, ctx, daySalts);
      });
    },
  };
}
