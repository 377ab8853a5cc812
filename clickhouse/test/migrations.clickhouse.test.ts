import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { createClient } from '@clickhouse/client';
import { needEngine } from '@vigil/core/test/engines';
import { FIXTURE_EVENTS, queryA, EXPECTED_TOTALS } from '@vigil/core/test/stats-fixture';
import { openClickHouseStore } from '../src/clickhouse-store.ts';
import { runMigrations, appliedMigrations } from '../src/migrations/run.ts';
import { MIGRATIONS } from '../src/migrations/index.ts';
import { eventsDdl } from '../src/migrations/0001-events.ts';
import { serverFeatures } from '../src/server-features.ts';
import { sweepExpiredEvents, TtlSettingError } from '../src/retention.ts';
import { waitForMutations } from '../src/mutations.ts';
import { clickHouseDialect } from '../src/clickhouse-dialect.ts';
import { CLICKHOUSE_URL, dropDatabase, testDatabaseName } from './fresh-database.ts';
import { planQuery } from '@vigil/core/stats/plan';
import { renderBreakdown } from '@vigil/core/stats/sql/breakdown';
import type { Row } from '@vigil/core/stats/sql/dialect';

const quiet = { info() {}, warn() {} };
const NO_FILTER_TOTALS = EXPECTED_TOTALS[0]!.totals;

describe('ClickHouse schema by server version', () => {
  it('puts the events TTL in the DDL when configured and the server has TTL', () => {
    const current = serverFeatures('24.8.4.13');
    assert.match(eventsDdl({ features: current, ttlDays: 30 }), /\nTTL toDateTime\(intDiv\(ts, 1000\)\) \+ toIntervalDay\(30\)$/);
    assert.doesNotMatch(eventsDdl({ features: current, ttlDays: null }), /TTL/);
    // 18.16 has no TTL clause: the store sweeps instead
    assert.doesNotMatch(eventsDdl({ features: serverFeatures('18.16.1'), ttlDays: 30 }), /TTL/);
  });

  it('uses LowCardinality only where the server has it', () => {
    assert.match(eventsDdl({ features: serverFeatures('24.8.4.13'), ttlDays: null }), /country LowCardinality\(String\)/);
    assert.match(eventsDdl({ features: serverFeatures('18.16.1'), ttlDays: null }), /country String,/);
    assert.throws(() => serverFeatures('unknown'), /cannot read the ClickHouse version/);
  });

  it('refuses a TTL that is not a whole number of days', async () => {
    for (const bad of [0, -1, 1.5, NaN]) {
      await assert.rejects(openClickHouseStore({ url: 'http://127.0.0.1:1', ttlDays: bad, log: quiet }), TtlSettingError);
    }
  });
});

const engine = await needEngine('clickhouse');

describe('ClickHouse migrations on the real server', { skip: engine.skip }, () => {
  const databases: string[] = [];
  const fresh = (label: string) => {
    const name = testDatabaseName(label);
    databases.push(name);
    return name;
  };
  after(async () => {
    for (const d of databases) await dropDatabase(d);
  });

  it('are applied once, recorded, and idempotent on every later start', async () => {
    const database = fresh('migrate');
    const first = await openClickHouseStore({ url: CLICKHOUSE_URL, database, log: quiet });
    await first.insert([...FIXTURE_EVENTS]);
    await first.migrate();
    await first.close();
    const second = await openClickHouseStore({ url: CLICKHOUSE_URL, database, log: quiet });
    await second.migrate();
    assert.deepEqual(await second.totals(queryA()), NO_FILTER_TOTALS);
    await second.close();

    const client = createClient({ url: CLICKHOUSE_URL, database });
    try {
      assert.deepEqual(await appliedMigrations(client), MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
      const [rows] = await (await client.query({ query: 'SELECT count() AS n FROM vigil_migrations', format: 'JSONEachRow' })).json<{ n: string }>();
      assert.equal(Number(rows!.n), MIGRATIONS.length);
      const tables = await (await client.query({ query: 'SHOW TABLES', format: 'JSONEachRow' })).json<{ name: string }>();
      assert.deepEqual(tables.map((t) => t.name).sort(), ['events', 'page_visit_spans', 'page_visits', 'page_visits_mv', 'sessions', 'sessions_mv', 'vigil_migrations']);
    } finally {
      await client.close();
    }
  });

  it('an upgrade from events only backfills the sessions and page_visits rollups from the stored events', async () => {
    const database = fresh('upgrade');
    const client = createClient({ url: CLICKHOUSE_URL });
    await client.command({ query: `CREATE DATABASE ${database}` });
    await client.close();
    const db = createClient({ url: CLICKHOUSE_URL, database });
    try {
      const features = serverFeatures('18.16.1');
      assert.deepEqual(await runMigrations(db, { features, ttlDays: null }, MIGRATIONS.filter((m) => m.version === 1)), [1]);
      await db.insert({ table: 'events', values: [...FIXTURE_EVENTS], format: 'JSONEachRow' });
      const store = await openClickHouseStore({ url: CLICKHOUSE_URL, database, log: quiet });
      try {
        // sessions come from the rollup, which only the backfill can have filled
        assert.deepEqual(await store.totals(queryA()), NO_FILTER_TOTALS);
        // page rows too (page_visits), as grouped from the raw events
        const raw = renderBreakdown(queryA(), 'page', 10, planQuery(queryA()), clickHouseDialect(queryA().siteId));
        const pages = raw.shape(await (await db.query({ query: raw.sql, format: 'JSONEachRow' })).json<Row>());
        assert.ok(pages.length > 0);
        assert.deepEqual(await store.breakdown(queryA(), 'page', 10), pages);
        // and inserts after the upgrade go through the views, replays included
        await store.insert([...FIXTURE_EVENTS]);
        assert.deepEqual(await store.totals(queryA()), NO_FILTER_TOTALS);
        assert.deepEqual(await store.breakdown(queryA(), 'page', 10), pages);
      } finally {
        await store.close();
      }
    } finally {
      await db.close();
    }
  });

  it('on a server without TTL, the sweep deletes expired raw events and keeps the rollup', async () => {
    const database = fresh('ttl');
    const store = await openClickHouseStore({ url: CLICKHOUSE_URL, database, log: quiet });
    const client = createClient({ url: CLICKHOUSE_URL, database });
    try {
      const recent = { ...FIXTURE_EVENTS[0]!, id: 'recent-event', ts: Date.now() - 3_600_000 };
      await store.insert([...FIXTURE_EVENTS, recent]);
      // the fixture is from March 2026: with 1 day kept on 2026-04-02 or later, all of it has expired but `recent`
      const now = Date.parse('2026-04-02T00:00:00Z');
      const found = await sweepExpiredEvents(client, 1, Math.max(now, Date.now()));
      assert.equal(found, FIXTURE_EVENTS.length);
      await waitForMutations(client, database, ['events']);
      assert.equal(await store.countEvents(null, 0, Date.parse('2100-01-01T00:00:00Z')), 1);
      const totals = await store.totals(queryA());
      // sessions (the rollup) are kept; pageviews come from raw events, which are gone
      assert.deepEqual([totals.visits, totals.visitors, totals.bounce_rate, totals.pageviews], [NO_FILTER_TOTALS.visits, NO_FILTER_TOTALS.visitors, NO_FILTER_TOTALS.bounce_rate, 0]);
      assert.equal(await sweepExpiredEvents(client, 1, Date.now()), 0);
    } finally {
      await client.close();
      await store.close();
    }
  });
});
