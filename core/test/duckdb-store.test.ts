import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileTempDir, TEST_DUCKDB_SETTINGS } from '../src/test/temp-dir.ts';
import { DuckDBInstance } from '@duckdb/node-api';
import { openDuckDbStore } from '../src/store/duckdb/duckdb-store.ts';
import { openDuckDbStoreThread } from '../src/store/duckdb/thread/store-thread.ts';
import { SCHEMA_VERSION, type UpgradeNotice } from '../src/store/duckdb/schema.ts';
import { num, str, strList, tsMs } from '../src/store/duckdb/duckdb-literal.ts';
import { InvalidEventError } from '../src/store/duckdb/stage-writer.ts';
import { generateEvents } from '../src/test/generate-events.ts';
import { assertInvalidBatchRefused } from '../src/test/invalid-batch.ts';
import { isCustomEvent, type StoredEvent } from '../src/event/stored.ts';
import { FIXTURE_EVENTS, EXPECTED_TOTALS, queryA } from '../src/test/stats-fixture.ts';
import type { BreakdownRow, Filter } from '../src/stats/model.ts';
import { round1 } from '../src/stats/round.ts';
import { bucketStarts } from '../src/time/zone.ts';

const inDir = fileTempDir('vigil-duckdb-store-');
const open = (name: string) => openDuckDbStore({ path: inDir(name), ...TEST_DUCKDB_SETTINGS });

describe('duckdb store', () => {
  it('a batch with an invalid event is refused whole, with a clear error', async () => {
    const store = await open('invalid.duckdb');
    try {
      await assert.rejects(store.insert([{ ...FIXTURE_EVENTS[0]!, x: 1.5 }]), InvalidEventError, 'the class itself, in the calling thread');
      await assertInvalidBatchRefused(store);
    } finally {
      await store.close();
    }
  });

  it('keeps its data across close and reopen, and migrate is idempotent', async () => {
    const first = await open('reopen.duckdb');
    await first.insert([...FIXTURE_EVENTS]);
    await first.close();
    const second = await open('reopen.duckdb');
    try {
      await second.migrate();
      await second.migrate();
      assert.deepEqual(await second.totals(queryA()), EXPECTED_TOTALS[0]!.totals);
      await assert.rejects(first.totals(queryA()), /closed/);
    } finally {
      await second.close();
    }
  });

  it('refuses bad options', async () => {
    await assert.rejects(openDuckDbStore({ path: ':memory:', memoryLimit: "1GB'; DROP" }), /memoryLimit/);
    await assert.rejects(openDuckDbStore({ path: ':memory:', memoryLimit: '1GB', threads: 0 }), /threads/);
    await assert.rejects(openDuckDbStore({ path: ':memory:', memoryLimit: '1GB', writeThreads: 1.5 }), /writeThreads/);
  });

  it('stats queries run while inserts lower and raise DuckDB\'s threads: every one answers, and counts only grow', async () => {
    const end = Date.parse('2026-02-01T00:00:00Z');
    const store = await open('concurrent.duckdb');
    try {
      const batches = [...generateEvents({ count: 8_000, sites: 2, bigSiteShare: 0.7, days: 1, end, seed: 5, batchSize: 500 })];
      const total = batches.reduce((n, b) => n + b.length, 0);
      let inserting = true;
      const seen: number[] = [];
      const reading = (async () => {
        while (inserting) seen.push(await store.countEvents(null, end - 2 * 86_400_000, end + 86_400_000));
      })();
      for (const batch of batches) await store.insert(batch);
      inserting = false;
      await reading;
      assert.ok(seen.length > 0, 'no query ran during the inserts');
      for (let i = 1; i < seen.length; i++) assert.ok(seen[i]! >= seen[i - 1]!, `counts went back: ${seen[i - 1]} then ${seen[i]}`);
      assert.ok(seen.every((n) => n % 1 === 0 && n <= total));
      assert.equal(await store.countEvents(null, end - 2 * 86_400_000, end + 86_400_000), total);
    } finally {
      await store.close();
    }
  });

  it('sessions split across many batches match a reference computed from the raw events', async () => {
    const end = Date.parse('2026-02-01T00:00:00Z');
    const events: StoredEvent[] = [];
    const store = await openDuckDbStore({ path: ':memory:', memoryLimit: '256MB' });
    try {
      // Odd batch sizes cut most sessions in two; every batch is inserted twice.
      for (const batch of generateEvents({ count: 12_000, sites: 3, bigSiteShare: 0.6, days: 3, end, seed: 11, batchSize: 997 })) {
        events.push(...batch);
        await store.insert(batch);
        await store.insert(batch.slice(0, 100));
      }
      const q = { siteId: 'site-0', timezone: 'UTC', from: end - 3 * 86_400_000, to: end, filters: [] };
      const mine = events.filter((e) => e.site_id === 'site-0');
      const sessions = new Map<string, StoredEvent[]>();
      for (const e of mine) sessions.set(e.session_id, [...(sessions.get(e.session_id) ?? []), e]);
      const started = [...sessions.values()].filter((s) => Math.min(...s.map((e) => e.ts)) >= q.from);
      const pageviews = (s: StoredEvent[]) => s.filter((e) => e.name === 'pageview').length;
      const totals = await store.totals(q);
      assert.equal(totals.visits, started.length);
      assert.equal(totals.visitors, new Set(started.map((s) => s[0]!.visitor_id)).size);
      assert.equal(totals.pageviews, mine.filter((e) => e.name === 'pageview' && e.ts >= q.from).length);
      assert.equal(totals.events, mine.filter((e) => isCustomEvent(e.name) && e.ts >= q.from).length);
      const bounces = started.filter((s) => pageviews(s) <= 1).length;
      assert.equal(totals.bounce_rate, Math.round((1000 * bounces) / started.length) / 10);
      const entries = new Map<string, number>();
      for (const s of started) {
        const first = s.filter((e) => e.name === 'pageview').sort((a, b) => a.ts - b.ts || (a.page < b.page ? -1 : 1))[0];
        const page = first?.page ?? '';
        entries.set(page, (entries.get(page) ?? 0) + 1);
      }
      const rows = await store.breakdown(q, 'entry_page', 1000);
      assert.deepEqual(new Map(rows.map((r) => [r.value, r.visits])), entries);
    } finally {
      await store.close();
    }
  });
});

