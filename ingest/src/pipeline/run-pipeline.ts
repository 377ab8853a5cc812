/**
 * The ingest pipeline: validate the body, run each event through the named steps, enqueue what
 * survived. Every event ends either accepted or counted under one drop reason.
 *
 * Most steps answer synchronously (a cached site, a cached user agent, a hash), so the runner only
 * waits when a step hands back a promise: an event costs as many promise hops as it has steps that
 * really wait (the session store, a site not yet cached), not one per step.
 */
import type { StoredEvent } from '@vigil/core/event/stored';
import type { EnqueueRefusal, EventQueue } from '@vigil/core/queue/event-queue';
import type { DropCounters } from './drop-counters.ts';
import { isDropped, type Dropped } from './drop-reason.ts';
import { draftFromWire } from './draft-from-wire.ts';
import type { EventDraft, EventStep, RequestContext } from './event-draft.ts';
import { enqueueEvents } from './steps/enqueue.ts';
import { validateBody, type FieldProblem } from './steps/validate.ts';

export type PipelineResult =
  | { outcome: 'accepted'; accepted: number; dropped: number; events: StoredEvent[]; opensVisit: StoredEvent[] }
  | { outcome: 'rejected'; error: string; detail: FieldProblem[] | string }
  | { outcome: 'refused'; refusal: EnqueueRefusal; events: number };

export interface Pipeline {
  readonly steps: readonly EventStep[];
  run(body: unknown, ctx: RequestContext): Promise<PipelineResult>;
}

export interface PipelineOptions {
  steps: EventStep[];
  queue: EventQueue;
  counters: DropCounters;
  /**
   * sees every accepted request's events, and which of them opened a visit (live dashboards are
   * told here, before storage)
   */
  onAccepted?: (events: StoredEvent[], opensVisit: readonly StoredEvent[]) => void;
}

type Built = EventDraft | null;

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

export function createPipeline(opts: PipelineOptions): Pipeline {
  const { steps, queue, counters } = opts;

  /** Runs steps[first..] on the draft: synchronously until a step returns a promise. */
  function runFrom(draft: EventDraft, ctx: RequestContext, first: number): Built | Promise<Built> {
    let current = draft;
    for (let i = first; i < steps.length; i++) {
      const next = steps[i]!.run(current, ctx);
      if (isPromise(next)) return next.then((settled) => settle(settled, ctx, i + 1));
      if (isDropped(next)) {
        counters.drop(next.dropped);
        return null;
      }
      current = next;
    }
    return current;
  }

  function settle(result: EventDraft | Dropped, ctx: RequestContext, nextStep: number): Built | Promise<Built> {
    if (isDropped(result)) {
      counters.drop(result.dropped);
      return null;
    }
    return runFrom(result, ctx, nextStep);
  }

  return {
    steps,
    async run(body, ctx) {
      const validation = validateBody(body);
      if (!validation.ok) {
        counters.drop('invalid_body');
        return { outcome: 'rejected', error: validation.error, detail: validation.detail };
      }
      const events: StoredEvent[] = [];
      const opensVisit: StoredEvent[] = [];
      // one at a time, in order: a batch's first page view must open the session the rest continue
      for (const { wire, pageUrl } of validation.events) {
        const built = runFrom(draftFromWire(wire, pageUrl, ctx), ctx, 0);
        const done = isPromise(built) ? await built : built;
        if (!done) continue;
        events.push(done.event);
        if (done.opensVisit) opensVisit.push(done.event);
      }
      const dropped = validation.events.length - events.length;
      const refusal = await enqueueEvents(queue, events);
      if (refusal) {
        counters.drop(refusal.reason, events.length);
        return { outcome: 'refused', refusal, events: events.length };
      }
      counters.accept(events.length);
      if (events.length > 0) opts.onAccepted?.(events, opensVisit);
      return { outcome: 'accepted', accepted: events.length, dropped, events, opensVisit };
    },
  };
}
