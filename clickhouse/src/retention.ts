/**
 * Raw events kept for CLICKHOUSE_EVENTS_TTL_DAYS (none by default); the rollups are kept.
 *
 * Servers with TTL (19.6+) get it in the events DDL, and MODIFY TTL on each start so a changed
 * setting applies to an existing table. Older servers (18.16) get the same effect from a sweep:
 * ALTER TABLE events DELETE for rows past the cutoff, run on start and every few hours, and only
 * when such rows exist (a mutation rewrites parts, so an empty sweep should not issue one).
 */
import type { ClickHouseClient } from '@clickhouse/client';
import type { ServerFeatures } from './server-features.ts';
import { eventsTtlClause } from './migrations/0001-events.ts';
import { tsMs } from './literal.ts';

export const DAY_MS = 86_400_000;
export const SWEEP_EVERY_MS = 6 * 3_600_000;

export class TtlSettingError extends TypeError {
  constructor(value: unknown) {
    super(`events TTL must be a whole number of days >= 1, got ${JSON.stringify(value)}`);
    this.name = 'TtlSettingError';
  }
}

export function checkTtlDays(value: number | undefined | null): number | null {
  if (value === undefined || value === null) return null;
  if (!Number.isSafeInteger(value) || value < 1) throw new TtlSettingError(value);
  return value;
}

/** Applies a configured TTL to an existing events table where the server supports it. */
export async function applyEventsTtl(client: ClickHouseClient, features: ServerFeatures, ttlDays: number | null): Promise<void> {
  const clause = eventsTtlClause({ features, ttlDays });
  if (clause) await client.command({ query: `ALTER TABLE events MODIFY ${clause}` });
}

/** Deletes raw events older than the TTL on servers without TTL; returns how many it found. */
export async function sweepExpiredEvents(client: ClickHouseClient, ttlDays: number, now: number): Promise<number> {
  const cutoff = tsMs(now - ttlDays * DAY_MS);
  const rs = await client.query({ query: `SELECT count() AS n FROM events WHERE ts < ${cutoff}`, format: 'JSONEachRow' });
  const [row] = await rs.json<{ n: string | number }>();
  const n = Number(row?.n ?? 0);
  if (n > 0) await client.command({ query: `ALTER TABLE events DELETE WHERE ts < ${cutoff}` });
  return n;
}
