/**
 * The stats renderer's dialect for ClickHouse.
 *
 * events is read with FINAL: a replayed batch may still sit in a part that has not been merged
 * with its first copy, and FINAL collapses it at read time. The sessions rollup holds partial
 * aggregate states, so the dialect's sessions "table" is the rollup merged per session; for a
 * site's query the site condition sits inside that subquery, where it narrows the primary key
 * range (site_id, session_id) before any state is merged. The page_visits rollup is read the same
 * way, merged per (session, page); the store's plan supplies its span (pageVisitSpanMs).
 */
import type { Dialect } from '@vigil/core/stats/sql/dialect';
import { clickHouseLiterals, str } from './literal.ts';
import { mergedSessionsSql } from './migrations/0002-sessions.ts';
import { mergedPageVisitsSql } from './migrations/0003-page-visits.ts';

const base: Omit<Dialect, 'sessionsTable' | 'pageVisitsTable'> = {
  lit: clickHouseLiterals,
  eventsTable: 'events FINAL',
  uniq: (expr) => `uniqExact(${expr})`,
  countIf: (cond) => `countIf(${cond})`,
  sumIf: (expr, cond) => `sumIf(${expr}, ${cond})`,
  // ts, start_ts and end_ts are Int64 epoch milliseconds already.
  epochMs: (expr) => `(${expr})`,
  intDiv: (a, b) => `intDiv(${a}, ${b})`,
};

/**
 * The dialect for queries about one site (null: queries over every site); with the query's range
 * and the site's longest page visit, page_visits merges only the days that range can need.
 */
export function clickHouseDialect(siteId: string | null, range?: { from: number; to: number; spanMs: number }): Dialect {
  const site = siteId === null ? null : `site_id = ${str(siteId)}`;
  return { ...base, sessionsTable: mergedSessionsSql(site), pageVisitsTable: mergedPageVisitsSql(site, range) };
}
