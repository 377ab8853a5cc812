import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createClient, type ClickHouseClient } from '@clickhouse/client';
import { needEngine } from '@vigil/core/test/engines';
import { FIXTURE_EVENTS } from '@vigil/core/test/stats-fixture';
import type { StoredEvent } from '@vigil/core/event/stored';
import type { EventStore } from '@vigil/core/store/event-store';
import { openClickHouseStore } from '../src/clickhouse-store.ts';
import { InvalidEventError, eventsTsv } from '../src/event-rows.ts';
import { CLICKHOUSE_URL, dropDatabase, testDatabaseName } from './fresh-database.ts';
import { HOSTILE, randomString, rng } from './random-strings.ts';

const FAR_FUTURE = Date.parse('2100-01-01T00:00:00Z');

describe('events as TabSeparated', () => {
  it('drops repeated ids, keeping the first copy', () => {
    const [a, b] = [FIXTURE_EVENTS[0]!, FIXTURE_EVENTS[1]!];
    const tsv = eventsTsv([a, b, { ...a, page: '/other' }]);
    assert.equal(tsv.rows, 2);
    assert.equal(tsv.body.split('\n').length, 3);
    assert.ok(!tsv.body.includes('/other'));
  });

  it('refuses a bad value with the event and field named', () => {
    const good = FIXTURE_EVENTS[0]!;
    const cases: [Partial<Record<keyof StoredEvent, unknown>>, RegExp][] = [
      [{ ts: 1.5 }, /event 1 of the batch: ts is not a whole epoch millisecond/],
      [{ ts: -1 }, /ts is not a whole epoch millisecond/],
      [{ scroll_pct: 2 ** 40 }, /scroll_pct is not a 32-bit integer/],
      [{ page: null }, /page is not a string/],
    ];
    for (const [patch, message] of cases) {
      assert.throws(() => eventsTsv([good, { ...good, ...patch } as StoredEvent]), (e: unknown) => e instanceof InvalidEventError && message.test(e.message));
    }
  });
});

const engine = await needEngine('clickhouse');

describe('ClickHouse inserts on the real server', { skip: engine.skip }, () => {
  const database = testDatabaseName('insert');
  let store: EventStore;
  let client: ClickHouseClient;
  before(async () => {
    store = await openClickHouseStore({ url: CLICKHOUSE_URL, database, log: { info() {}, warn() {} } });
    client = createClient({ url: CLICKHOUSE_URL, database });
  });
  after(async () => {
    await client?.close();
    await store?.close();
    await dropDatabase(database);
  });

  it('300 seeded random strings come back exactly from every string column kind', async () => {
    const next = rng(7_2026);
    const base = FIXTURE_EVENTS[0]!;
    const values = [...HOSTILE, ...Array.from({ length: 300 }, () => randomString(next))];
    const batch = values.map((v, i): StoredEvent => ({ ...base, id: `rt-${String(i).padStart(4, '0')}`, site_id: 'roundtrip', page: v, title: v, props: v, country: v }));
    await store.insert(batch);
    const rows = await (await client.query({
      query: `SELECT id, page, title, props, country FROM events FINAL WHERE site_id = 'roundtrip' ORDER BY id`, format: 'JSONEachRow',
    })).json<{ id: string; page: string; title: string; props: string; country: string }>();
    assert.equal(rows.length, values.length);
    rows.forEach((r, i) => assert.deepEqual([r.page, r.title, r.props, r.country], [values[i], values[i], values[i], values[i]], `case ${i}: ${JSON.stringify(values[i])}`));
  });

  it('a batch with one bad event writes nothing', async () => {
    const before = await store.countEvents(null, 0, FAR_FUTURE);
    const bad = { ...FIXTURE_EVENTS[1]!, id: 'bad-one', engaged_ms: Number.NaN };
    await assert.rejects(store.insert([{ ...FIXTURE_EVENTS[0]!, id: 'good-one' }, bad]), InvalidEventError);
    assert.equal(await store.countEvents(null, 0, FAR_FUTURE), before);
  });
});
