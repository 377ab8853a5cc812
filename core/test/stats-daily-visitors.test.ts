/**
 * Daily visitors (core/src/stats/sql/daily-visitors.ts): where every session of a site starts on
 * the day its visitor id names, totals, daily timeseries and the breakdowns count the visitors of
 * whole days from the sessions' first_of flags and from page_days. They must answer exactly what DISTINCT over the raw events
 * answers, for ranges with whole and partial days, visits running past midnight, zones, filters,
 * and batches arriving in any order; and a site whose ids break the rule must be noticed.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DuckDBInstance } from '@duckdb/node-api';
import { fileTempDir, TEST_DUCKDB_SETTINGS } from '../src/test/temp-dir.ts';
import { openDuckDbStore } from '../src/store/duckdb/duckdb-store.ts';
import { duckDbDialect as D } from '../src/store/duckdb/duckdb-dialect.ts';
import { generateEvents } from '../src/test/generate-events.ts';
import { planQuery } from '../src/stats/plan.ts';
import { renderTotals } from '../src/stats/sql/totals.ts';
import { renderTimeseries } from '../src/stats/sql/timeseries.ts';
import { renderBreakdown } from '../src/stats/sql/breakdown.ts';
import type { Row, Rendered } from '../src/stats/sql/dialect.ts';
import type { Filter, StatsQuery } from '../src/stats/model.ts';
import type { StoredEvent } from '../src/event/stored.ts';
import type { EventStore } from '../src/store/event-store.ts';
import { dayNumber, visitorIdOfDay } from '../src/privacy/visitor-day.ts';
import { FIRST_OF_ONLY, FIRST_OF_VISITOR, LAST_OF_VISITOR, firstOfBit, sessionGroupKey } from '../src/stats/sql/daily-visitors.ts';
import { sessionDayRowsSql } from '../src/store/duckdb/merge.ts';

const inDir = fileTempDir('vigil-daily-visitors-');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const END = Date.parse('2026-02-10T00:00:00Z');

/** DuckDB without its rollups: what the answers must equal */
const RAW: typeof D = { ...D, pageVisitsTable: undefined, eventVisitsTable: undefined, eventCounts: undefined, visitorDay: undefined, pageDaysTable: undefined, sessionDaysTable: undefined };

type Ask = { what: string; run: (s: EventStore) => Promise<unknown>; render: () => Rendered<unknown> };

function asks(q: StatsQuery): Ask[] {
  const plain = planQuery(q);
  const out: Ask[] = [
    { what: 'totals', run: (s) => s.totals(q), render: () => renderTotals(q, plain, RAW) },
    { what: 'pages', run: (s) => s.breakdown(q, 'page', 200), render: () => renderBreakdown(q, 'page', 200, plain, RAW) },
    { what: 'top 5 pages', run: (s) => s.breakdown(q, 'page', 5), render: () => renderBreakdown(q, 'page', 5, plain, RAW) },
  ];
  for (const by of ['source', 'country', 'entry_page', 'exit_page', 'browser', 'screen'] as const) {
    out.push({ what: by, run: (s) => s.breakdown(q, by, 100), render: () => renderBreakdown(q, by, 100, plain, RAW) });
  }
  for (const interval of ['day', 'hour'] as const) {
    out.push({ what: `timeseries ${interval}`, run: (s) => s.timeseries(q, interval), render: () => renderTimeseries(q, interval, plain, RAW) });
  }
  return out;
}

