/**
 * ClickHouse literals: the only way a value enters a ClickHouse query.
 *
 * Strings are single-quoted with C-style escapes, which every ClickHouse release parses the same
 * way: backslash and quote are escaped, and NUL and other control characters are written as
 * escapes so the query text stays printable (HTTP carries the query as UTF-8; any other unicode,
 * astral planes included, passes through as is). Lone surrogates cannot be encoded as UTF-8 and
 * would silently become U+FFFD, so they are refused instead.
 *
 * Timestamps are epoch milliseconds: the events table keeps `ts` as Int64 ms (DateTime has whole
 * seconds on 18.16), so a timestamp literal is the integer itself.
 */
import type { SqlLiterals } from '@vigil/core/stats/sql/dialect';

export class SqlLiteralError extends TypeError {
  constructor(message: string) {
    super(message);
    this.name = 'SqlLiteralError';
  }
}

const NAMED_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  "'": "\\'",
  '\0': '\\0',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

// Backslash, quote, C0 controls and DEL.
const NEEDS_ESCAPE = /[\\'\u0000-\u001f\u007f]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function escapeChar(c: string): string {
  return NAMED_ESCAPES[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
}

export function str(value: string): string {
  if (typeof value !== 'string') throw new SqlLiteralError('SQL string literal: not a string');
  if (LONE_SURROGATE.test(value)) throw new SqlLiteralError('SQL string literal: contains a lone UTF-16 surrogate');
  return `'${value.replace(NEEDS_ESCAPE, escapeChar)}'`;
}

export function num(value: number): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new SqlLiteralError(`SQL number literal: not a finite number (${String(value)})`);
  const text = Number.isInteger(value) ? value.toFixed(0) : String(value);
  // Parenthesised when negative, so `a - ${num(-1)}` can never read as a comment or a double minus.
  return value < 0 ? `(${text})` : text;
}

export function tsMs(ms: number): string {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) throw new SqlLiteralError(`SQL timestamp literal: not a finite epoch ms (${String(ms)})`);
  return num(Math.floor(ms));
}

export function strList(values: readonly string[]): string {
  if (!Array.isArray(values) || values.length === 0) throw new SqlLiteralError('SQL string list literal: empty list');
  return `(${values.map(str).join(', ')})`;
}

/** A database or table name: plain identifiers only, so names never need quoting. */
export function identifier(name: string): string {
  if (typeof name !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name)) {
    throw new SqlLiteralError(`SQL identifier: ${JSON.stringify(name)} is not a plain name (letters, digits, underscore)`);
  }
  return name;
}

export const clickHouseLiterals: SqlLiterals = { str, num, tsMs, strList };
