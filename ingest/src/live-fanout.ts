/**
 * After ingest accepted a request: tell live dashboards (coalesced to a few updates per second per site)
 * and mark its visitors present. Best effort: a live-bus or presence outage never fails a request.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { StoredEvent } from '@vigil/core/event/stored';
import type { LiveBus } from '@vigil/core/live/live-bus';
import { LiveCoalescer } from '@vigil/core/live/coalescer';
import type { PresenceStore } from '@vigil/core/presence/presence-store';

export interface LiveFanout {
  /** a request's accepted events, and those of them that opened a visit */
  add(batch: StoredEvent[], opensVisit?: readonly StoredEvent[]): void;
  close(): Promise<void>;
}

export function liveFanout(deps: { live: LiveBus; presence: PresenceStore; log: FastifyBaseLogger }): LiveFanout {
  const coalescer = new LiveCoalescer(deps.live);
  let presenceFailing = false;
  const touched = (): void => {
    presenceFailing = false;
  };
  const notTouched = (error: unknown): void => {
    if (!presenceFailing) deps.log.warn({ error: error instanceof Error ? error.message : String(error) }, 'presence not updated; "active now" may lag');
    presenceFailing = true;
  };
  const touch = (e: StoredEvent): void => {
    deps.presence.touch(e.site_id, e.visitor_id, e.page, e.ts).then(touched, notTouched);
  };
  return {
    add(batch, opensVisit = []) {
      coalescer.add(batch, opensVisit);
      // one touch per visitor per batch: their latest event says which page they are on
      const first = batch[0];
      if (!first) return;
      let latest = first;
      let oneVisitor = true;
      for (let i = 1; i < batch.length && oneVisitor; i++) {
        const e = batch[i]!;
        oneVisitor = e.visitor_id === first.visitor_id && e.site_id === first.site_id;
        if (latest.ts <= e.ts) latest = e;
      }
      // a request's events are one visitor's (the usual case): no map needed
      if (oneVisitor) return touch(latest);
      const latestByVisitor = new Map<string, StoredEvent>();
      for (const e of batch) {
        const key = `${e.site_id}\n${e.visitor_id}`;
        const seen = latestByVisitor.get(key);
        if (!seen || seen.ts <= e.ts) latestByVisitor.set(key, e);
      }
      for (const e of latestByVisitor.values()) touch(e);
    },
    close: () => coalescer.close(),
  };
}
