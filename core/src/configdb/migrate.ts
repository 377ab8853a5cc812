/**
 * Runs the migrations so that several callers may do it at once: the CLI while the server runs,
 * two cluster instances starting together, two stores on one file in one process.
 *
 * PostgreSQL: Kysely's migrator holds an advisory lock. SQLite: transactions begin IMMEDIATE (see
 * sqlite-dialect.ts), so another process waits on busy_timeout; callers in this process queue on
 * a per-file promise, because better-sqlite3 waits synchronously and would block the very
 * connection it waits for. A race Kysely does not cover (two processes creating its bookkeeping
 * tables) fails one attempt; the retry then finds the work done.
 */
import { Migrator, type Kysely } from 'kysely';
import { migrationProvider } from './migrations/index.ts';

const ATTEMPTS = 5;
const queues = new Map<string, Promise<void>>();

export async function runMigrations(db: Kysely<unknown>, lockKey: string): Promise<void> {
  const previous = queues.get(lockKey) ?? Promise.resolve();
  const mine = previous.then(() => migrateWithRetry(db));
  const settled = mine.catch(() => undefined);
  queues.set(lockKey, settled);
  try {
    await mine;
  } finally {
    if (queues.get(lockKey) === settled) queues.delete(lockKey);
  }
}

async function migrateWithRetry(db: Kysely<unknown>): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  let lastError: unknown;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const { error, results } = await migrator.migrateToLatest();
    if (!error) return;
    lastError = error;
    const failed = results?.find((r) => r.status === 'Error');
    if (failed) break; // a migration itself is wrong: retrying cannot help
    await new Promise((r) => setTimeout(r, 50 * attempt + Math.random() * 50));
  }
  const reason = lastError instanceof Error ? lastError.message : String(lastError);
  throw new Error(`config database migration failed: ${reason}`);
}
