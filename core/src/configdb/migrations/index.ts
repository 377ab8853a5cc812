/**
 * Every migration, by name. Names sort in the order they must run; add new ones as
 * `0002_<what>.ts` and list them here (in code, so no file-system scan at runtime).
 */
import type { Migration, MigrationProvider } from 'kysely';
import { initial } from './0001_initial.ts';

const MIGRATIONS: Record<string, Migration> = {
  '0001_initial': initial,
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return MIGRATIONS;
  },
};