/** The store's answers, then the same questions rendered without rollups on the same file. */
async function storeAndPlain(path: string, batches: StoredEvent[][], queries: StatsQuery[]): Promise<{ fast: unknown[]; plain: unknown[]; labels: string[]; mixed: Map<string, boolean> }> {
  const all = queries.flatMap((q) => asks(q).map((a) => ({ q, a })));
  const store = await openDuckDbStore({ path, ...TEST_DUCKDB_SETTINGS });
  const fast: unknown[] = [];
  try {
    for (const b of batches) await store.insert(b);
    for (const { a } of all) fast.push(await a.run(store));
  } finally {
    await store.close();
  }
  const instance = await DuckDBInstance.create(path);
  const conn = await instance.connect();
  try {
    const plain: unknown[] = [];
    for (const { a } of all) {
      const r = a.render();
      assert.doesNotMatch(r.sql, /first_of|page_visits|page_days|session_days|event_counts/, 'the plain plan reads raw events and sessions only');
      plain.push(r.shape((await conn.runAndReadAll(r.sql)).getRowObjectsJS() as Row[]));
    }
    const mixed = new Map<string, boolean>();
    for (const [site, m] of (await conn.runAndReadAll('SELECT site_id, mixed_visitor_days FROM rollup_spans')).getRows()) mixed.set(String(site), m === true);
    // The flags themselves: one session per visitor, one page row with a pageview per (visitor, page).
    for (const [site, m] of mixed) {
      if (m) continue;
      // one session per visitor with bit 0, one per visitor and source / country with theirs
      const wrongOnly = (await conn.runAndReadAll(`SELECT count(*) FROM (SELECT visitor_id FROM sessions WHERE site_id = '${site}'
        GROUP BY ALL HAVING count_if(first_of & ${FIRST_OF_ONLY} <> 0) <> (CASE WHEN count(*) = 1 THEN 1 ELSE 0 END))`)).getRows()[0]![0];
      assert.equal(Number(wrongOnly), 0, `visitors of ${site} whose "only session" bit is wrong`);
      for (const [bit, key] of [[FIRST_OF_VISITOR, `''`], [firstOfBit('source'), sessionGroupKey('source', `'Direct / None'`)], [firstOfBit('country'), 'country']] as const) {
        const bad = (await conn.runAndReadAll(`SELECT count(*) FROM (SELECT visitor_id, ${key} FROM sessions WHERE site_id = '${site}'
          GROUP BY ALL HAVING count_if(first_of & ${bit} <> 0) <> 1)`)).getRows()[0]![0];
        assert.equal(Number(bad), 0, `visitors of ${site} with other than one session flagged ${bit}`);
      }
      // the first session by start carries bit 0, the last LAST_OF_VISITOR
      for (const [bit, order] of [[FIRST_OF_VISITOR, 'start_ts, session_id'], [LAST_OF_VISITOR, 'start_ts DESC, session_id DESC']] as const) {
        const misplaced = (await conn.runAndReadAll(`SELECT count(*) FROM (SELECT first_of, row_number() OVER (PARTITION BY visitor_id ORDER BY ${order}) AS n
          FROM sessions WHERE site_id = '${site}') WHERE (n = 1) <> (first_of & ${bit} <> 0)`)).getRows()[0]![0];
        assert.equal(Number(misplaced), 0, `sessions of ${site} flagged ${bit} that are not their visitor's ${bit === FIRST_OF_VISITOR ? 'first' : 'last'}`);
      }
      // session_days, kept by deltas, holds what its definition computes from sessions now
      const cube = `SELECT day, dim, value, visitors, visits, bounces, duration_ms, engaged_ms, pageviews, events, scroll_sum, scroll_pages`;
      const kept = `${cube} FROM session_days WHERE site_id = '${site}' AND visits <> 0`;
      const defined = `${cube} FROM (${sessionDayRowsSql(`WHERE site_id = '${site}'`)}) AS d`;
      const count = async (sql: string) => Number((await conn.runAndReadAll(`SELECT count(*) FROM (${sql})`)).getRows()[0]![0]);
      assert.ok((await count(kept)) > 100, `session_days of ${site} has rows`);
      assert.equal(await count(`(${kept}) EXCEPT ALL (${defined})`), 0, `session_days rows of ${site} that its sessions do not give`);
      assert.equal(await count(`(${defined}) EXCEPT ALL (${kept})`), 0, `rows its sessions give that session_days of ${site} lacks`);
    }
    return { fast, plain, labels: all.map(({ q, a }) => `${a.what}, ${new Date(q.from).toISOString()}..${new Date(q.to).toISOString()} ${q.timezone} ${JSON.stringify(q.filters)}`), mixed };
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

function queriesFor(siteId: string): StatsQuery[] {
  const q = (from: number, to: number, timezone = 'UTC', filters: Filter[] = []): StatsQuery => ({ siteId, timezone, from, to, filters });
  const ragged = q(END - 5 * DAY + 3 * HOUR + 17 * 60_000 + 7_000, END - 30 * 60_000 - 13_000);
  return [
    ragged,
    q(END - 4 * DAY, END - DAY), // whole days only: a midnight edge cuts the visits running past it
    q(END - 7 * DAY, END),
    q(END - 2 * DAY - 5 * HOUR, END - 2 * DAY + 3 * HOUR), // no whole day at all
    { ...ragged, timezone: 'Europe/London' }, // UTC+0 in February: days are UTC days
    { ...ragged, timezone: 'Asia/Kathmandu' }, // days straddle UTC days
    { ...ragged, filters: [{ dimension: 'page', op: 'is', values: ['/', '/pricing', '/docs'] }] },
    { ...ragged, filters: [{ dimension: 'page', op: 'is_not', values: ['/'] }] },
    { ...ragged, filters: [{ dimension: 'country', op: 'is', values: ['US'] }] },
    { ...ragged, timezone: 'America/New_York' }, // west of UTC: a day's first hours are the local day before
    { ...ragged, timezone: 'Asia/Kathmandu', filters: [{ dimension: 'country', op: 'is', values: ['US'] }] },
    { ...ragged, timezone: 'Asia/Kathmandu', filters: [{ dimension: 'entry_page', op: 'is', values: ['/'] }] },
  ];
}

function assertSame(r: { fast: unknown[]; plain: unknown[]; labels: string[] }): void {
  for (const [i, label] of r.labels.entries()) assert.deepEqual(r.fast[i], r.plain[i], label);
}

describe('daily visitors: counted from flags, equal to DISTINCT over the raw events', () => {
  const batches = [...generateEvents({ count: 40_000, sites: 2, bigSiteShare: 0.8, days: 6, end: END, seed: 21, batchSize: 1_777 })];

  it('the generated traffic has what this is about: returning visitors and visits past midnight', () => {
    const sessions = new Map<string, { day: number; first: number; last: number; visitor: string }>();
    for (const e of batches.flat()) {
      const s = sessions.get(e.session_id) ?? { day: Number.parseInt(e.visitor_id.slice(0, 4), 16), first: e.ts, last: e.ts, visitor: e.visitor_id };
      s.first = Math.min(s.first, e.ts);
      s.last = Math.max(s.last, e.ts);
      sessions.set(e.session_id, s);
    }
    const all = [...sessions.values()];
    assert.ok(all.every((s) => s.day === dayNumber(s.first)), 'every visit starts on the day its visitor id names');
    assert.ok(all.filter((s) => dayNumber(s.last) > dayNumber(s.first)).length >= 2, 'visits run past midnight');
    const perVisitor = new Map<string, number>();
    for (const s of all) perVisitor.set(s.visitor, (perVisitor.get(s.visitor) ?? 0) + 1);
    assert.ok([...perVisitor.values()].filter((n) => n > 1).length > 100, 'visitors come back the same day');
  });

  it('in arrival order', async () => {
    const r = await storeAndPlain(inDir('in-order.duckdb'), batches, queriesFor('site-0'));
    assert.equal(r.mixed.get('site-0'), false, 'the generated ids keep the rule');
    assertSame(r);
  });

  it('with the batches arriving newest first, so the flags move between rows', async () => {
    const reversed = [...batches].reverse();
    const r = await storeAndPlain(inDir('reversed.duckdb'), reversed, queriesFor('site-0'));
    assert.equal(r.mixed.get('site-0'), false);
    assertSame(r);
  });

  it('the plan counts from the flags for these questions (so the comparisons above test them)', () => {
    const [ragged, wholeDays, , noWholeDay, london, kathmandu, pages, , us, newYork, kathmanduUs] = queriesFor('site-0');
    const daily = (q: StatsQuery) => ({ ...planQuery(q), dailyVisitors: true, sessionSpanMs: HOUR, pageVisitSpanMs: HOUR, sessionScroll: true });
    // whole days counted from a flag (or page_days); a visitor's only session counted as itself
    const whole = (r: Rendered<unknown>) => /\(first_of & \d+\) <> 0 AND start_ts|page_days/.test(r.sql);
    const only = (r: Rendered<unknown>) => r.sql.includes(`first_of & ${FIRST_OF_ONLY}`);
    for (const q of [ragged!, wholeDays!, london!]) {
      assert.ok(whole(renderTotals(q, daily(q), D)), 'totals');
      assert.ok(whole(renderBreakdown(q, 'page', 10, daily(q), D)), 'pages');
      assert.ok(whole(renderTimeseries(q, 'day', daily(q), D)), 'days');
      const hours = renderTimeseries(q, 'hour', daily(q), D);
      assert.ok(!whole(hours) && only(hours), 'hours: a visitor\'s day spans many, so only single visits are counted');
    }
    assert.ok(whole(renderBreakdown(pages!, 'page', 10, daily(pages!), D)), 'a page filter keeps page_days');
    assert.ok(!whole(renderTotals(pages!, daily(pages!), D)) && only(renderTotals(pages!, daily(pages!), D)), 'but not the session flags');
    assert.ok(!whole(renderTotals(noWholeDay!, daily(noWholeDay!), D)) && only(renderTotals(noWholeDay!, daily(noWholeDay!), D)));
    const localDays = renderTimeseries(kathmandu!, 'day', daily(kathmandu!), D);
    assert.ok(!whole(localDays) && only(localDays), 'local days straddle UTC days');
    for (const r of [renderTotals(us!, daily(us!), D), renderBreakdown(us!, 'source', 10, daily(us!), D)]) assert.ok(!whole(r) && only(r), 'session filters');
    assert.ok(!whole(renderBreakdown(us!, 'page', 10, daily(us!), D)));
    const plain = renderTotals(ragged!, { ...daily(ragged!), dailyVisitors: false }, D);
    assert.ok(!whole(plain) && !only(plain), 'a site that broke the rule');
    // whole days of sessions from session_days: unfiltered or under one single-value session filter
    const days = (r: Rendered<unknown>) => r.sql.includes('FROM session_days');
    for (const q of [ragged!, wholeDays!, london!, kathmandu!]) {
      assert.ok(days(renderTotals(q, daily(q), D)), 'totals');
      for (const by of ['source', 'country', 'entry_page', 'exit_page'] as const) assert.ok(days(renderBreakdown(q, by, 10, daily(q), D)), by);
    }
    assert.ok(days(renderTotals(us!, daily(us!), D)), 'totals under country==US');
    for (const q of [ragged!, wholeDays!, london!, kathmandu!, newYork!, us!, kathmanduUs!]) assert.ok(days(renderTimeseries(q, 'day', daily(q), D)), `local days in ${q.timezone}`);
    assert.ok(!days(renderTimeseries({ ...newYork!, filters: us!.filters }, 'day', daily(newYork!), D)), 'west of UTC under a filter: no last-session bit per value');
    assert.ok(!days(renderTimeseries(ragged!, 'hour', daily(ragged!), D)));
    assert.ok(!days(renderBreakdown(us!, 'source', 10, daily(us!), D)), 'a filtered breakdown would need two dimensions');
    assert.ok(!days(renderTotals(pages!, daily(pages!), D)), 'page filters pick events');
    assert.ok(!days(renderTotals(noWholeDay!, daily(noWholeDay!), D)));
    assert.ok(!days(plain));
  });

  it('a site with a visitor id naming another day than its visit, or a visit under two ids, falls back to DISTINCT', async () => {
    const day = dayNumber(END - 2 * DAY);
    const wrongDay = (e: StoredEvent): StoredEvent => ({ ...e, site_id: 'site-wrong-day', visitor_id: visitorIdOfDay(day, 'abcdefabcdef') });
    const twoIds = (e: StoredEvent, i: number): StoredEvent => (i % 2 === 0 ? { ...e, site_id: 'site-two-ids' } : { ...e, site_id: 'site-two-ids', visitor_id: visitorIdOfDay(dayNumber(e.ts), 'fedcbafedcba') });
    // one returning visitor whose id names a single day, though its visits run over five
    const site0 = batches.flat().filter((e) => e.site_id === 'site-0');
    const returning = site0.filter((e) => e.ts >= END - 5 * DAY && e.ts < END - DAY && e.country === 'NP').map(wrongDay);
    const session = site0.find((e) => e.ts > END - 3 * DAY)!.session_id;
    const split = site0.filter((e) => e.session_id === session).map(twoIds);
    const rest = site0.filter((e) => e.ts > END - 5 * DAY).map((e) => ({ ...e, site_id: 'site-two-ids' }));
    const r = await storeAndPlain(inDir('mixed.duckdb'), [returning, rest.filter((e) => e.session_id !== session), split], [...queriesFor('site-wrong-day').slice(0, 3), ...queriesFor('site-two-ids').slice(0, 3)]);
    assert.ok(returning.length > 10);
    assert.equal(r.mixed.get('site-wrong-day'), true);
    assert.equal(r.mixed.get('site-two-ids'), true);
    assertSame(r);
  });
});
