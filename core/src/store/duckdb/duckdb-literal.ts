/**
 * DuckDB literals: the only way a value enters a DuckDB stats query.
 *
 * Strings use standard SQL quoting (quotes doubled; backslash is an ordinary character in
 * DuckDB's standard strings). NUL cannot travel inside query text (the C API reads a
 * NUL-terminated string), so it is spliced in with chr(0).
 */
import type { SqlLiterals } from '../../stats/sql/dialect.ts';

function quoted(part: string): string {
  return `'${part.replaceAll("'", "''")}'`;
}

export function str(value: string): string {
  if (typeof value !== 'string') throw new TypeError('SQL string literal: not a string');
  if (!value.includes('\0')) return quoted(value);
  return `(${value.split('\0').map(quoted).join(' || chr(0) || ')})`;
}

export function num(value: number): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new TypeError(`SQL number literal: not a finite number (${String(value)})`);
  return Number.isInteger(value) ? value.toFixed(0) : String(value);
}

export function tsMs(ms: number): string {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) throw new TypeError(`SQL timestamp literal: not a finite epoch ms (${String(ms)})`);
  return `make_timestamp(${(BigInt(Math.floor(ms)) * 1000n).toString()})`;
}

export function strList(values: readonly string[]): string {
  if (values.length === 0) throw new TypeError('SQL string list literal: empty list');
  return `(${values.map(str).join(', ')})`;
}

export const duckDbLiterals: SqlLiterals = { str, num, tsMs, strList };
