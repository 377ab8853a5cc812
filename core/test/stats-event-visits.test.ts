/**
 * The event breakdown reads the event_visits rollup (event-visits.ts) and rebuilds only the rows
 * crossing a range edge from events. It must answer exactly what the plain GROUP BY over custom
 * events answers, with edges cutting through sessions and with session filters.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isCustomEvent, type StoredEvent } from '../src/event/stored.ts';
import type { Filter, StatsQuery } from '../src/stats/model.ts';
import { generateEvents } from '../src/test/generate-events.ts';
import { rollupAndPlainBreakdowns } from '../src/test/rollup-vs-plain.ts';

const HOUR = 3_600_000;

describe('event breakdown from the event_visits rollup', () => {
  it('equals the plain GROUP BY over events when the edges cut sessions, with and without session filters', async () => {
    const end = Date.parse('2026-04-10T00:00:00Z');
    const batches = [...generateEvents({ count: 12_000, sites: 2, bigSiteShare: 0.8, days: 2, end, seed: 23, batchSize: 1_700 })];
    const events = batches.flat();
    // A session whose visitor id changes midway (the daily salt rotates) keeps both visitors.
    const rotated = events.find((e) => e.site_id === 'site-0' && isCustomEvent(e.name));
    assert.ok(rotated, 'the generated traffic has custom events');
    const late = { ...rotated, id: '00000000-0000-4000-8000-00000000abcd', ts: rotated.ts + 60_000, visitor_id: 'fedcba9876543210' };
    const from = end - 37 * HOUR + 11 * 60_000 + 17_000;
    const to = end - 5 * HOUR - 23_000;
    // Repeats of custom events just inside each edge, 40 minutes across it: rows crossing the edges.
    const near = (lo: number, hi: number) => events.filter((e) => e.site_id === 'site-0' && isCustomEvent(e.name) && e.ts >= lo && e.ts < hi).slice(0, 3);
    const repeats = [...near(from, from + HOUR).map((e) => ({ ...e, ts: e.ts - 40 * 60_000 })), ...near(to - HOUR, to).map((e) => ({ ...e, ts: e.ts + 40 * 60_000 }))]
      .map((e, i) => ({ ...e, id: `00000000-0000-4000-8000-${(0xe000 + i).toString(16).padStart(12, '0')}` }));
    // Batches arrive out of order, the late events in batches of their own.
    const order = [...batches.slice(3), ...batches.slice(0, 3), [late], repeats];
    const crossing = new Set<string>();
    const sides = new Map<string, { inside: boolean; outside: boolean }>();
    for (const e of [...events, late, ...repeats]) {
      if (e.site_id !== 'site-0' || !isCustomEvent(e.name)) continue;
      const key = `${e.session_id} ${e.name} ${e.visitor_id}`;
      const s = sides.get(key) ?? { inside: false, outside: false };
      if (e.ts >= from && e.ts < to) s.inside = true;
      else s.outside = true;
      sides.set(key, s);
      if (s.inside && s.outside) crossing.add(key);
    }
    assert.ok(crossing.size >= 2, `the edges cut ${crossing.size} event rows`);

    const q = (filters: Filter[] = [], range = { from, to }): StatsQuery => ({ siteId: 'site-0', timezone: 'UTC', ...range, filters });
    const us = [{ dimension: 'country', op: 'is', values: ['US'] }] satisfies Filter[];
    const entry = [{ dimension: 'entry_page', op: 'is_not', values: ['/'] }] satisfies Filter[];
    const queries = [q(), q(us), q(entry), q([], { from: rotated.ts - 1, to: rotated.ts + 2 * 60_000 }), q([], { from: end - 30 * 24 * HOUR, to: end + HOUR })];

    const { fast, plain } = await rollupAndPlainBreakdowns(order, 'event', 'event_visits', queries.map((q) => ({ q, limit: 50 })));
    for (const [i, query] of queries.entries()) {
      assert.ok(plain[i]!.length > 0, `query ${i} has custom events`);
      assert.deepEqual(fast[i], plain[i], `query ${i}: ${JSON.stringify(query)}`);
    }
    // The rotated session shows both of its visitors in the short range around it.
    const around = fast[3]?.find((r) => r.value === rotated.name);
    assert.ok(around && around.visitors >= 2, `${rotated.name} around the rotated session has ${around?.visitors} visitors`);
  });
});
