import { describe, test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { SaltKeeper, visitorId } from '@vigil/core/privacy/salts';
import { dayOfVisitorId } from '@vigil/core/privacy/visitor-day';
import { MemorySessionStore } from '@vigil/core/session/memory-session-store';
import type { StoredEvent } from '@vigil/core/event/stored';
import type { SessionStore } from '@vigil/core/session/session-store';
import type { WireEvent } from '@vigil/core/event/wire';
import { visitorIdStep } from '../../src/pipeline/steps/visitor-id.ts';
import { sourceChannelStep } from '../../src/pipeline/steps/source-channel.ts';
import { sessionStep } from '../../src/pipeline/steps/session.ts';
import { isDropped } from '../../src/pipeline/drop-reason.ts';
import type { EventStep } from '../../src/pipeline/event-draft.ts';
import { draftOf, requestContext } from '../support/drafts.ts';
import { tempConfigStore } from '../support/config-store.ts';

const MIN = 60_000;
let store: Awaited<ReturnType<typeof tempConfigStore>>;
let sessions: MemorySessionStore;
let salts: SaltKeeper;
let steps: EventStep[];

/**
 * The step answers in-process sessions synchronously and shared ones (Redis) through the async
 * interface; every behaviour below holds on both paths.
 */
const PATHS = {
  'in-process sessions, synchronous path': (store: MemorySessionStore): SessionStore => store,
  'the async SessionStore interface (as with Redis)': (store: MemorySessionStore): SessionStore => ({
    get: (siteId, visitorId, now) => store.get(siteId, visitorId, now),
    put: (siteId, record) => store.put(siteId, record),
    getOrCreate: (siteId, candidate, now) => store.getOrCreate(siteId, candidate, now),
    size: () => store.size(),
    close: () => store.close(),
  }),
};

for (const [path, viaPath] of Object.entries(PATHS)) {
  describe(`session step: ${path}`, () => {
    beforeEach(async () => {
      store = await tempConfigStore();
      sessions = new MemorySessionStore();
      salts = new SaltKeeper(store.salts);
      steps = [visitorIdStep(salts), sourceChannelStep(), sessionStep(viaPath(sessions))];
    });
    afterEach(async () => {
      await sessions.close();
      await store.dispose();
    });

    /** One event through visitor id -> source/channel -> session, at time `at`, from `ip`. */
    async function track(at: number, wire: Partial<WireEvent> = {}, ip = '198.51.100.20'): Promise<StoredEvent> {
      const ctx = requestContext({ receivedAt: at, ip });
      let draft = draftOf(wire, ctx);
      for (const step of steps) {
        const out = await step.run(draft, ctx);
        assert.ok(!isDropped(out));
        draft = out;
      }
      return draft.event;
    }

    test('a visit from 23:50 UTC to 00:10 the next day stays one session and one visitor', async () => {
      const before = await track(Date.UTC(2025, 3, 14, 23, 50));
      const after = await track(Date.UTC(2025, 3, 15, 0, 10));
      assert.equal(after.session_id, before.session_id);
      assert.equal(after.visitor_id, before.visitor_id);
      const later = await track(Date.UTC(2025, 3, 15, 0, 30));
      assert.equal(later.session_id, before.session_id, 'and it goes on under yesterday\'s id');
      assert.equal(later.visitor_id, before.visitor_id);
      assert.equal(dayOfVisitorId(later.visitor_id), Math.floor(Date.UTC(2025, 3, 14) / 86_400_000), 'the day the visit started');
    });

    test('a new visitor after midnight gets the new day\'s id', async () => {
      await track(Date.UTC(2025, 3, 14, 23, 50));
      const at = Date.UTC(2025, 3, 15, 0, 10);
      const newcomer = await track(at, {}, '198.51.100.99');
      const { current, day } = await salts.saltsFor(at);
      assert.equal(newcomer.visitor_id, visitorId(current, day, 'site1', '198.51.100.99', requestContext().userAgent));
    });

    test('29 minutes of silence continue the session; 31 minutes open a new one', async () => {
      const start = Date.UTC(2025, 3, 14, 10);
      const first = await track(start);
      const second = await track(start + 29 * MIN);
      assert.equal(second.session_id, first.session_id);
      const third = await track(start + 29 * MIN + 31 * MIN);
      assert.notEqual(third.session_id, first.session_id);
      assert.match(third.session_id, /^[0-9a-f]{16}$/);
      assert.equal(third.visitor_id, first.visitor_id, 'same visitor, new visit');
    });

    test('every event of a session carries the dimensions of its first event', async () => {
      const start = Date.UTC(2025, 3, 14, 10);
      const landing = await track(start, { u: 'https://example.com/?utm_campaign=launch', r: 'https://www.google.com/', w: 390, l: 'de-DE' });
      const next = await track(start + MIN, { u: 'https://example.com/pricing', r: 'https://t.co/abc', w: 1920, l: 'en-US' });
      assert.equal(next.session_id, landing.session_id);
      assert.deepEqual(
        [next.source, next.channel, next.referrer, next.utm_campaign, next.screen, next.screen_width, next.language],
        ['Google', 'search', 'https://www.google.com/', 'launch', 'mobile', 390, 'de'],
      );
      assert.equal(next.page, '/pricing', 'the page is still the event\'s own');
    });

    test('events arriving together share one session', async () => {
      // now, because size() counts the sessions live at the store's clock
      const at = Date.now();
      const events = await Promise.all([track(at), track(at, { n: 'engagement', e: 5000 }), track(at, { n: 'click', x: 1, y: 2 })]);
      assert.equal(new Set(events.map((e) => e.session_id)).size, 1);
      assert.equal(await sessions.size(), 1);
    });
  });
}
