import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemorySessionStore } from '../src/session/memory-session-store.ts';
import { SESSION_TIMEOUT_MS, type SessionRecord } from '../src/session/session-store.ts';

const T0 = Date.UTC(2025, 0, 1, 12);

function session(visitor: string, lastSeen: number, id = `s-${visitor}`): SessionRecord {
  return {
    session_id: id,
    visitor_id: visitor,
    started_at: lastSeen,
    last_seen: lastSeen,
    dims: {
      referrer: '', source: 'Google', channel: 'search', utm_source: '', utm_medium: '', utm_campaign: '', utm_term: '',
      utm_content: '', country: 'DE', browser: 'Firefox', os: 'Linux', device: 'desktop', screen: 'desktop',
      screen_width: 1920, language: 'de',
    },
  };
}

test('a session lives until 30 minutes after its last event', async () => {
  const store = new MemorySessionStore({ clock: () => T0 });
  await store.put('site1', session('v1', T0));
  assert.equal((await store.get('site1', 'v1', T0 + SESSION_TIMEOUT_MS - 1))?.session_id, 's-v1');
  assert.equal(await store.get('site1', 'v1', T0 + SESSION_TIMEOUT_MS), null);
  // a put with a later last_seen extends it
  await store.put('site1', { ...session('v1', T0), last_seen: T0 + 20 * 60_000 });
  assert.equal((await store.get('site1', 'v1', T0 + 45 * 60_000))?.session_id, 's-v1');
  await store.close();
});

test('sessions are per site and per visitor', async () => {
  const store = new MemorySessionStore({ clock: () => T0 });
  await store.put('site1', session('v1', T0, 'a'));
  await store.put('site2', session('v1', T0, 'b'));
  assert.equal((await store.get('site1', 'v1', T0))?.session_id, 'a');
  assert.equal((await store.get('site2', 'v1', T0))?.session_id, 'b');
  assert.equal(await store.get('site1', 'v2', T0), null);
  await store.close();
});

test('a returned record is a copy: changing it does not change the store', async () => {
  const store = new MemorySessionStore({ clock: () => T0 });
  await store.put('site1', session('v1', T0));
  const got = await store.get('site1', 'v1', T0);
  assert.ok(got);
  got.dims.country = 'FR';
  got.last_seen = 0;
  const again = await store.get('site1', 'v1', T0);
  assert.equal(again?.dims.country, 'DE');
  assert.equal(again?.last_seen, T0);
  await store.close();
});

test('size counts live sessions; the sweep removes expired ones', async () => {
  let now = T0;
  const store = new MemorySessionStore({ clock: () => now });
  await store.put('site1', session('old', T0 - 40 * 60_000));
  await store.put('site1', session('recent', T0 - 10 * 60_000));
  await store.put('site1', session('fresh', T0));
  assert.equal(await store.size(), 2);
  now = T0 + 25 * 60_000;
  assert.equal(store.sweep(), 1, 'the 10-minute-old session has now been idle 35 minutes');
  assert.equal(await store.size(), 1);
  await store.close();
});

test('over the size bound, the least recently active session is evicted first', async () => {
  const store = new MemorySessionStore({ maxSessions: 3, clock: () => T0 });
  for (const v of ['a', 'b', 'c']) await store.put('site1', session(v, T0));
  await store.put('site1', session('a', T0)); // 'a' is active again: 'b' is now the oldest
  await store.put('site1', session('d', T0));
  assert.equal(await store.size(), 3);
  assert.equal(await store.get('site1', 'b', T0), null);
  for (const v of ['a', 'c', 'd']) assert.ok(await store.get('site1', v, T0), v);
  await store.close();
});

test('the periodic sweep runs on its own', async () => {
  let now = T0;
  const store = new MemorySessionStore({ clock: () => now, sweepEveryMs: 20 });
  await store.put('site1', session('v1', T0));
  now = T0 + SESSION_TIMEOUT_MS + 1;
  await new Promise((r) => setTimeout(r, 60));
  // sweep() reports 0: the timer already removed the session
  assert.equal(store.sweep(), 0);
  assert.equal(await store.size(), 0);
  await store.close();
});

test('sessions extended by their events without moving still expire and stay live exactly on time', async () => {
  let now = T0;
  const store = new MemorySessionStore({ clock: () => now, sweepEveryMs: 3_600_000 });
  const open = (v: string) => () => session(v, now);
  // 'steady' sends an event every 20 s for an hour (mostly within a minute of its place in the
  // expiry order); 'once' sends one event at the start; others arrive every 10 s
  const first = store.sessionAt('site1', 'steady', () => null, now, open('steady'));
  store.sessionAt('site1', 'once', () => null, now, open('once'));
  for (let s = 10; s <= 3600; s += 10) {
    now = T0 + s * 1000;
    if (s % 20 === 0) assert.equal(store.sessionAt('site1', 'steady', () => null, now, open('steady')).session_id, first.session_id, `steady at ${s} s`);
    store.sessionAt('site1', `v${s}`, () => null, now, open(`v${s}`));
    store.sweep();
  }
  assert.equal(await store.get('site1', 'once', now), null);
  assert.equal((await store.get('site1', 'steady', now))?.last_seen, now);
  // visitors of the last 30 minutes are live, older ones are gone
  assert.ok(await store.get('site1', `v${3600 - 29 * 60}`, now));
  assert.equal(await store.get('site1', `v${3600 - 31 * 60}`, now), null);
  assert.equal(await store.size(), 1 + 180, 'steady and the visitors of the last 30 minutes (10 s apart)');
  await store.close();
});

test("yesterday's id is asked for only when today's id has no live session, and continues its visit", () => {
  let now = T0;
  const store = new MemorySessionStore({ clock: () => now });
  let asked = 0;
  const yesterday = () => {
    asked++;
    return 'v-yesterday';
  };
  const opened = store.sessionAt('site1', 'v-yesterday', () => null, now, () => session('v-yesterday', now, 'visit-1'));
  now += 60_000;
  // after midnight: no session under today's id yet, so yesterday's is asked for, and its visit goes on
  const continued = store.sessionAt('site1', 'v-today', yesterday, now, () => session('v-today', now, 'visit-2'));
  assert.equal(continued.session_id, opened.session_id);
  assert.equal(asked, 1);
  // a visitor with a live session under today's id never needs yesterday's
  store.sessionAt('site1', 'v-new', () => null, now, () => session('v-new', now, 'visit-3'));
  for (let i = 0; i < 5; i++) assert.equal(store.sessionAt('site1', 'v-new', yesterday, now + i, () => session('v-new', now, 'x')).session_id, 'visit-3');
  assert.equal(asked, 1);
  void store.close();
});
