import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createClient, type ClickHouseClient } from '@clickhouse/client';
import type { EventStore } from '@vigil/core/store/event-store';
import type { StoredEvent } from '@vigil/core/event/stored';
import type { Filter, StatsQuery } from '@vigil/core/stats/model';
import { planQuery } from '@vigil/core/stats/plan';
import { renderBreakdown } from '@vigil/core/stats/sql/breakdown';
import { renderTotals } from '@vigil/core/stats/sql/totals';
import type { Rendered, Row } from '@vigil/core/stats/sql/dialect';
import { needEngine } from '@vigil/core/test/engines';
import { generateEvents } from '@vigil/core/test/generate-events';
import { openClickHouseStore } from '../src/clickhouse-store.ts';
import { clickHouseDialect } from '../src/clickhouse-dialect.ts';
import { CLICKHOUSE_URL, dropDatabase, testDatabaseName } from './fresh-database.ts';

const engine = await needEngine('clickhouse');

const END = Date.parse('2026-03-10T00:00:00Z');
const DAY = 86_400_000;
const SITE = 'site-0';
const batches: StoredEvent[][] = [...generateEvents({ count: 8_000, sites: 2, bigSiteShare: 0.8, days: 2, end: END, seed: 7, batchSize: 1_000 })];

const query = (from: number, to: number, filters: Filter[] = []): StatsQuery => ({ siteId: SITE, timezone: 'UTC', from, to, filters });

