/**
 * What an insert does for daily visitors (schema.ts, "Daily visitors"), after the MERGEs: the
 * sessions' first_of flags (bits in core/src/stats/sql/daily-visitors.ts) and page_days, for the
 * batch's visitors.
 *
 * The flags are computed here rather than in SQL: a visitor has a handful of sessions a day, and
 * DuckDB pays a few milliseconds of fixed cost per window function, seventeen of them per insert,
 * where this loop takes well under one. A new session is inserted with every bit set (right for a visitor's
 * only session), so only the visitors with more than one session usually change: their later
 * sessions, and the FIRST_OF_ONLY bit of their first.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { DAY_MS } from '../../privacy/visitor-day.ts';
import { DIRECT_SOURCE } from '../../stats/plan.ts';
import { DIMENSION_ORDER, FIRST_OF_ONLY, FIRST_OF_VISITOR, firstOfBit, sessionGroupKey } from '../../stats/sql/daily-visitors.ts';
import { str, tsMs } from './duckdb-literal.ts';
import { BATCH_VISITOR_DAYS_SQL, refreshPageDaysSql } from './merge.ts';

export interface SessionKeys {
  site: string;
  visitor: bigint;
  session: bigint;
  firstOf: number;
  /** the session's group key of each dimension, in DIMENSION_ORDER */
  keys: readonly string[];
}

export interface FirstOfChange {
  site: string;
  session: bigint;
  firstOf: number;
}

const from = (column: string, dayStart: number | null) => (dayStart === null ? '' : `${column} >= ${tsMs(dayStart)} AND `);

/** The first day start at or before `cutoff` (null: all rows). */
export function dayStartOf(cutoff: number | null): number | null {
  return cutoff === null ? null : Math.floor(cutoff / DAY_MS) * DAY_MS;
}

/**
 * Every session of the batch's visitors from `dayStart` on, with its flags and group keys. The
 * rows are found on the two narrow columns first and then read by rowid: reading the sixteen
 * text columns of a whole day's sessions to keep a few dozen costs ten times more.
 */
export function batchVisitorSessionsSql(dayStart: number | null): string {
  const keys = DIMENSION_ORDER.map((d, i) => `${sessionGroupKey(d, str(DIRECT_SOURCE))} AS k${i}`);
  return `SELECT site_id, visitor_id, session_id, first_of, ${keys.join(', ')} FROM sessions
    WHERE rowid IN (SELECT rowid FROM sessions WHERE ${from('start_ts', dayStart)}visitor_id IN (SELECT visitor_id FROM batch))`;
}

export function sessionKeysOf(row: readonly unknown[]): SessionKeys {
  const [site, visitor, session, firstOf, ...keys] = row;
  return { site: String(site), visitor: BigInt(visitor as bigint), session: BigInt(session as bigint), firstOf: Number(firstOf), keys: keys.map(String) };
}

/** The flags each visitor's sessions should have, where they differ from what they have. */
export function firstOfChanges(sessions: readonly SessionKeys[]): FirstOfChange[] {
  const byVisitor = new Map<string, SessionKeys[]>();
  for (const s of sessions) {
    const key = `${s.site}\n${s.visitor}`;
    const list = byVisitor.get(key);
    if (list) list.push(s);
    else byVisitor.set(key, [s]);
  }
  const bits = DIMENSION_ORDER.map(firstOfBit);
  const changes: FirstOfChange[] = [];
  for (const list of byVisitor.values()) {
    list.sort((a, b) => (a.session < b.session ? -1 : a.session > b.session ? 1 : 0));
    const seen = DIMENSION_ORDER.map(() => new Set<string>());
    for (const [n, s] of list.entries()) {
      let firstOf = (n === 0 ? FIRST_OF_VISITOR : 0) | (list.length === 1 ? FIRST_OF_ONLY : 0);
      for (const [i, key] of s.keys.entries()) {
        if (seen[i]!.has(key)) continue;
        seen[i]!.add(key);
        firstOf |= bits[i]!;
      }
      if (firstOf !== s.firstOf) changes.push({ site: s.site, session: s.session, firstOf });
    }
  }
  return changes;
}

/** Writes the changes (rows from `dayStart` on, where they were read). */
export function setFirstOfSql(changes: readonly FirstOfChange[], dayStart: number | null): string {
  const values = changes.map((c) => `(${str(c.site)}, CAST(${c.session} AS UBIGINT), ${c.firstOf})`).join(', ');
  return `UPDATE sessions SET first_of = c.first_of FROM (VALUES ${values}) AS c(site_id, session_id, first_of)
    WHERE ${from('sessions.start_ts', dayStart)}sessions.site_id = c.site_id AND sessions.session_id = c.session_id`;
}

export interface VisitorRefresh {
  /** the MERGEs' cutoff (merge.ts oldSessionsSql); null: they read every row */
  cutoff: number | null;
  /** the batch's last event */
  maxTs: number;
  /** whether a site counts visitors with DISTINCT (mixed_visitor_days): its page_days go unread */
  mixed(site: string): boolean;
}

/** Recomputes the batch's visitors' first_of flags and their days' page_days rows. */
export async function refreshDailyVisitors(conn: DuckDBConnection, r: VisitorRefresh): Promise<void> {
  const dayStart = dayStartOf(r.cutoff);
  const changes = firstOfChanges((await conn.runAndReadAll(batchVisitorSessionsSql(dayStart))).getRows().map(sessionKeysOf));
  if (changes.length > 0) await conn.run(setFirstOfSql(changes, dayStart));
  // A visitor of a site that keeps the rule has no day after the batch's last event.
  const lastDay = Math.floor(r.maxTs / DAY_MS);
  const days = new Map<string, Set<number>>();
  for (const [site, day] of (await conn.runAndReadAll(BATCH_VISITOR_DAYS_SQL)).getRows()) {
    const key = String(site);
    if (r.mixed(key) || Number(day) > lastDay) continue;
    days.set(key, (days.get(key) ?? new Set()).add(Number(day)));
  }
  for (const sql of refreshPageDaysSql(str, days)) await conn.run(sql);
}
