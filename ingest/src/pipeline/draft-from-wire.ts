/**
 * Turns a validated wire event into a draft whose row already holds everything the payload alone
 * decides; the steps add what needs the site, the request and the session.
 */
import { randomUUID } from 'node:crypto';
import { screenClass } from '@vigil/core/event/stored';
import type { WireEvent } from '@vigil/core/event/wire';
import { NO_PREVIOUS_VISITOR, type EventDraft, type RequestContext } from './event-draft.ts';
import { pagePath } from './page-path.ts';

const LANGUAGE = /^[a-z]{2,3}$/;
const SUBTAG_SEPARATOR = /[-_]/;

/** 'en-US' -> 'en'; anything that is not a language subtag -> ''. */
export function primaryLanguage(tag: string | undefined): string {
  if (!tag) return '';
  const primary = (tag.split(SUBTAG_SEPARATOR, 1)[0] ?? '').toLowerCase();
  return LANGUAGE.test(primary) ? primary : '';
}

export function draftFromWire(wire: WireEvent, pageUrl: URL, ctx: RequestContext): EventDraft {
  const width = wire.w ?? 0;
  return {
    wire,
    pageUrl,
    site: null,
    previousVisitorId: NO_PREVIOUS_VISITOR,
    event: {
      id: randomUUID(),
      site_id: wire.s,
      ts: ctx.receivedAt,
      name: wire.n,
      visitor_id: '',
      session_id: '',
      hostname: pageUrl.hostname.toLowerCase(),
      page: pagePath(pageUrl),
      title: wire.t ?? '',
      referrer: '',
      source: '',
      channel: 'direct',
      utm_source: '',
      utm_medium: '',
      utm_campaign: '',
      utm_term: '',
      utm_content: '',
      country: '',
      browser: '',
      os: '',
      device: 'desktop',
      screen: screenClass(width),
      screen_width: width,
      language: primaryLanguage(wire.l),
      engaged_ms: wire.e ?? 0,
      scroll_pct: wire.d ?? 0,
      x: wire.x ?? 0,
      y: wire.y ?? 0,
      viewport_width: wire.v ?? 0,
      selector: wire.c ?? '',
      href: wire.h ?? '',
      props: wire.p ? JSON.stringify(wire.p) : '{}',
    },
  };
}
