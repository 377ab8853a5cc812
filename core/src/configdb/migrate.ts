/**
 * Runs the migrations so that several callers may do it at once: the CLI while the server runs,
 * two cluster instances starting together, two stores on one file in one process.
 *
 * PostgreSQL: Kysely's migrator holds an advisory lock. SQLite: transactions begin IMMEDIATE (see
 * sqlite-dialect.ts), so another process waits on busy_timeout; callers in this process queue on
 * a per-file promise, because better-sqlite3 waits synchronously and would block the very
 * connection it waits for. Kysely runs SQLite migrations outside a transaction, though, so two
 * processes on a brand-new file can both run the same migration, or both create Kysely's
 * bookkeeping tables. So every migration creates only what is missing (IF NOT EXISTS), and a
 * failed attempt is retried: the retry finds the other process's work recorded and goes on.
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
    const { error } = await migrator.migrateToLatest();
    if (!error) return;
    lastError = error;
    // a migration that is itself wrong fails every attempt too, a moment later
    await new Promise((r) => setTimeout(r, 50 * attempt + Math.random() * 50));
  }
  const reason = lastError instanceof Error ? lastError.message : String(lastError);
  throw new Error(`config database migration failed: ${reason}`);
}
