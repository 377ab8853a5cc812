/**
 * The contract every SessionStore meets, run against each implementation by
 * core/test/session-store*.test.ts: get/put, the 30-minute expiry, getOrCreate joining a live
 * session, copies, size, and, for shared stores, two instances (two ingest processes) seeing one
 * session per visitor even when they race to open it.
 *
 * Times are relative to the harness's `now()`: a fixed instant with an injected clock for memory,
 * the wall clock for Redis, whose keys expire by its own clock.
 */
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { SESSION_TIMEOUT_MS, type SessionRecord, type SessionStore } from '../session/session-store.ts';

export interface SessionStoreHarness {
  name: string;
  /** a new store instance; instances of one harness share sessions when `shared` */
  open(): Promise<SessionStore>;
  shared: boolean;
  /** the current time as the store sees it */
  now(): number;
  skip?: string | false;
}

const MINUTE = 60_000;

export function sessionRecord(visitor: string, lastSeen: number, id = `s-${visitor}`): SessionRecord {
  return {
    session_id: id,
    visitor_id: visitor,
    started_at: lastSeen - MINUTE,
    last_seen: lastSeen,
    dims: {
      referrer: 'https://www.google.com/', source: 'Google', channel: 'search', utm_source: '', utm_medium: '',
      utm_campaign: 'spring', utm_term: '', utm_content: '', country: 'DE', browser: 'Firefox', os: 'Linux',
      device: 'desktop', screen: 'desktop', screen_width: 1920, language: 'de',
    },
  };
}

