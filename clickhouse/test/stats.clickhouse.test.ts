import { statsContract } from '@vigil/core/test/stats-contract';
import { needEngine } from '@vigil/core/test/engines';
import { describe } from 'node:test';
import { openClickHouseStore } from '../src/clickhouse-store.ts';
import { CLICKHOUSE_URL, dropDatabase, testDatabaseName } from './fresh-database.ts';

const engine = await needEngine('clickhouse');

describe('ClickHouse event store', { skip: engine.skip }, () => {
  statsContract('ClickHouse', async () => {
    const database = testDatabaseName('stats');
    const store = await openClickHouseStore({ url: CLICKHOUSE_URL, database, log: { info() {}, warn() {} } });
    return {
      store,
      async cleanup() {
        await store.close();
        await dropDatabase(database);
      },
    };
  });
});
