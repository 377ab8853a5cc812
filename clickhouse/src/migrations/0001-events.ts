/**
 * The raw events: one wide row per StoredEvent.
 *
 * ReplacingMergeTree ordered by (site_id, ts, id): a re-inserted event (same id, hence same site
 * and ts) has the same sorting key and collapses into one row on merge, and every read goes
 * through FINAL so not-yet-merged duplicates are counted once too. The key starts with site and
 * time, so a per-site time range reads only its granules; monthly partitions keep merges small
 * and let old months be dropped whole.
 */
import type { Migration, MigrationContext } from './migration.ts';
import { eventColumnsDdl } from './columns.ts';

export const EVENTS_TIME = 'toDateTime(intDiv(ts, 1000), \'UTC\')';

/** The TTL clause for raw events, when the server supports TTL and one is configured. */
export function eventsTtlClause(ctx: MigrationContext): string {
  if (ctx.ttlDays === null || !ctx.features.ttl) return '';
  return `TTL toDateTime(intDiv(ts, 1000)) + toIntervalDay(${ctx.ttlDays})`;
}

export function eventsDdl(ctx: MigrationContext): string {
  return `CREATE TABLE IF NOT EXISTS events (
  ${eventColumnsDdl(ctx.features)}
) ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(${EVENTS_TIME})
ORDER BY (site_id, ts, id)
${eventsTtlClause(ctx)}`.trimEnd();
}

export const eventsMigration: Migration = {
  version: 1,
  name: 'events',
  statements: (ctx) => [eventsDdl(ctx)],
};
