/**
 * Applies the migrations a database has not recorded yet, in version order, and records each in
 * vigil_migrations. Statements are idempotent, so two processes starting at once, or a start
 * that died half-way through a migration, end in the same schema; the record is written last.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import type { Migration, MigrationContext } from './migration.ts';
import { MIGRATIONS } from './index.ts';
import { num, str } from '../literal.ts';

export interface AppliedMigration {
  version: number;
  name: string;
}

export class MigrationError extends Error {
  constructor(migration: Migration, cause: unknown) {
    super(`ClickHouse migration ${migration.version} (${migration.name}) failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'MigrationError';
  }
}

const MIGRATIONS_DDL = `CREATE TABLE IF NOT EXISTS vigil_migrations (
  version UInt32,
  name String,
  applied_at DateTime
) ENGINE = MergeTree ORDER BY version`;

export async function appliedMigrations(client: ClickHouseClient): Promise<AppliedMigration[]> {
  const rs = await client.query({ query: 'SELECT version, any(name) AS name FROM vigil_migrations GROUP BY version ORDER BY version', format: 'JSONEachRow' });
  const rows = await rs.json<{ version: number | string; name: string }>();
  return rows.map((r) => ({ version: Number(r.version), name: r.name }));
}

/** Returns the versions this call applied (empty when the schema was current). */
export async function runMigrations(client: ClickHouseClient, ctx: MigrationContext, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  await client.command({ query: MIGRATIONS_DDL });
  const done = new Set((await appliedMigrations(client)).map((m) => m.version));
  const applied: number[] = [];
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (done.has(m.version)) continue;
    try {
      for (const statement of m.statements(ctx)) await client.command({ query: statement });
      await client.command({ query: `INSERT INTO vigil_migrations (version, name, applied_at) VALUES (${num(m.version)}, ${str(m.name)}, now())` });
    } catch (err) {
      throw new MigrationError(m, err);
    }
    applied.push(m.version);
  }
  return applied;
}
