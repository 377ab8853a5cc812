/**
 * The filter syntax of the stats API: `page==/pricing;country==US|DE;source!=Google`.
 *
 * Clauses are split by ';', each is `dimension==values` or `dimension!=values`, '|' separates
 * alternative values (any of them matches), and a backslash escapes ';', '|', '=', '!' and '\'
 * inside values.
 */
import { DIMENSIONS, type Dimension, type Filter } from './model.ts';
import { QueryError } from './query-error.ts';

export const MAX_FILTER_CLAUSES = 20;
export const MAX_FILTER_VALUES = 100;
export const MAX_FILTER_VALUE_LENGTH = 2048;

const ESCAPABLE = new Set([';', '|', '=', '!', '\\']);
const KNOWN = new Set<string>(DIMENSIONS);

export function parseFilter(text: string): Filter[] {
  if (text === '') return [];
  const clauses = splitUnescaped(text, ';', (at) => `filter ends with a lone backslash at ${at}`);
  if (clauses.length > MAX_FILTER_CLAUSES) {
    throw new QueryError(`filter has ${clauses.length} clauses; at most ${MAX_FILTER_CLAUSES} are allowed`);
  }
  return clauses.map((clause, i) => parseClause(clause, i + 1));
}

function parseClause(clause: string, n: number): Filter {
  const label = `filter clause ${n} (${JSON.stringify(clause)})`;
  if (clause === '') throw new QueryError(`filter clause ${n} is empty`);
  // Dimension names hold neither '=' nor '!', so the first of them starts the operator.
  const opAt = clause.search(/[=!]/);
  if (opAt < 0) throw new QueryError(`${label} has no operator; use == or !=`);
  const op = clause.slice(opAt, opAt + 2);
  if (op !== '==' && op !== '!=') throw new QueryError(`${label} has no valid operator; use == or !=`);
  const name = clause.slice(0, opAt).trim();
  if (name === '') throw new QueryError(`${label} names no dimension`);
  if (!KNOWN.has(name)) {
    throw new QueryError(`${label} names an unknown dimension ${JSON.stringify(name)}; known: ${DIMENSIONS.join(', ')}`);
  }
  const dimension = name as Dimension;
  const raw = splitUnescaped(clause.slice(opAt + 2), '|', () => `${label} ends with a lone backslash`);
  if (raw.length > MAX_FILTER_VALUES) throw new QueryError(`${label} has more than ${MAX_FILTER_VALUES} values`);
  const values = raw.map((v) => {
    const value = unescape(v, label);
    if (value === '') throw new QueryError(`${label} has an empty value`);
    if (value.length > MAX_FILTER_VALUE_LENGTH) throw new QueryError(`${label} has a value longer than ${MAX_FILTER_VALUE_LENGTH} characters`);
    return dimension === 'country' ? value.toUpperCase() : value;
  });
  return { dimension, op: op === '==' ? 'is' : 'is_not', values };
}

/** Splits on `sep` where it is not escaped; escapes stay in the parts for `unescape`. */
function splitUnescaped(text: string, sep: string, loneBackslash: (at: number) => string): string[] {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') {
      if (i + 1 >= text.length) throw new QueryError(loneBackslash(i));
      i++;
    } else if (c === sep) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

function unescape(raw: string, label: string): string {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const next = raw[i + 1];
    if (next === undefined || !ESCAPABLE.has(next)) {
      throw new QueryError(`${label} has an invalid escape "\\${next ?? ''}"; only \\; \\| \\= \\! and \\\\ are allowed`);
    }
    out += next;
    i++;
  }
  return out;
}

/** The inverse of parseFilter, for links and tests. */
export function formatFilter(filters: readonly Filter[]): string {
  const esc = (v: string) => v.replace(/[;|=!\\]/g, (c) => `\\${c}`);
  return filters.map((f) => `${f.dimension}${f.op === 'is' ? '==' : '!='}${f.values.map(esc).join('|')}`).join(';');
}
