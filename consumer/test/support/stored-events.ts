/**
 * Test helper: what a run's ClickHouse database holds for one site, read two ways: directly
 * (rows, distinct ids, pages, with and without FINAL) and through the event store's own stats
 * query, which is what a dashboard shows.
 */
import { createClient } from '@clickhouse/client';
import { openClickHouseStore } from '@vigil/clickhouse/clickhouse-store';
import { CLICKHOUSE_URL } from './cluster-engines.ts';

export interface StoredCounts {
  /** rows as read through FINAL: a re-inserted event (same id) counts once */
  rows: number;
  distinctIds: number;
  /** rows before background merges collapsed re-inserted events (at-least-once replays show here) */
  rawRows: number;
  /** rows per page, through FINAL */
  pages: Map<string, number>;
}

const quote = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

export async function storedCounts(database: string, siteId: string): Promise<StoredCounts> {
  const client = createClient({ url: CLICKHOUSE_URL, database, request_timeout: 30_000 });
  try {
    const where = `site_id = ${quote(siteId)} AND name = 'pageview'`;
    const read = async <T>(query: string) => (await (await client.query({ query, format: 'JSONEachRow' })).json<T>());
    const [totals] = await read<{ rows: string; ids: string }>(`SELECT count() AS rows, uniqExact(id) AS ids FROM events FINAL WHERE ${where}`);
    const [raw] = await read<{ rows: string }>(`SELECT count() AS rows FROM events WHERE ${where}`);
    const pages = await read<{ page: string; n: string }>(`SELECT page, count() AS n FROM events FINAL WHERE ${where} GROUP BY page`);
    return {
      rows: Number(totals?.rows ?? 0),
      distinctIds: Number(totals?.ids ?? 0),
      rawRows: Number(raw?.rows ?? 0),
      pages: new Map(pages.map((p) => [p.page, Number(p.n)])),
    };
  } finally {
    await client.close();
  }
}

/** Pageviews over the last day as the stats API computes them (the sessions rollup). */
export async function statsPageviews(database: string, siteId: string): Promise<number> {
  const store = await openClickHouseStore({ url: CLICKHOUSE_URL, database, log: { info: () => {}, warn: () => {} } });
  try {
    const now = Date.now();
    const totals = await store.totals({ siteId, timezone: 'UTC', from: now - 86_400_000, to: now + 60_000, filters: [] });
    return totals.pageviews;
  } finally {
    await store.close();
  }
}

/** A quick row count (no FINAL), for watching progress. */
export async function rawPageviewRows(database: string, siteId: string): Promise<number> {
  const client = createClient({ url: CLICKHOUSE_URL, database, request_timeout: 10_000 });
  try {
    const rs = await client.query({ query: `SELECT count() AS n FROM events WHERE site_id = ${quote(siteId)}`, format: 'JSONEachRow' });
    const [row] = await rs.json<{ n: string }>();
    return Number(row?.n ?? 0);
  } finally {
    await client.close();
  }
}
