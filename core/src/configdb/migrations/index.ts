/**
 * Every migration, by name. Names sort in the order they must run; add new ones as
 * `0002_<what>.ts` and list them here (in code, so no file-system scan at runtime).
 */
import type { Migration, MigrationProvider } from 'kysely';
import { initial } from './0001_initial.ts';
import { authSessions } from './0002_auth_sessions.ts';

const MIGRATIONS: Record<string, Migration> = {
  '0001_initial': initial,
  '0002_auth_sessions': authSessions,
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return MIGRATIONS;
  },
};
