/**
 * For the tests that prove a breakdown read from a rollup equals the plain GROUP BY over events:
 * the batches go through the DuckDB store (merged into its rollups, read back by its own plan),
 * then the same queries are rendered without rollup spans (so they group raw events) and run on
 * the same file.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { openDuckDbStore } from '../store/duckdb/duckdb-store.ts';
import { duckDbDialect } from '../store/duckdb/duckdb-dialect.ts';
import { renderBreakdown } from '../stats/sql/breakdown.ts';
import { planQuery } from '../stats/plan.ts';
import type { BreakdownRow, Dimension, StatsQuery } from '../stats/model.ts';
import type { Row } from '../stats/sql/dialect.ts';
import type { StoredEvent } from '../event/stored.ts';

export interface BreakdownAsked {
  q: StatsQuery;
  limit: number;
}

/** The store's answers (`fast`) and the plain GROUP BY's (`plain`), query by query. */
export async function rollupAndPlainBreakdowns(
  batches: StoredEvent[][],
  by: Dimension,
  rollupTable: string,
  queries: BreakdownAsked[],
): Promise<{ fast: BreakdownRow[][]; plain: BreakdownRow[][] }> {
  const dir = await mkdtemp(join(tmpdir(), `vigil-${rollupTable}-`));
  const path = join(dir, 'events.duckdb');
  try {
    const store = await openDuckDbStore({ path, memoryLimit: '256MB', threads: 2 });
    const fast: BreakdownRow[][] = [];
    try {
      for (const b of batches) await store.insert(b);
      for (const { q, limit } of queries) fast.push(await store.breakdown(q, by, limit));
    } finally {
      await store.close();
    }
    const instance = await DuckDBInstance.create(path);
    const conn = await instance.connect();
    const plain: BreakdownRow[][] = [];
    try {
      for (const { q, limit } of queries) {
        const rendered = renderBreakdown(q, by, limit, planQuery(q), duckDbDialect);
        assert.doesNotMatch(rendered.sql, new RegExp(rollupTable), 'the plain plan reads raw events');
        plain.push(rendered.shape((await conn.runAndReadAll(rendered.sql)).getRowObjectsJS() as Row[]));
      }
    } finally {
      conn.closeSync();
      instance.closeSync();
    }
    return { fast, plain };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
