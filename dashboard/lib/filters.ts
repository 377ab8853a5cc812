/**
 * Dashboard filters <-> the stats API's `filter` parameter (`country==US;page!=/a|/b`), which is
 * also what the URL carries (`?filter=...`), so a filtered view can be shared and reloaded.
 */
import { DIMENSIONS, type Dimension } from './types.ts';

export interface Filter {
  dimension: Dimension;
  op: 'is' | 'is_not';
  values: string[];
}

const KNOWN = new Set<string>(DIMENSIONS);
const SPECIAL = /[;|=!\\]/g;

function escapeValue(value: string): string {
  return value.replace(SPECIAL, (c) => `\\${c}`);
}

export function serializeFilters(filters: Filter[]): string {
  return filters
    .map((f) => `${f.dimension}${f.op === 'is' ? '==' : '!='}${f.values.map(escapeValue).join('|')}`)
    .join(';');
}

/** Splits on unescaped `sep`, keeping escapes for `unescapeValue`. */
function splitUnescaped(text: string, sep: string): string[] {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === sep) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

function unescapeValue(raw: string): string {
  return raw.replace(/\\(.)/g, '$1');
}

/** Reads a filter from the URL; clauses it cannot read are dropped rather than breaking the page. */
export function parseFilters(text: string | null): Filter[] {
  if (!text) return [];
  const out: Filter[] = [];
  for (const clause of splitUnescaped(text, ';')) {
    const at = clause.search(/[=!]/);
    if (at < 0) continue;
    const op = clause.slice(at, at + 2);
    const name = clause.slice(0, at).trim();
    if ((op !== '==' && op !== '!=') || !KNOWN.has(name)) continue;
    const values = splitUnescaped(clause.slice(at + 2), '|').map(unescapeValue).filter((v) => v !== '');
    if (values.length === 0) continue;
    out.push({ dimension: name as Dimension, op: op === '==' ? 'is' : 'is_not', values });
  }
  return out;
}

/** Clicking a row: that dimension is now exactly this value. */
export function withFilter(filters: Filter[], dimension: Dimension, value: string): Filter[] {
  return [...filters.filter((f) => f.dimension !== dimension), { dimension, op: 'is', values: [value] }];
}

export function withoutFilter(filters: Filter[], index: number): Filter[] {
  return filters.filter((_, i) => i !== index);
}
