/**
 * StoredEvents as JSONEachRow rows, checked on the way: a bad value is a typed error naming the
 * event and the field, never a half-written batch or a server-side parse failure.
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

/** The batch without repeated ids (first copy kept), each row holding exactly the stored columns. */
export function eventRows(batch: readonly StoredEvent[]): Record<string, unknown>[] {
  const seen = new Set<string>();
  const rows: Record<string, unknown>[] = [];
  for (let i = 0; i < batch.length; i++) {
    const e = batch[i]!;
    if (typeof e !== 'object' || e === null) throw new InvalidEventError(i, 'event', 'is not an object');
    const row: Record<string, unknown> = {};
    for (const [column, check] of CHECKS) {
      const v = e[column];
      check(v, i);
      row[column] = v;
    }
    if (seen.has(e.id)) continue;
    seen.add(e.id);
    rows.push(row);
  }
  return rows;
}
