import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileTempDir, TEST_DUCKDB_SETTINGS } from '../src/test/temp-dir.ts';
import { openDuckDbStoreThread, INSERT_CHUNK } from '../src/store/duckdb/thread/store-thread.ts';
import { openDuckDbStore } from '../src/store/duckdb/duckdb-store.ts';
import { generateEvents } from '../src/test/generate-events.ts';
import { FIXTURE_EVENTS, EXPECTED_TOTALS, queryA } from '../src/test/stats-fixture.ts';
import { assertInvalidBatchRefused } from '../src/test/invalid-batch.ts';

const inDir = fileTempDir('vigil-duckdb-thread-');
const open = (name: string) => openDuckDbStoreThread({ path: inDir(name), ...TEST_DUCKDB_SETTINGS });

describe('duckdb store on its own thread', () => {
  it('answers exactly as the store in the calling thread does, for a batch larger than one chunk', async () => {
    const end = Date.parse('2026-03-01T00:00:00Z');
    const [batch] = [...generateEvents({ count: 3 * INSERT_CHUNK + 17, end, batchSize: 10 * INSERT_CHUNK, sites: 2, bigSiteShare: 0.5, days: 2, seed: 11 })];
    const threaded = await open('same.duckdb');
    const local = await openDuckDbStore({ path: inDir('same-local.duckdb'), ...TEST_DUCKDB_SETTINGS });
    try {
      await Promise.all([threaded.insert(batch!), local.insert(batch!)]);
      const q = { siteId: 'site-0', timezone: 'Europe/Berlin', from: end - 2 * 86_400_000, to: end, filters: [] };
      assert.equal(await threaded.countEvents(null, 0, end + 1), batch!.length);
      assert.deepEqual(await threaded.totals(q), await local.totals(q));
      assert.deepEqual(await threaded.timeseries(q, 'hour'), await local.timeseries(q, 'hour'));
      assert.deepEqual(await threaded.breakdown(q, 'page', 10), await local.breakdown(q, 'page', 10));
      assert.deepEqual(await threaded.activity(0, end + 1), await local.activity(0, end + 1));
      assert.deepEqual(await threaded.realtime('site-0', end, 3_600_000), await local.realtime('site-0', end, 3_600_000));
    } finally {
      await Promise.all([threaded.close(), local.close()]);
    }
  });

  it('refuses a batch with an invalid event whole, naming the event, and keeps working', async () => {
    const store = await open('invalid.duckdb');
    try {
      // the invalid event sits in the second chunk: the first chunk must not be stored either
      await assertInvalidBatchRefused(store, INSERT_CHUNK);
    } finally {
      await store.close();
    }
  });

  it('a dead thread fails the calls it had, and the next call opens the file again with its data', async () => {
    const store = await open('restart.duckdb');
    try {
      await store.insert([...FIXTURE_EVENTS]);
      const inFlight = store.totals(queryA());
      await store.killThread();
      await assert.rejects(inFlight, /event store thread/);
      assert.deepEqual(await store.totals(queryA()), EXPECTED_TOTALS[0]!.totals);
    } finally {
      await store.close();
    }
  });

  it('refuses bad options when opened, and every call once closed', async () => {
    await assert.rejects(openDuckDbStoreThread({ path: ':memory:', memoryLimit: "1GB'; DROP" }), /memoryLimit/);
    const store = await open('closed.duckdb');
    await store.close();
    await store.close();
    await assert.rejects(store.totals(queryA()), /closed/);
    await assert.rejects(store.insert([...FIXTURE_EVENTS]), /closed/);
  });
});
