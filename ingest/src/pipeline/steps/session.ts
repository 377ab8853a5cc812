/**
 * Step 8, session: continue the visitor's live session, or open one whose dimensions are this
 * event's. A visit running across 00:00 UTC arrives with a new visitor id (new day, new salt);
 * it finds its session under yesterday's id and keeps that id, so the visit stays one visitor.
 */
import type { StoredEvent } from '@vigil/core/event/stored';
import { isLocalSessionStore, type SessionDimensions, type SessionRecord, type SessionStore } from '@vigil/core/session/session-store';
import { KeyedSerializer } from '../keyed-serializer.ts';
import { randomHex } from '../random-hex.ts';
import type { EventDraft, EventStep } from '../event-draft.ts';

export function sessionDimensions(e: StoredEvent): SessionDimensions {
  return {
    referrer: e.referrer, source: e.source, channel: e.channel,
    utm_source: e.utm_source, utm_medium: e.utm_medium, utm_campaign: e.utm_campaign,
    utm_term: e.utm_term, utm_content: e.utm_content,
    country: e.country, browser: e.browser, os: e.os, device: e.device,
    screen: e.screen, screen_width: e.screen_width, language: e.language,
  };
}

function stamp(draft: EventDraft, session: Readonly<SessionRecord>): EventDraft {
  Object.assign(draft.event, session.dims);
  draft.event.session_id = session.session_id;
  draft.event.visitor_id = session.visitor_id;
  return draft;
}

function opened(draft: EventDraft): SessionRecord {
  const { visitor_id: visitorId, ts: now } = draft.event;
  return { session_id: randomHex(8), visitor_id: visitorId, started_at: now, last_seen: now, dims: sessionDimensions(draft.event) };
}

export function sessionStep(sessions: SessionStore): EventStep {
  // In-process sessions answer at once: no promise, and nothing can interleave to need a queue.
  if (isLocalSessionStore(sessions)) {
    return {
      name: 'session',
      run(draft) {
        const { site_id: siteId, visitor_id: visitorId, ts: now } = draft.event;
        const session = sessions.sessionAt(siteId, visitorId, draft.previousVisitorId, now, () => {
          draft.opensVisit = true;
          return opened(draft);
        });
        return stamp(draft, session);
      },
    };
  }
  const serializer = new KeyedSerializer();
  const previousSession = (siteId: string, previous: string | null, now: number) => (previous ? sessions.get(siteId, previous, now) : null);
  return {
    name: 'session',
    run(draft) {
      const { site_id: siteId, visitor_id: visitorId, ts: now } = draft.event;
      return serializer.run(`${siteId}\n${visitorId}`, async () => {
        const live =
          (await sessions.get(siteId, visitorId, now)) ??
          (await previousSession(siteId, draft.previousVisitorId(), now));
        let session: SessionRecord;
        if (live) {
          session = { ...live, last_seen: Math.max(live.last_seen, now) };
          await sessions.put(siteId, session);
        } else {
          // Atomic open-or-join: another ingest process may be opening this visitor's session
          // at the same moment; both end up with the one that was stored first.
          const candidate = opened(draft);
          session = await sessions.getOrCreate(siteId, candidate, now);
          // another process may have opened it first: then this event joined a visit
          draft.opensVisit = session.session_id === candidate.session_id;
        }
        return stamp(draft, session);
      });
    },
  };
}
