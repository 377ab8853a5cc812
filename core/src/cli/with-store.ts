/** Opens the same config database the server uses (same env), runs `fn`, always closes it. */
import { readConfig } from '../config/env.ts';
import type { ConfigStore } from '../configdb/config-store.ts';
import { openConfigStore } from '../configdb/open.ts';

export async function withStore<T>(fn: (store: ConfigStore) => Promise<T>): Promise<T> {
  const config = readConfig();
  const store = await openConfigStore({
    dataDir: config.dataDir,
    ...(config.DATABASE_URL ? { databaseUrl: config.DATABASE_URL } : {}),
  });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}
