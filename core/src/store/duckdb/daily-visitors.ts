/**
 * The sessions' first_of flags (schema.ts, "Daily visitors"; bits in
 * core/src/stats/sql/daily-visitors.ts), recomputed after an insert for the batch's visitors.
 *
 * The flags are computed here rather than in SQL: a visitor has a handful of sessions a day, and
 * DuckDB pays a few milliseconds of fixed cost per window function, seventeen of them per insert,
 * where this loop takes well under one. A new session is inserted with every bit set (right for a visitor's
 * only session), so only the visitors with more than one session usually change: their later
 * sessions, and the FIRST_OF_ONLY and LAST_OF_VISITOR bits of their earlier ones. A visitor's
 * sessions are ordered by start, then session id; a late event that moves a start reorders them
 * at the insert that brings it.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { DAY_MS } from '../../privacy/visitor-day.ts';
import { DIRECT_SOURCE } from '../../stats/plan.ts';
import { DIMENSION_ORDER, FIRST_OF_ONLY, FIRST_OF_VISITOR, LAST_OF_VISITOR, firstOfBit, sessionGroupKey } from '../../stats/sql/daily-visitors.ts';
import { str } from './duckdb-literal.ts';
import { batchVisitorRows } from './merge.ts';

export interface SessionKeys {
  rowid: bigint;
  site: string;
  visitor: bigint;
  session: bigint;
  /** start_ts, epoch ms */
  start: number;
  firstOf: number;
  /** the session's group key of each dimension, in DIMENSION_ORDER */
  keys: readonly string[];
}

export interface FirstOfChange {
  rowid: bigint;
  firstOf: number;
}

/** The first day start at or before `cutoff` (null: all rows). */
export function dayStartOf(cutoff: number | null): number | null {
  return cutoff === null ? null : Math.floor(cutoff / DAY_MS) * DAY_MS;
}

/**
 * Every session of the batch's visitors from `dayStart` on that has a sibling, with its flags and
 * group keys. A visitor's only session keeps the flags it was inserted with (all of them), so it
 * is not read: most visitors have one session a day, and decoding their rows into JavaScript was
 * most of this step's cost.
 */
export function batchVisitorSessionsSql(dayStart: number | null): string {
  const keys = DIMENSION_ORDER.map((d, i) => `${sessionGroupKey(d, str(DIRECT_SOURCE))} AS k${i}`);
  return `SELECT rowid, site_id, visitor_id, session_id, epoch_ms(start_ts), first_of, ${keys.join(', ')} FROM sessions
    WHERE rowid IN (SELECT rid FROM (
      SELECT rowid AS rid, count(*) OVER (PARTITION BY site_id, visitor_id) AS sessions_of_visitor FROM sessions
      WHERE ${batchVisitorRows('sessions', 'start_ts', dayStart)}) AS mine
    WHERE sessions_of_visitor > 1)`;
}

export function sessionKeysOf(row: readonly unknown[]): SessionKeys {
  const [rowid, site, visitor, session, start, firstOf, ...keys] = row;
  return {
    rowid: BigInt(rowid as bigint), site: String(site), visitor: BigInt(visitor as bigint), session: BigInt(session as bigint),
    start: Number(start), firstOf: Number(firstOf), keys: keys.map(String),
  };
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
    list.sort((a, b) => a.start - b.start || (a.session < b.session ? -1 : a.session > b.session ? 1 : 0));
    const seen = DIMENSION_ORDER.map(() => new Set<string>());
    for (const [n, s] of list.entries()) {
      let firstOf = (n === 0 ? FIRST_OF_VISITOR : 0) | (n === list.length - 1 ? LAST_OF_VISITOR : 0) | (list.length === 1 ? FIRST_OF_ONLY : 0);
      for (const [i, key] of s.keys.entries()) {
        if (seen[i]!.has(key)) continue;
        seen[i]!.add(key);
        firstOf |= bits[i]!;
      }
      if (firstOf !== s.firstOf) changes.push({ rowid: s.rowid, firstOf });
    }
  }
  return changes;
}

/**
 * Writes the changes to the rows they were read from (nothing moves rows in between). A join on
 * rowid, not a CASE over rowids: a CASE of a thousand branches is tried branch by branch per row.
 */
export function setFirstOfSql(changes: readonly FirstOfChange[]): string {
  const values = changes.map((c) => `(CAST(${c.rowid} AS BIGINT), ${c.firstOf})`).join(', ');
  return `UPDATE sessions SET first_of = c.first_of FROM (VALUES ${values}) AS c(row_id, first_of) WHERE sessions.rowid = c.row_id`;
}

/** After the MERGEs: the batch's visitors' first_of flags, over their sessions from `dayStart` on. */
export async function refreshFirstOf(conn: DuckDBConnection, dayStart: number | null): Promise<void> {
  const changes = firstOfChanges((await conn.runAndReadAll(batchVisitorSessionsSql(dayStart))).getRows().map(sessionKeysOf));
  if (changes.length > 0) await conn.run(setFirstOfSql(changes));
}
