/**
 * Opens the config database: SQLite at `${dataDir}/vigil.db` (embedded) or PostgreSQL when a
 * `postgres://` URL is given (cluster). The store comes back migrated.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import { ConfigError, type ConfigStore } from './config-store.ts';
import type { ConfigDatabase } from './schema.ts';
import { ImmediateSqliteDialect } from './sqlite-dialect.ts';
import { KyselyConfigStore } from './kysely-config-store.ts';

export interface OpenConfigStoreOptions {
  dataDir: string;
  databaseUrl?: string;
}

export async function openConfigStore(opts: OpenConfigStoreOptions): Promise<ConfigStore> {
  const store = opts.databaseUrl ? await openPostgres(opts.databaseUrl) : await openSqlite(opts.dataDir);
  try {
    await store.migrate();
  } catch (err) {
    await store.close();
    throw err;
  }
  return store;
}

async function openSqlite(dataDir: string): Promise<KyselyConfigStore> {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'vigil.db');
  const { default: Database } = await import('better-sqlite3');
  const sqlite = new Database(file);
  // busy_timeout first: switching to WAL itself needs the lock another process may hold
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  const db = new Kysely<ConfigDatabase>({ dialect: new ImmediateSqliteDialect({ database: sqlite }) });
  return new KyselyConfigStore(db, `sqlite:${file}`);
}

async function openPostgres(databaseUrl: string): Promise<KyselyConfigStore> {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    throw new ConfigError('invalid', 'DATABASE_URL is not a URL');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError('invalid', `DATABASE_URL must start with postgres:// (got ${url.protocol}//)`);
  }
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  // an idle client that loses its server emits 'error'; without a listener that kills the process
  pool.on('error', () => undefined);
  const db = new Kysely<ConfigDatabase>({ dialect: new PostgresDialect({ pool }) });
  // the lock key must not carry the password; host/port/database identify the database
  return new KyselyConfigStore(db, `postgres:${url.host}${url.pathname}`);
}
