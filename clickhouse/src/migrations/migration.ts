/** A versioned schema migration: idempotent statements, recorded in vigil_migrations once applied. */
import type { ServerFeatures } from '../server-features.ts';

export interface MigrationContext {
  features: ServerFeatures;
  /** days raw events are kept, or null to keep them forever */
  ttlDays: number | null;
}

export interface Migration {
  version: number;
  name: string;
  /** Each statement is safe to run again (IF NOT EXISTS, idempotent backfills). */
  statements(ctx: MigrationContext): string[];
}
