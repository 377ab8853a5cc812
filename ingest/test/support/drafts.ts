/** Builds drafts and request contexts the way the pipeline does, for step tests. */
import type { WireEvent } from '@vigil/core/event/wire';
import { draftFromWire } from '../../src/pipeline/draft-from-wire.ts';
import type { EventDraft, RequestContext } from '../../src/pipeline/event-draft.ts';
import { UA } from './user-agents.ts';

export function requestContext(overrides: Partial<RequestContext> = {}): RequestContext {
  return { ip: '203.0.113.7', userAgent: UA.chromeWindows, headers: {}, receivedAt: Date.UTC(2025, 5, 1, 12), ...overrides };
}

export function draftOf(wire: Partial<WireEvent> = {}, ctx: RequestContext = requestContext()): EventDraft {
  const full: WireEvent = { s: 'site1', n: 'pageview', u: 'https://example.com/', ...wire };
  return draftFromWire(full, new URL(full.u), ctx);
}
