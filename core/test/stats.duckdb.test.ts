import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { statsContract } from '../src/test/stats-contract.ts';
import { openDuckDbStore, type DuckDbStoreOptions } from '../src/store/duckdb/duckdb-store.ts';
import { openDuckDbStoreThread } from '../src/store/duckdb/thread/store-thread.ts';
import type { EventStore } from '../src/store/event-store.ts';

// The server opens the file on the store's own thread; tools and benchmarks open it in theirs.
const OPENERS: [string, (opts: DuckDbStoreOptions) => Promise<EventStore>][] = [
  ['duckdb file', openDuckDbStore],
  ['duckdb file, own thread', openDuckDbStoreThread],
];

for (const [name, open] of OPENERS) {
  statsContract(name, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vigil-duckdb-'));
    const store = await open({ path: join(dir, 'events.duckdb'), memoryLimit: '256MB', threads: 2 });
    return {
      store,
      async cleanup() {
        await store.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  });
}
