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
  add(batch: StoredEvent[]): void;
  close(): Promise<void>;
}

export function liveFanout(deps: { live: LiveBus; presence: PresenceStore; log: FastifyBaseLogger }): LiveFanout {
  const coalescer = new LiveCoalescer(deps.live);
  let presenceFailing = false;
  return {
    add(batch) {
      coalescer.add(batch);
      // one touch per visitor per batch: their latest event says which page they are on
      const latest = new Map<string, StoredEvent>();
      for (const e of batch) {
        const key = `${e.site_id}\n${e.visitor_id}`;
        const seen = latest.get(key);
        if (!seen || seen.ts <= e.ts) latest.set(key, e);
      }
      Promise.all([...latest.values()].map((e) => deps.presence.touch(e.site_id, e.visitor_id, e.page, e.ts))).then(
        () => (presenceFailing = false),
        (error: unknown) => {
          if (!presenceFailing) deps.log.warn({ error: error instanceof Error ? error.message : String(error) }, 'presence not updated; "active now" may lag');
          presenceFailing = true;
        },
      );
    },
    close: () => coalescer.close(),
  };
}