interface Pair { visitor: string; views: number; engaged: number; reports: number; maxScroll: number; inside: number; outside: number }

/** The (session, page) pairs of a range, straight from the raw events. */
function rawPairs(events: readonly StoredEvent[], from: number, to: number): Map<string, Pair & { page: string }> {
  const pairs = new Map<string, Pair & { page: string }>();
  for (const e of events) {
    if (e.name !== 'pageview' && e.name !== 'engagement') continue;
    const key = `${e.session_id} ${e.page}`;
    const p = pairs.get(key) ?? { page: e.page, visitor: '', views: 0, engaged: 0, reports: 0, maxScroll: -1, inside: 0, outside: 0 };
    pairs.set(key, p);
    if (e.ts < from || e.ts >= to) {
      p.outside++;
      continue;
    }
    p.inside++;
    if (e.visitor_id > p.visitor) p.visitor = e.visitor_id;
    if (e.name === 'pageview') p.views++;
    else {
      p.reports++;
      p.engaged += e.engaged_ms;
      p.maxScroll = Math.max(p.maxScroll, e.scroll_pct);
    }
  }
  for (const [key, p] of pairs) if (p.inside === 0) pairs.delete(key);
  return pairs;
}

function pageRows(pairs: Iterable<Pair & { page: string }>): BreakdownRow[] {
  const byPage = new Map<string, (Pair & { page: string })[]>();
  for (const p of pairs) byPage.set(p.page, [...(byPage.get(p.page) ?? []), p]);
  const rows: BreakdownRow[] = [];
  for (const [page, ps] of byPage) {
    const viewed = ps.filter((p) => p.views > 0);
    const pageviews = viewed.reduce((s, p) => s + p.views, 0);
    if (pageviews === 0) continue;
    const scrolled = ps.filter((p) => p.reports > 0);
    rows.push({
      value: page, visitors: new Set(viewed.map((p) => p.visitor)).size, visits: viewed.length, pageviews,
      avg_engaged_s: round1(ps.reduce((s, p) => s + p.engaged, 0) / pageviews / 1000),
      avg_scroll_pct: round1(scrolled.length ? scrolled.reduce((s, p) => s + p.maxScroll, 0) / scrolled.length : 0),
    });
  }
  return rows.sort((a, b) => b.visitors - a.visitors || (a.value < b.value ? -1 : 1));
}

