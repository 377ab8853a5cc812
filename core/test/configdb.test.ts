/**
 * The config store contract on both databases, plus a first migration raced by several openers
 * on a database nobody has touched yet.
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { sql } from 'kysely';
import type { ConfigStore } from '../src/configdb/config-store.ts';
import { KyselyConfigStore } from '../src/configdb/kysely-config-store.ts';
import { openConfigStore } from '../src/configdb/open.ts';
import { needEngine } from '../src/test/engines.ts';
import { configStoreContract } from './configdb.contract.ts';

const ADMIN_URL = process.env.VIGIL_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function sqliteDir(): Promise<{ dataDir: string; cleanup(): Promise<void> }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'vigil-configdb-'));
  return { dataDir, cleanup: () => rm(dataDir, { recursive: true, force: true }) };
}

/** A throwaway database on the server, dropped by cleanup(). */
async function postgresDatabase(): Promise<{ databaseUrl: string; cleanup(): Promise<void> }> {
  const name = `vigil_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    databaseUrl: url.toString(),
    async cleanup() {
      const dropper = new pg.Client({ connectionString: ADMIN_URL });
      await dropper.connect();
      try {
        await dropper.query(`drop database if exists ${name} with (force)`);
      } finally {
        await dropper.end();
      }
    },
  };
}

async function appliedMigrations(store: ConfigStore): Promise<string[]> {
  assert.ok(store instanceof KyselyConfigStore);
  const rows = await store.db.selectFrom(sql`kysely_migration`.as('m')).select(sql<string>`name`.as('name')).execute();
  return rows.map((r) => r.name);
}

configStoreContract('SQLite', async () => {
  const dir = await sqliteDir();
  const store = await openConfigStore({ dataDir: dir.dataDir });
  return {
    store,
    openAnother: () => openConfigStore({ dataDir: dir.dataDir }),
    async cleanup() {
      await store.close();
      await dir.cleanup();
    },
  };
});

const postgres = await needEngine('postgres');

configStoreContract(
  'PostgreSQL',
  async () => {
    const db = await postgresDatabase();
    const store = await openConfigStore({ dataDir: '', databaseUrl: db.databaseUrl });
    return {
      store,
      openAnother: () => openConfigStore({ dataDir: '', databaseUrl: db.databaseUrl }),
      async cleanup() {
        await store.close();
        await db.cleanup();
      },
    };
  },
  { skip: postgres.skip },
);

describe('first migration raced by several openers', () => {
  it('SQLite: every opener gets a working store and the schema exists once', async () => {
    const dir = await sqliteDir();
    after(() => dir.cleanup());
    const stores = await Promise.all([1, 2, 3].map(() => openConfigStore({ dataDir: dir.dataDir })));
    try {
      const site = await stores[0]!.sites.create({ domain: 'race.example' });
      for (const s of stores) assert.deepEqual(await s.sites.get(site.id), site);
      assert.deepEqual(await appliedMigrations(stores[1]!), ['0001_initial', '0002_auth_sessions']);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });

  it('PostgreSQL: every opener gets a working store and the schema exists once', { skip: postgres.skip }, async () => {
    const db = await postgresDatabase();
    after(() => db.cleanup());
    const stores = await Promise.all([1, 2, 3, 4].map(() => openConfigStore({ dataDir: '', databaseUrl: db.databaseUrl })));
    try {
      const site = await stores[0]!.sites.create({ domain: 'race.example' });
      for (const s of stores) assert.deepEqual(await s.sites.get(site.id), site);
      assert.deepEqual(await appliedMigrations(stores[1]!), ['0001_initial', '0002_auth_sessions']);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });

  it('rejects a DATABASE_URL that is not PostgreSQL, with a clear error', async () => {
    await assert.rejects(openConfigStore({ dataDir: '', databaseUrl: 'mysql://root@127.0.0.1/vigil' }), /postgres:\/\//);
  });
});