describe('ClickHouse page_visits rollup', { skip: engine.skip }, () => {
  const database = testDatabaseName('page_visits');
  let store: EventStore;
  let client: ClickHouseClient;

  /** The answer grouped from raw events: the shared renderer without a rollup span in the plan. */
  const fromEvents = async <T>(render: (q: StatsQuery) => Rendered<T>, q: StatsQuery): Promise<T> => {
    const r = render(q);
    return r.shape(await (await client.query({ query: r.sql, format: 'JSONEachRow' })).json<Row>());
  };
  const rawPages = (q: StatsQuery) => fromEvents((x) => renderBreakdown(x, 'page', 50, planQuery(x), clickHouseDialect(x.siteId)), q);
  const rawScroll = async (q: StatsQuery) => (await fromEvents((x) => renderTotals(x, planQuery(x), clickHouseDialect(x.siteId)), q)).avg_scroll_pct;

  /** Page visits (merged rollup rows) with events on both sides of `edge`. */
  const crossing = async (edge: number): Promise<number> => {
    const rs = await client.query({
      query: `SELECT count() AS n FROM ${clickHouseDialect(SITE).pageVisitsTable} WHERE site_id = '${SITE}' AND first_ts < ${edge} AND last_ts >= ${edge}`,
      format: 'JSONEachRow',
    });
    const [row] = await rs.json<{ n: string }>();
    return Number(row?.n ?? 0);
  };

  before(async () => {
    store = await openClickHouseStore({ url: CLICKHOUSE_URL, database, log: { info() {}, warn() {} } });
    client = createClient({ url: CLICKHOUSE_URL, database });
    for (const batch of batches) await store.insert(batch);
  });

  after(async () => {
    await client?.close();
    await store?.close();
    await dropDatabase(database);
  });

  it('a replayed batch leaves the page breakdown and scroll depth unchanged', async () => {
    const q = query(END - 2 * DAY, END);
    const pages = await store.breakdown(q, 'page', 50);
    const scroll = (await store.totals(q)).avg_scroll_pct;
    assert.ok(pages.length > 3 && pages.every((p) => p.pageviews > 0));
    assert.deepEqual(pages, await rawPages(q));
    assert.equal(scroll, await rawScroll(q));

    await store.insert(batches[1]!);
    await store.insert([...batches[2]!, ...batches[3]!]);
    assert.deepEqual(await store.breakdown(q, 'page', 50), pages);
    assert.equal((await store.totals(q)).avg_scroll_pct, scroll);
  });

  it('a range cutting through page visits gives the raw events answer', async () => {
    // cut through the middle of three visits, spread over the two days
    const rs = await client.query({
      query: `SELECT intDiv(first_ts + last_ts, 2) AS mid FROM ${clickHouseDialect(SITE).pageVisitsTable}
        WHERE site_id = '${SITE}' AND last_ts - first_ts > 1000 ORDER BY first_ts`,
      format: 'JSONEachRow',
    });
    const mids = (await rs.json<{ mid: string }>()).map((r) => Number(r.mid));
    assert.ok(mids.length > 10);
    const cuts = [0.2, 0.5, 0.8].map((share) => mids[Math.floor(share * mids.length)]!);
    for (const [from, to] of [[cuts[0]!, cuts[1]!], [cuts[1]!, cuts[2]!], [cuts[0]!, cuts[2]!]] as const) {
      // the ranges must really split visits, or the edge rebuild goes unexercised
      assert.ok((await crossing(from)) > 0 && (await crossing(to)) > 0, `visits cross ${from} and ${to}`);
      const q = query(from, to);
      assert.deepEqual(await store.breakdown(q, 'page', 50), await rawPages(q));
      assert.deepEqual(await store.breakdown(q, 'page', 3), (await rawPages(q)).slice(0, 3));
      assert.equal((await store.totals(q)).avg_scroll_pct, await rawScroll(q));
    }
  });

  it('page and session filters over a cut range give the raw events answer', async () => {
    const q = query(END - 30 * 3_600_000 - 5_000, END - 6 * 3_600_000 + 5_000);
    const [top] = await rawPages(q);
    assert.ok(top);
    const country = batches.flat().find((e) => e.site_id === SITE && e.country !== '')?.country;
    assert.ok(country);
    for (const filters of [
      [{ dimension: 'page', op: 'is', values: [top.value] }],
      [{ dimension: 'page', op: 'is_not', values: [top.value] }],
      [{ dimension: 'country', op: 'is', values: [country] }],
      [{ dimension: 'entry_page', op: 'is', values: [top.value] }],
    ] satisfies Filter[][]) {
      const filtered = query(q.from, q.to, filters);
      const want = await rawPages(filtered);
      assert.ok(want.length > 0, JSON.stringify(filters));
      assert.deepEqual(await store.breakdown(filtered, 'page', 50), want, JSON.stringify(filters));
      assert.equal((await store.totals(filtered)).avg_scroll_pct, await rawScroll(filtered), JSON.stringify(filters));
    }
  });

  it('a visit across midnight, inserted late half first, counts once inside and is rebuilt at a cut', async () => {
    const site = 'site-midnight';
    const midnight = END + 5 * DAY;
    const template = batches[0]!.find((e) => e.name === 'pageview')!;
    const event = (id: string, name: string, ts: number, extra: Partial<StoredEvent> = {}): StoredEvent =>
      ({ ...template, id, site_id: site, session_id: 'a1b2c3d4e5f60718', page: '/late-night', name, ts, engaged_ms: 0, scroll_pct: 0, ...extra });
    const pageview = event('midnight-pv', 'pageview', midnight - 60_000);
    const engagement = event('midnight-eng', 'engagement', midnight + 90_000, { engaged_ms: 42_000, scroll_pct: 77 });
    const other = event('other-pv', 'pageview', midnight + 30_000, { session_id: 'a1b2c3d4e5f60719', page: '/other' });
    await store.insert([engagement, other]);
    await store.insert([pageview]);
    await store.insert([pageview]);
    for (const [from, to] of [[midnight - DAY, midnight + DAY], [midnight, midnight + DAY], [midnight - DAY, midnight + 60_000]] as const) {
      const q = { siteId: site, timezone: 'UTC', from, to, filters: [] };
      const want = await rawPages(q);
      assert.ok(want.length > 0);
      assert.deepEqual(await store.breakdown(q, 'page', 50), want);
      assert.equal((await store.totals(q)).avg_scroll_pct, await rawScroll(q));
    }
    const [whole] = (await store.breakdown({ siteId: site, timezone: 'UTC', from: midnight - DAY, to: midnight + DAY, filters: [] }, 'page', 1));
    assert.deepEqual([whole?.value, whole?.pageviews, whole?.avg_engaged_s], ['/late-night', 1, 42]);
  });
});
