/** A real SQLite config store in a fresh temp directory, removed again by `close()`. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openConfigStore } from '@vigil/core/configdb/open';
import type { ConfigStore } from '@vigil/core/configdb/config-store';

export async function tempConfigStore(): Promise<ConfigStore & { dispose(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-ingest-'));
  const store = await openConfigStore({ dataDir: dir });
  return Object.assign(store, {
    async dispose() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  });
}
