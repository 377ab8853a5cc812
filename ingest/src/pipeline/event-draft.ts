/**
 * The event being built as it moves through the pipeline steps, and what each step may know about
 * the request it came with.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { StoredEvent } from '@vigil/core/event/stored';
import type { WireEvent } from '@vigil/core/event/wire';
import type { Site } from '@vigil/core/configdb/config-store';
import type { Dropped } from './drop-reason.ts';

export interface RequestContext {
  /** client address as Fastify resolved it (X-Forwarded-For only when the proxy is trusted) */
  ip: string;
  userAgent: string;
  headers: IncomingHttpHeaders;
  /** receive time, ms since the epoch: every event of the request gets it as `ts` */
  receivedAt: number;
}

export type PreviousVisitorId = () => string | null;

/** for drafts before the visitor id step, and days whose previous salt is gone */
export const NO_PREVIOUS_VISITOR: PreviousVisitorId = () => null;

export interface EventDraft {
  wire: WireEvent;
  /** the parsed page URL (`wire.u`), already checked to be http(s) */
  pageUrl: URL;
  /** the row as far as it is built; steps fill in their fields */
  event: StoredEvent;
  /** set by the site lookup step */
  site: Pick<Site, 'id' | 'domain' | 'allowed_hostnames'> | null;
  /**
   * the visitor id under yesterday's salt (null when there is none), for a visit that runs across
   * 00:00 UTC: hashed only when asked, since only an event whose visitor has no session under
   * today's id needs it
   */
  previousVisitorId: PreviousVisitorId;
  /** set by the session step when this event opened a new session (a visit) */
  opensVisit?: boolean;
}

export type StepName =
  | 'site_lookup' | 'bot_filter' | 'user_agent' | 'country' | 'visitor_id' | 'source_channel' | 'session';

export interface EventStep {
  readonly name: StepName;
  run(draft: EventDraft, ctx: RequestContext): EventDraft | Dropped | Promise<EventDraft | Dropped>;
}