export function sessionStoreContract(h: SessionStoreHarness): void {
  describe(`SessionStore contract: ${h.name}`, { skip: h.skip ?? false }, () => {
    const opened: SessionStore[] = [];
    async function open(): Promise<SessionStore> {
      const store = await h.open();
      opened.push(store);
      return store;
    }
    after(async () => {
      await Promise.all(opened.map((s) => s.close()));
    });
    // shared stores keep state between tests: each test works on sites of its own
    let seq = 0;
    const fresh = (label: string) => `${label}-${++seq}`;

    test('put then get returns the same record, per site and per visitor', async () => {
      const site1 = fresh('site1');
      const site2 = fresh('site2');
      const site3 = fresh('site3');
      const store = await open();
      const now = h.now();
      await store.put(site1, sessionRecord('v1', now, 'a'));
      await store.put(site2, sessionRecord('v1', now, 'b'));
      assert.deepEqual(await store.get(site1, 'v1', now), sessionRecord('v1', now, 'a'));
      assert.equal((await store.get(site2, 'v1', now))?.session_id, 'b');
      assert.equal(await store.get(site1, 'v2', now), null);
      assert.equal(await store.get(site3, 'v1', now), null);
    });

    test('a session lives until 30 minutes after its last event', async () => {
      const site1 = fresh('site1');
      const store = await open();
      const now = h.now();
      await store.put(site1, sessionRecord('idle29', now - 29 * MINUTE));
      await store.put(site1, sessionRecord('idle31', now - 31 * MINUTE));
      assert.equal((await store.get(site1, 'idle29', now))?.session_id, 's-idle29');
      assert.equal(await store.get(site1, 'idle31', now), null);
      const lastSeen = now - 29 * MINUTE;
      assert.ok(await store.get(site1, 'idle29', lastSeen + SESSION_TIMEOUT_MS - 1));
      assert.equal(await store.get(site1, 'idle29', lastSeen + SESSION_TIMEOUT_MS), null);
    });

    test('a put with a later last_seen extends the session', async () => {
      const site1 = fresh('site1');
      const store = await open();
      const now = h.now();
      await store.put(site1, sessionRecord('v1', now - 29 * MINUTE));
      await store.put(site1, { ...sessionRecord('v1', now - 29 * MINUTE), last_seen: now });
      const got = await store.get(site1, 'v1', now + 20 * MINUTE);
      assert.equal(got?.session_id, 's-v1');
      assert.equal(got?.last_seen, now);
    });

    test('getOrCreate opens a session when there is none, and joins the live one when there is', async () => {
      const site1 = fresh('site1');
      const store = await open();
      const now = h.now();
      const opened1 = await store.getOrCreate(site1, sessionRecord('v1', now, 'first'), now);
      assert.equal(opened1.session_id, 'first');
      assert.equal((await store.get(site1, 'v1', now))?.session_id, 'first');
      const joined = await store.getOrCreate(site1, sessionRecord('v1', now + MINUTE, 'second'), now + MINUTE);
      assert.equal(joined.session_id, 'first');
      assert.deepEqual(joined.dims, sessionRecord('v1', now).dims);
    });

    test('getOrCreate replaces a session that has ended', async () => {
      const site1 = fresh('site1');
      const store = await open();
      const now = h.now();
      await store.put(site1, sessionRecord('v1', now - 29 * MINUTE, 'old'));
      // at `now` the old session is live; a minute and a half later it has ended
      const later = now + 90_000;
      const got = await store.getOrCreate(site1, sessionRecord('v1', later, 'new'), later);
      assert.equal(got.session_id, 'new');
      assert.equal((await store.get(site1, 'v1', later))?.session_id, 'new');
    });

    test('a returned record is a copy: changing it does not change the store', async () => {
      const site1 = fresh('site1');
      const store = await open();
      const now = h.now();
      await store.put(site1, sessionRecord('v1', now));
      const got = await store.get(site1, 'v1', now);
      assert.ok(got);
      got.dims.country = 'FR';
      got.last_seen = 0;
      const again = await store.get(site1, 'v1', now);
      assert.equal(again?.dims.country, 'DE');
      assert.equal(again?.last_seen, now);
    });

    test('size counts the live sessions', async () => {
      const sizeSite = fresh('size-site');
      const store = await open();
      const now = h.now();
      const before = await store.size();
      await store.put(sizeSite, sessionRecord('a', now));
      await store.put(sizeSite, sessionRecord('b', now - 10 * MINUTE));
      await store.put(sizeSite, sessionRecord('ended', now - 40 * MINUTE));
      assert.equal(await store.size(), before + 2);
    });

    test('concurrent getOrCreate calls for one visitor agree on one session', async () => {
      const raceSite = fresh('race-site');
      const [a, b] = h.shared ? [await open(), await open()] : [await open(), undefined];
      const other = b ?? a;
      const now = h.now();
      const visitors = Array.from({ length: 25 }, (_, i) => `race-${i}`);
      const results = await Promise.all(
        visitors.flatMap((v) => [
          a.getOrCreate(raceSite, sessionRecord(v, now, `${v}-from-a`), now),
          other.getOrCreate(raceSite, sessionRecord(v, now, `${v}-from-b`), now),
        ]),
      );
      for (let i = 0; i < visitors.length; i++) {
        const [fromA, fromB] = [results[2 * i], results[2 * i + 1]];
        assert.equal(fromA?.session_id, fromB?.session_id, `visitor ${visitors[i]} got two sessions`);
        assert.equal((await other.get(raceSite, visitors[i] ?? '', now))?.session_id, fromA?.session_id);
      }
    });

    if (h.shared) {
      test('two store instances share sessions', async () => {
      const site1 = fresh('site1');
        const ingest1 = await open();
        const ingest2 = await open();
        const now = h.now();
        await ingest1.put(site1, sessionRecord('shared-v', now, 'one'));
        assert.equal((await ingest2.get(site1, 'shared-v', now))?.session_id, 'one');
        await ingest2.put(site1, { ...sessionRecord('shared-v', now, 'one'), last_seen: now + MINUTE });
        assert.equal((await ingest1.get(site1, 'shared-v', now + MINUTE))?.last_seen, now + MINUTE);
      });
    }
  });
}
