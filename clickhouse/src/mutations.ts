/**
 * ALTER TABLE ... DELETE is a mutation: it returns at once and rewrites parts in the background.
 * 18.16 has no mutations_sync, so callers that must see the result wait here until every
 * mutation of the tables is done.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import { str, strList } from './literal.ts';

export class MutationTimeoutError extends Error {
  constructor(tables: readonly string[], timeoutMs: number) {
    super(`ClickHouse mutations on ${tables.join(', ')} still running after ${timeoutMs} ms`);
    this.name = 'MutationTimeoutError';
  }
}

export async function waitForMutations(client: ClickHouseClient, database: string, tables: readonly string[], timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let pause = 10;
  for (;;) {
    const rs = await client.query({
      query: `SELECT count() AS pending FROM system.mutations WHERE database = ${str(database)} AND table IN ${strList(tables)} AND is_done = 0`,
      format: 'JSONEachRow',
    });
    const [row] = await rs.json<{ pending: string | number }>();
    if (Number(row?.pending ?? 0) === 0) return;
    if (Date.now() > deadline) throw new MutationTimeoutError(tables, timeoutMs);
    await new Promise((resolve) => setTimeout(resolve, pause));
    pause = Math.min(pause * 2, 200);
  }
}
