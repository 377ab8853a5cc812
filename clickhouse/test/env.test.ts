import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ClickHouseEnvError, clickHouseOptionsFromEnv } from '../src/env.ts';

describe('ClickHouse options from the environment', () => {
  it('defaults to a local server, database vigil, events kept forever', () => {
    assert.deepEqual(clickHouseOptionsFromEnv({}), { url: 'http://127.0.0.1:8123', database: 'vigil', ttlDays: null });
  });

  it('reads the URL, database and events TTL', () => {
    assert.deepEqual(
      clickHouseOptionsFromEnv({ CLICKHOUSE_URL: 'http://ch:8123', CLICKHOUSE_DATABASE: 'analytics', CLICKHOUSE_EVENTS_TTL_DAYS: '90' }),
      { url: 'http://ch:8123', database: 'analytics', ttlDays: 90 },
    );
  });

  it('refuses bad values with the variable named and no password echoed', () => {
    for (const env of [{ CLICKHOUSE_EVENTS_TTL_DAYS: '0' }, { CLICKHOUSE_EVENTS_TTL_DAYS: '1.5' }, { CLICKHOUSE_EVENTS_TTL_DAYS: 'soon' }, { CLICKHOUSE_DATABASE: 'a;DROP' }]) {
      assert.throws(() => clickHouseOptionsFromEnv(env), ClickHouseEnvError, JSON.stringify(env));
    }
    assert.throws(() => clickHouseOptionsFromEnv({ CLICKHOUSE_URL: 'ftp://user:s3cret@ch' }), (e: unknown) => e instanceof ClickHouseEnvError && !e.message.includes('s3cret'));
  });
});
