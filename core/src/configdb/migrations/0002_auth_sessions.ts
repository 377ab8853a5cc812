/**
 * Dashboard sign-in sessions. The cookie carries a random secret; only its SHA-256 is stored, so
 * the database alone cannot sign anyone in. Portable types only (text, bigint), as in 0001.
 */
import type { Kysely, Migration } from 'kysely';

export const authSessions: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('auth_sessions')
      .ifNotExists()
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('secret_hash', 'text', (c) => c.notNull().unique())
      .addColumn('csrf_secret', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
      .execute();
    // the periodic sweep deletes by expiry
    await db.schema.createIndex('auth_sessions_expires_at').ifNotExists().on('auth_sessions').column('expires_at').execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('auth_sessions').execute();
  },
};
