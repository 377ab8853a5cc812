/** The stats renderer's dialect for DuckDB. */
import type { Dialect } from '../../stats/sql/dialect.ts';
import { duckDbLiterals } from './duckdb-literal.ts';
import { SLOT_MS } from './merge.ts';

export const duckDbDialect: Dialect = {
  lit: duckDbLiterals,
  eventsTable: 'events',
  sessionsTable: 'sessions',
  pageVisitsTable: 'page_visits',
  pageDaysTable: 'page_days',
  sessionDaysTable: 'session_days',
  eventVisitsTable: 'event_visits',
  eventCounts: { table: 'event_counts', slotMs: SLOT_MS },
  // ids are keyed as UBIGINT from their 16 hex digits, so the day is the top 16 bits
  visitorDay: (expr) => `(${expr} >> 48)`,
  uniq: (expr) => `count(DISTINCT ${expr})`,
  countIf: (cond) => `count_if(${cond})`,
  sumIf: (expr, cond) => `coalesce(sum(${expr}) FILTER (WHERE ${cond}), 0)`,
  epochMs: (expr) => `epoch_ms(${expr})`,
  intDiv: (a, b) => `(${a} // ${b})`,
};