function meanScroll(pairs: Iterable<Pair>): number {
  const scrolled = [...pairs].filter((p) => p.reports > 0);
  return round1(scrolled.length ? scrolled.reduce((s, p) => s + p.maxScroll, 0) / scrolled.length : 0);
}

describe('duckdb store: the page_visits rollup at range edges', () => {
  it('page rows and scroll depth equal the raw events when the range cuts through page visits', async () => {
    const end = Date.parse('2026-02-01T00:00:00Z');
    const events: StoredEvent[] = [];
    const store = await openDuckDbStore({ path: ':memory:', memoryLimit: '256MB' });
    try {
      for (const batch of generateEvents({ count: 12_000, sites: 2, bigSiteShare: 0.8, days: 2, end, seed: 5, batchSize: 1_499 })) {
        events.push(...batch);
        await store.insert(batch);
      }
      const mine = events.filter((e) => e.site_id === 'site-0');
      // Odd instants, so both edges fall inside page visits.
      const from = end - 36 * 3_600_000 + 7 * 60_000 + 13_000;
      const to = end - 3 * 3_600_000 - 17_000;
      const q = (filters: Filter[] = []) => ({ siteId: 'site-0', timezone: 'UTC', from, to, filters });
      const pairs = rawPairs(mine, from, to);
      const crossing = [...pairs.values()].filter((p) => p.outside > 0).length;
      assert.ok(crossing >= 2, `the edges cut ${crossing} page visits`);

      assert.deepEqual(await store.breakdown(q(), 'page', 1000), pageRows(pairs.values()));
      assert.equal((await store.totals(q())).avg_scroll_pct, meanScroll(pairs.values()));

      const us = rawPairs(mine.filter((e) => e.country === 'US'), from, to);
      assert.deepEqual(await store.breakdown(q([{ dimension: 'country', op: 'is', values: ['US'] }]), 'page', 1000), pageRows(us.values()));
      assert.equal((await store.totals(q([{ dimension: 'country', op: 'is', values: ['US'] }]))).avg_scroll_pct, meanScroll(us.values()));
      const notHome = [...pairs.values()].filter((p) => p.page !== '/');
      assert.equal((await store.totals(q([{ dimension: 'page', op: 'is_not', values: ['/'] }]))).avg_scroll_pct, meanScroll(notHome));

      // A range shorter than the longest session: sessions crossing either edge are read as one part.
      const short = { from: end - 20 * 3_600_000 + 11_000, to: end - 20 * 3_600_000 + 25 * 60_000 };
      const shortQuery = { ...q(), ...short };
      assert.equal((await store.totals(shortQuery)).avg_scroll_pct, meanScroll(rawPairs(mine, short.from, short.to).values()));
    } finally {
      await store.close();
    }
  });
});

describe('duckdb store: merging into old sessions', () => {
  it('an event arriving days after its session started extends that session instead of starting another', async () => {
    const store = await openDuckDbStore({ path: ':memory:', memoryLimit: '256MB' });
    try {
      const first = FIXTURE_EVENTS.filter((e) => e.session_id === '1111111111111111');
      await store.insert(first);
      // Newer traffic in between, so the old session lies far behind every later batch's cutoff.
      const end = first[0]!.ts + 3 * 86_400_000;
      for (const batch of generateEvents({ count: 3_000, sites: 1, bigSiteShare: 1, days: 1, end, seed: 3, batchSize: 1_000 })) {
        await store.insert(batch.map((e) => ({ ...e, site_id: first[0]!.site_id })));
      }
      const late = { ...first[2]!, id: '00000000-0000-4000-8000-00000000beef', ts: end + 60_000, page: '/late' };
      await store.insert([late]);
      const q = { siteId: late.site_id, timezone: 'UTC', from: first[0]!.ts - 1, to: first[0]!.ts + 86_400_000, filters: [] };
      const totals = await store.totals(q);
      assert.equal(totals.visits, 1);
      assert.equal(totals.avg_visit_duration_s, (late.ts - first[0]!.ts) / 1000);
      const exits = await store.breakdown(q, 'exit_page', 10);
      assert.deepEqual(exits.map((r) => [r.value, r.visits]), [['/late', 1]]);
    } finally {
      await store.close();
    }
  });
});

