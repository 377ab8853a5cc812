import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { statsContract } from '../src/test/stats-contract.ts';
import { openDuckDbStore } from '../src/store/duckdb/duckdb-store.ts';
import { openDuckDbStoreThread } from '../src/store/duckdb/thread/store-thread.ts';

statsContract('duckdb file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'vigil-duckdb-'));
  const store = await openDuckDbStore({ path: join(dir, 'events.duckdb'), memoryLimit: '256MB', threads: 2 });
  return {
    store,
    async cleanup() {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});

statsContract('duckdb file, own thread', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'vigil-duckdb-thread-'));
  const store = await openDuckDbStoreThread({ path: join(dir, 'events.duckdb'), memoryLimit: '256MB', threads: 2 });
  return {
    store,
    async cleanup() {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});
