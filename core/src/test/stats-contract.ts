/**
 * The stats contract every EventStore passes (DuckDB now, ClickHouse later): the fixture goes
 * in, and every endpoint must answer exactly the hand-computed numbers of stats-fixture.ts.
 *
 *   statsContract('duckdb', async () => ({ store, cleanup }))
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { EventStore } from '../store/event-store.ts';
import type { StoredEvent } from '../event/stored.ts';
import type { Dimension } from '../stats/model.ts';
import { previousPeriod } from '../stats/parse.ts';
import { formatFilter, parseFilter } from '../stats/filter.ts';
import {
  EXPECTED_COUNTS, EXPECTED_DAILY, EXPECTED_EVENT_BREAKDOWN, EXPECTED_HOSTNAME_BREAKDOWN, EXPECTED_HOURLY_COUNT,
  EXPECTED_HOURLY_FIRST, EXPECTED_HOURLY_LAST, EXPECTED_HOURLY_NONZERO, EXPECTED_PAGE_BREAKDOWN, EXPECTED_PAGE_BREAKDOWN_US,
  EXPECTED_PREVIOUS_TOTALS, EXPECTED_REALTIME, EXPECTED_SESSION_BREAKDOWNS, EXPECTED_SITE_B_TOTALS,
  EXPECTED_SITE_B_WEIRD_TOTALS, EXPECTED_TOTALS, FIXTURE_EVENTS, RANGE, SITE_A, SITE_B, WEIRD_PAGE, queryA, queryB,
} from './stats-fixture.ts';

export interface OpenedStore {
  store: EventStore;
  cleanup(): Promise<void>;
}

const FAR_FUTURE = Date.parse('2100-01-01T00:00:00Z');
const NO_FILTER_TOTALS = EXPECTED_TOTALS[0]!.totals;

export function statsContract(name: string, open: () => Promise<OpenedStore>): void {
  describe(`stats contract: ${name}`, () => {
    describe('with the fixture loaded', () => {
      let opened: OpenedStore;
      before(async () => {
        opened = await open();
        await opened.store.migrate();
        await opened.store.insert([...FIXTURE_EVENTS]);
      });
      after(async () => opened?.cleanup());

      for (const c of EXPECTED_TOTALS) {
        it(`totals: ${c.name}`, async () => {
          assert.deepEqual(await opened.store.totals(queryA(c.filters)), c.totals);
        });
      }

      it('totals: the previous period is the same length right before', async () => {
        const previous = previousPeriod(queryA());
        assert.deepEqual([previous.from, previous.to], [Date.parse('2026-03-26T00:00:00Z'), RANGE.from]);
        assert.deepEqual(await opened.store.totals(previous), EXPECTED_PREVIOUS_TOTALS);
      });

      it('totals: sites are kept apart', async () => {
        assert.deepEqual(await opened.store.totals(queryB()), EXPECTED_SITE_B_TOTALS);
      });

      it('timeseries: one bucket per local day, DST day included', async () => {
        assert.deepEqual(await opened.store.timeseries(queryA(), 'day'), EXPECTED_DAILY);
      });

      it('timeseries: every local hour of the range, no holes, zeros where empty', async () => {
        const points = await opened.store.timeseries(queryA(), 'hour');
        assert.equal(points.length, EXPECTED_HOURLY_COUNT);
        assert.equal(points[0]!.t, EXPECTED_HOURLY_FIRST);
        assert.equal(points.at(-1)!.t, EXPECTED_HOURLY_LAST);
        const instants = points.map((p) => Date.parse(p.t));
        for (let i = 1; i < instants.length; i++) assert.equal(instants[i]! - instants[i - 1]!, 3_600_000, `gap before ${points[i]!.t}`);
        const nonzero = points.filter((p) => p.visitors || p.visits || p.pageviews);
        assert.deepEqual(nonzero, EXPECTED_HOURLY_NONZERO);
      });

      it('timeseries: a filter applies to buckets too', async () => {
        const points = await opened.store.timeseries(queryA([{ dimension: 'country', op: 'is', values: ['US'] }]), 'day');
        // day 1: S1 (2 pv); day 2: S4 (2 pv) and S5 (1 pv), V1 and V4
        assert.deepEqual(points, [
          { t: '2026-03-28T00:00:00+01:00', visitors: 1, visits: 1, pageviews: 2 },
          { t: '2026-03-29T00:00:00+01:00', visitors: 2, visits: 2, pageviews: 3 },
        ]);
      });

      for (const [dimension, rows] of Object.entries(EXPECTED_SESSION_BREAKDOWNS)) {
        it(`breakdown by ${dimension}`, async () => {
          assert.deepEqual(await opened.store.breakdown(queryA(), dimension as Dimension, 10), rows);
        });
      }

      it('breakdown by page', async () => {
        assert.deepEqual(await opened.store.breakdown(queryA(), 'page', 10), EXPECTED_PAGE_BREAKDOWN);
      });

      it('breakdown by page with a session filter', async () => {
        assert.deepEqual(await opened.store.breakdown(queryA([{ dimension: 'country', op: 'is', values: ['US'] }]), 'page', 10), EXPECTED_PAGE_BREAKDOWN_US);
      });

      it('breakdown by hostname', async () => {
        assert.deepEqual(await opened.store.breakdown(queryA(), 'hostname', 10), EXPECTED_HOSTNAME_BREAKDOWN);
      });

      it('breakdown by event', async () => {
        assert.deepEqual(await opened.store.breakdown(queryA(), 'event', 10), EXPECTED_EVENT_BREAKDOWN);
      });

      it('breakdown: limit keeps the first rows of the order', async () => {
        assert.deepEqual(await opened.store.breakdown(queryA(), 'page', 2), EXPECTED_PAGE_BREAKDOWN.slice(0, 2));
        assert.deepEqual(await opened.store.breakdown(queryA(), 'country', 1), EXPECTED_SESSION_BREAKDOWNS.country!.slice(0, 1));
      });

      for (const c of EXPECTED_REALTIME) {
        it(`realtime: ${c.name}`, async () => {
          assert.deepEqual(await opened.store.realtime(SITE_A, c.now, c.windowMs), c.expected);
        });
      }

      it('countEvents: per site, all sites, and [from, to)', async () => {
        assert.equal(await opened.store.countEvents(SITE_A, 0, FAR_FUTURE), EXPECTED_COUNTS.siteAAll);
        assert.equal(await opened.store.countEvents(SITE_A, RANGE.from, RANGE.to), EXPECTED_COUNTS.siteAInRange);
        assert.equal(await opened.store.countEvents(null, RANGE.from, RANGE.to), EXPECTED_COUNTS.allInRange);
        assert.equal(await opened.store.countEvents(null, 0, FAR_FUTURE), EXPECTED_COUNTS.all);
        // [from, to): S0's first event at 12:00:00 is in, nothing at the excluded end
        assert.equal(await opened.store.countEvents(SITE_A, Date.parse('2026-03-27T12:00:00Z'), Date.parse('2026-03-27T12:00:10Z')), 1);
        assert.equal(await opened.store.countEvents('no-such-site', 0, FAR_FUTURE), 0);
      });

      it('activity: events and distinct visitors of every site with an event in [from, to)', async () => {
        // RANGE: A has S1..S5 = 19 events of V1..V4 (V1 twice); B has SB1, SB2 = 3 events of V6
        assert.deepEqual(await opened.store.activity(RANGE.from, RANGE.to), [
          { site_id: SITE_A, events: 19, visitors: 4 },
          { site_id: SITE_B, events: 3, visitors: 1 },
        ]);
        // S5's three events (20:00:00 to 20:01:00Z) of V4, end excluded: the Download at 20:01:00 is out
        assert.deepEqual(await opened.store.activity(Date.parse('2026-03-29T19:00:00Z'), Date.parse('2026-03-29T20:01:00Z')), [
          { site_id: SITE_A, events: 2, visitors: 1 },
        ]);
        assert.deepEqual(await opened.store.activity(FAR_FUTURE - 1000, FAR_FUTURE), []);
      });

      it('a filter value full of quotes, backslashes, separators, SQL, NUL and unicode matches only itself', async () => {
        const text = formatFilter([{ dimension: 'page', op: 'is', values: [WEIRD_PAGE] }]);
        const parsed = parseFilter(text);
        assert.deepEqual(parsed, [{ dimension: 'page', op: 'is', values: [WEIRD_PAGE] }]);
        assert.deepEqual(await opened.store.totals(queryB(parsed)), EXPECTED_SITE_B_WEIRD_TOTALS);
        const pages = await opened.store.breakdown(queryB(), 'page', 10);
        assert.deepEqual(pages.map((p) => p.value).sort(), ['/', WEIRD_PAGE].sort());
        for (const near of [WEIRD_PAGE.slice(0, -2), WEIRD_PAGE.replace('\0', ''), `${WEIRD_PAGE} `, WEIRD_PAGE.replaceAll("''", "'")]) {
          assert.equal((await opened.store.totals(queryB([{ dimension: 'page', op: 'is', values: [near] }]))).visits, 0, JSON.stringify(near));
        }
        // and the store still holds everything (no statement was injected)
        assert.equal(await opened.store.countEvents(null, 0, FAR_FUTURE), EXPECTED_COUNTS.all);
      });
    });

    it('re-inserting a batch does not double count', async () => {
      const { store, cleanup } = await open();
      try {
        await store.migrate();
        await store.insert([...FIXTURE_EVENTS]);
        await store.insert([...FIXTURE_EVENTS]);
        await store.insert(FIXTURE_EVENTS.slice(5, 12));
        // a batch holding the same event twice counts it once
        await store.insert([FIXTURE_EVENTS[3]!, FIXTURE_EVENTS[3]!]);
        assert.deepEqual(await store.totals(queryA()), NO_FILTER_TOTALS);
        assert.deepEqual(await store.breakdown(queryA(), 'entry_page', 10), EXPECTED_SESSION_BREAKDOWNS.entry_page);
        assert.equal(await store.countEvents(null, 0, FAR_FUTURE), EXPECTED_COUNTS.all);
      } finally {
        await cleanup();
      }
    });

    it('a session split across insert calls, late half first, gives the same numbers', async () => {
      const { store, cleanup } = await open();
      try {
        await store.migrate();
        const odd = FIXTURE_EVENTS.filter((_, i) => i % 2 === 1);
        const even = FIXTURE_EVENTS.filter((_, i) => i % 2 === 0);
        const late: StoredEvent[] = [...odd].reverse();
        await store.insert(late);
        await store.insert(even);
        assert.deepEqual(await store.totals(queryA()), NO_FILTER_TOTALS);
        for (const by of ['entry_page', 'exit_page', 'source', 'country'] as const) {
          assert.deepEqual(await store.breakdown(queryA(), by, 10), EXPECTED_SESSION_BREAKDOWNS[by], by);
        }
        assert.deepEqual(await store.timeseries(queryA(), 'day'), EXPECTED_DAILY);
      } finally {
        await cleanup();
      }
    });

    it('deleteSite removes that site only', async () => {
      const { store, cleanup } = await open();
      try {
        await store.migrate();
        await store.insert([...FIXTURE_EVENTS]);
        await store.deleteSite(SITE_B);
        assert.equal(await store.countEvents(SITE_B, 0, FAR_FUTURE), 0);
        assert.equal((await store.totals(queryB())).visits, 0);
        assert.equal(await store.countEvents(null, 0, FAR_FUTURE), EXPECTED_COUNTS.siteAAll);
        assert.deepEqual(await store.totals(queryA()), NO_FILTER_TOTALS);
        await store.deleteSite(SITE_A);
        assert.equal(await store.countEvents(null, 0, FAR_FUTURE), 0);
        assert.deepEqual(await store.breakdown(queryA(), 'source', 10), []);
        // a deleted site's events can be written again
        await store.insert([...FIXTURE_EVENTS]);
        assert.deepEqual(await store.totals(queryA()), NO_FILTER_TOTALS);
      } finally {
        await cleanup();
      }
    });
  });
}