describe('duckdb store: the event_counts and sessions rollups at range edges', () => {
  it('pageviews and custom events in totals and timeseries equal the raw events when the range cuts sessions and slots', async () => {
    const end = Date.parse('2026-02-01T00:00:00Z');
    const events: StoredEvent[] = [];
    const store = await openDuckDbStore({ path: ':memory:', memoryLimit: '256MB' });
    try {
      for (const batch of generateEvents({ count: 12_000, sites: 2, bigSiteShare: 0.8, days: 2, end, seed: 8, batchSize: 1_231 })) {
        events.push(...batch);
        await store.insert(batch);
      }
      const mine = events.filter((e) => e.site_id === 'site-0');
      // Odd instants: both edges fall inside sessions and inside 15-minute slots.
      const from = end - 40 * 3_600_000 + 7 * 60_000 + 13_000;
      const to = end - 2 * 3_600_000 - 17_000;
      const inRange = (e: StoredEvent) => e.ts >= from && e.ts < to;
      const sessions = new Map<string, number[]>();
      for (const e of mine) sessions.set(e.session_id, [...(sessions.get(e.session_id) ?? []), e.ts]);
      const cut = [...sessions.values()].filter((ts) => ts.some((t) => t < from || t >= to) && ts.some((t) => t >= from && t < to)).length;
      assert.ok(cut >= 2, `the edges cut ${cut} sessions`);

      const count = (es: StoredEvent[]) => ({
        pageviews: es.filter((e) => inRange(e) && e.name === 'pageview').length,
        events: es.filter((e) => inRange(e) && isCustomEvent(e.name)).length,
      });
      const q = (filters: Filter[] = [], timezone = 'UTC') => ({ siteId: 'site-0', timezone, from, to, filters });
      const totals = await store.totals(q());
      assert.deepEqual({ pageviews: totals.pageviews, events: totals.events }, count(mine));
      const us = await store.totals(q([{ dimension: 'country', op: 'is', values: ['US'] }]));
      assert.deepEqual({ pageviews: us.pageviews, events: us.events }, count(mine.filter((e) => e.country === 'US')));

      // Kathmandu is UTC+5:45: its hours and days start mid-slot in UTC terms, on slot boundaries.
      for (const timezone of ['UTC', 'Asia/Kathmandu', 'America/St_Johns']) {
        for (const interval of ['hour', 'day'] as const) {
          const starts = bucketStarts(from, to, interval, timezone);
          const expected = starts.map((start, i) => {
            const next = starts[i + 1] ?? to;
            return mine.filter((e) => e.name === 'pageview' && e.ts >= Math.max(start, from) && e.ts < next).length;
          });
          const points = await store.timeseries(q([], timezone), interval);
          assert.deepEqual(points.map((p) => p.pageviews), expected, `${interval} in ${timezone}`);
        }
      }
    } finally {
      await store.close();
    }
  });
});

describe('duckdb literals', () => {
  it('every string comes back from DuckDB as itself', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    try {
      const values = ['', "it's", "''", '\\', "\\'", 'a\0b', '\0', '\0\0x\0', "'; DROP TABLE t; --", 'ü😀\u2028', '$1 ? :x', '"quoted"'];
      for (const v of values) {
        const rows = (await conn.runAndReadAll(`SELECT ${str(v)} AS v, ${str(v)} IN ${strList([v, 'other'])} AS hit`)).getRowObjectsJS();
        assert.deepEqual(rows, [{ v, hit: true }], JSON.stringify(v));
      }
      const t = (await conn.runAndReadAll(`SELECT epoch_ms(${tsMs(Date.parse('2026-03-29T01:02:03.456Z'))}) AS ms`)).getRowObjectsJS();
      assert.deepEqual(t, [{ ms: BigInt(Date.parse('2026-03-29T01:02:03.456Z')) }]);
      const n = (await conn.runAndReadAll(`SELECT ${num(-12)} AS a, ${num(0.25)} AS b`)).getRowObjectsJS();
      assert.equal(Number(n[0]!.a), -12);
      assert.equal(Number(n[0]!.b), 0.25);
    } finally {
      conn.closeSync();
      instance.closeSync();
    }
  });

  it('refuses non-finite numbers, bad timestamps and empty lists', () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      assert.throws(() => num(bad), TypeError);
      assert.throws(() => tsMs(bad), TypeError);
    }
    assert.throws(() => num('1; DROP' as unknown as number), TypeError);
    assert.throws(() => strList([]), TypeError);
  });
});

