/**
 * The stats renderer's dialect for ClickHouse.
 *
 * events is read with FINAL: a replayed batch may still sit in a part that has not been merged
 * with its first copy, and FINAL collapses it at read time. The sessions rollup holds partial
 * aggregate states, so the dialect's sessions "table" is the rollup merged per session; for a
 * site's query the site condition sits inside that subquery, where it narrows the primary key
 * range (site_id, session_id) before any state is merged.
 */
import type { Dialect } from '@vigil/core/stats/sql/dialect';
import { clickHouseLiterals, str } from './literal.ts';
import { mergedSessionsSql } from './migrations/0002-sessions.ts';

const base: Omit<Dialect, 'sessionsTable'> = {
  lit: clickHouseLiterals,
  eventsTable: 'events FINAL',
  uniq: (expr) => `uniqExact(${expr})`,
  countIf: (cond) => `countIf(${cond})`,
  sumIf: (expr, cond) => `sumIf(${expr}, ${cond})`,
  // ts, start_ts and end_ts are Int64 epoch milliseconds already.
  epochMs: (expr) => `(${expr})`,
  intDiv: (a, b) => `intDiv(${a}, ${b})`,
};

/** The dialect for queries about one site (null: queries over every site). */
export function clickHouseDialect(siteId: string | null): Dialect {
  return { ...base, sessionsTable: mergedSessionsSql(siteId === null ? null : `site_id = ${str(siteId)}`) };
}
