/**
 * The store's options from the environment, for the server and consumer in cluster mode:
 *   CLICKHOUSE_URL               HTTP interface (default http://127.0.0.1:8123)
 *   CLICKHOUSE_DATABASE          database name (default vigil)
 *   CLICKHOUSE_EVENTS_TTL_DAYS   days raw events are kept (default: forever; rollups are always kept)
 */
import type { ClickHouseStoreOptions } from './clickhouse-store.ts';

export class ClickHouseEnvError extends Error {
  constructor(message: string) {
    super(`invalid ClickHouse configuration: ${message}`);
    this.name = 'ClickHouseEnvError';
  }
}

export function clickHouseOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): ClickHouseStoreOptions {
  const url = env.CLICKHOUSE_URL?.trim() || 'http://127.0.0.1:8123';
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('not http');
  } catch {
    // The URL may hold a password: name the variable, not its value.
    throw new ClickHouseEnvError('CLICKHOUSE_URL must be an http(s) URL');
  }
  const database = env.CLICKHOUSE_DATABASE?.trim() || 'vigil';
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(database)) throw new ClickHouseEnvError(`CLICKHOUSE_DATABASE must be a plain name (letters, digits, underscore), got ${JSON.stringify(database)}`);
  const ttlText = env.CLICKHOUSE_EVENTS_TTL_DAYS?.trim();
  let ttlDays: number | null = null;
  if (ttlText) {
    if (!/^\d+$/.test(ttlText) || Number(ttlText) < 1) throw new ClickHouseEnvError(`CLICKHOUSE_EVENTS_TTL_DAYS must be a whole number of days >= 1, got ${JSON.stringify(ttlText)}`);
    ttlDays = Number(ttlText);
  }
  return { url, database, ttlDays };
}