describe('duckdb store: opening a file of an older version', () => {
  // What each older version wrote: the same tables, less what it lacked.
  const OLDER: { version: number; lacked: string; drop: string[] }[] = [
    {
      version: 4, lacked: 'sessions without their scroll sums',
      drop: ['ALTER TABLE sessions DROP COLUMN scroll_sum', 'ALTER TABLE sessions DROP COLUMN scroll_pages', 'ALTER TABLE sessions DROP COLUMN first_of',
        'ALTER TABLE rollup_spans DROP COLUMN mixed_visitor_days', 'DROP TABLE page_days', 'DROP TABLE session_days'],
    },
    {
      version: 5, lacked: 'no first_of flags, no page_days',
      drop: ['ALTER TABLE sessions DROP COLUMN first_of', 'ALTER TABLE rollup_spans DROP COLUMN mixed_visitor_days', 'DROP TABLE page_days', 'DROP TABLE session_days'],
    },
    { version: 6, lacked: 'no session_days', drop: ['DROP TABLE session_days'] },
  ];
  for (const { version, lacked, drop } of OLDER) {
    it(`a version ${version} file (${lacked}) gets its rollups rebuilt from events, answering as before`, async () => {
      const path = inDir(`version-${version}.duckdb`);
      const end = Date.parse('2026-02-01T00:00:00Z');
      // whole days inside, so the upgraded file answers visitors from its rebuilt flags
      const q = { siteId: 'site-0', timezone: 'UTC', from: end - 78 * 3_600_000 + 7_000, to: end - 2 * 3_600_000, filters: [] as Filter[] };
      const store = await openDuckDbStore({ path, ...TEST_DUCKDB_SETTINGS });
      const answers = async (s: typeof store) => ({
        totals: await s.totals(q), pages: await s.breakdown(q, 'page', 100), countries: await s.breakdown(q, 'country', 100),
        days: await s.timeseries(q, 'day'),
      });
      let before: unknown;
      try {
        for (const batch of generateEvents({ count: 9_000, sites: 2, bigSiteShare: 0.8, days: 4, end, seed: 9, batchSize: 997 })) await store.insert(batch);
        before = await answers(store);
      } finally {
        await store.close();
      }
      const instance = await DuckDBInstance.create(path);
      const conn = await instance.connect();
      try {
        for (const d of drop) await conn.run(d);
        await conn.run(`UPDATE vigil_meta SET value = '${version}' WHERE key = 'schema_version'`);
      } finally {
        conn.closeSync();
        instance.closeSync();
      }
      // through the store's thread, as the server opens it: the upgrade is announced before it runs
      const notices: UpgradeNotice[] = [];
      const upgraded = await openDuckDbStoreThread({ path, ...TEST_DUCKDB_SETTINGS }, (notice) => notices.push(notice));
      try {
        assert.equal(notices.length, 1);
        assert.equal(notices[0]!.from, version);
        assert.equal(notices[0]!.to, SCHEMA_VERSION);
        assert.ok(notices[0]!.rollups.includes('session_days'));
        assert.deepEqual(await answers(upgraded), before);
        assert.ok((await upgraded.totals(q)).avg_scroll_pct > 0);
      } finally {
        await upgraded.close();
      }
      const reopened = await DuckDBInstance.create(path);
      const check = await reopened.connect();
      try {
        const rows = (await check.runAndReadAll(`SELECT site_id, mixed_visitor_days FROM rollup_spans ORDER BY site_id`)).getRows();
        assert.deepEqual(rows, [['site-0', false], ['site-1', false]], 'the rebuilt file keeps counting visitors from flags');
        const flagged = (await check.runAndReadAll(`SELECT count_if(first_of & 1 <> 0), count(DISTINCT (site_id, visitor_id)) FROM sessions`)).getRows()[0]!;
        assert.equal(Number(flagged[0]), Number(flagged[1]), 'one flagged session per visitor');
        const days = (await check.runAndReadAll(`SELECT count(DISTINCT day), sum(visits) FILTER (WHERE dim = '') FROM session_days WHERE site_id = 'site-0'`)).getRows()[0]!;
        const sessions = (await check.runAndReadAll(`SELECT count(DISTINCT epoch_ms(start_ts) // 86400000), count(*) FROM sessions WHERE site_id = 'site-0'`)).getRows()[0]!;
        assert.deepEqual(days.map(Number), sessions.map(Number), 'session_days rebuilt: every day, every session');
      } finally {
        check.closeSync();
        reopened.closeSync();
      }
    });
  }
});
