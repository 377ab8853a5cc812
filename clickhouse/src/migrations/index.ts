/** Every migration, in order. A new schema change is a new file with the next version. */
import type { Migration } from './migration.ts';
import { eventsMigration } from './0001-events.ts';
import { sessionsMigration } from './0002-sessions.ts';
import { pageVisitsMigration } from './0003-page-visits.ts';

export const MIGRATIONS: readonly Migration[] = [eventsMigration, sessionsMigration, pageVisitsMigration];
