/**
 * The ingest pipeline: validate the body, run each event through the named steps, enqueue what
 * survived. Every event ends either accepted or counted under one drop reason.
 */
import type { StoredEvent } from '@vigil/core/event/stored';
import type { EnqueueRefusal, EventQueue } from '@vigil/core/queue/event-queue';
import type { DropCounters } from './drop-counters.ts';
import { isDropped } from './drop-reason.ts';
import { draftFromWire } from './draft-from-wire.ts';
import type { EventDraft, EventStep, RequestContext } from './event-draft.ts';
import { enqueueEvents } from './steps/enqueue.ts';
import { validateBody, type FieldProblem } from './steps/validate.ts';

export type PipelineResult =
  | { outcome: 'accepted'; accepted: number; dropped: number; events: StoredEvent[] }
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
  /** sees every accepted request's events (live dashboards are told here, before storage) */
  onAccepted?: (events: StoredEvent[]) => void;
}

export function createPipeline(opts: PipelineOptions): Pipeline {
  const { steps, queue, counters } = opts;

  async function build(draft: EventDraft, ctx: RequestContext): Promise<StoredEvent | null> {
    let current = draft;
    for (const step of steps) {
      const next = await step.run(current, ctx);
      if (isDropped(next)) {
        counters.drop(next.dropped);
        return null;
      }
      current = next;
    }
    return current.event;
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
      // one at a time, in order: a batch's first page view must open the session the rest continue
      for (const { wire, pageUrl } of validation.events) {
        const event = await build(draftFromWire(wire, pageUrl, ctx), ctx);
        if (event) events.push(event);
      }
      const dropped = validation.events.length - events.length;
      const refusal = await enqueueEvents(queue, events);
      if (refusal) {
        counters.drop(refusal.reason, events.length);
        return { outcome: 'refused', refusal, events: events.length };
      }
      counters.accept(events.length);
      if (events.length > 0) opts.onAccepted?.(events);
      return { outcome: 'accepted', accepted: events.length, dropped, events };
    },
  };
}
