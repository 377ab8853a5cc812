/**
 * The hot path of a load: StoredEvents into the connection's temp `stage` table.
 *
 * Every call into DuckDB costs far more than the JavaScript around it, and a batch of events
 * repeats its strings (site, name, page, source, browser, the session's ids on each of its
 * events...). So every string is replaced by a code into a per-batch dictionary: the stage gets
 * only numbers, written a column at a time as data chunks (one copy per column per 2,048 rows),
 * and each distinct string crosses once, through the appender into `stage_dict` (the appender
 * keeps NUL and any unicode intact). Measured at 5,000 events: ~30 DuckDB calls per chunk plus
 * one per distinct string, against 32 per event with one appender call per value.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { DOUBLE, DuckDBDataChunk, INTEGER, UINTEGER } from '@duckdb/node-api';
import { STORED_EVENT_COLUMNS, type StoredEvent } from '../../event/stored.ts';
import { columnKind } from './schema.ts';

export class InvalidEventError extends TypeError {
  constructor(index: number, field: string, why: string) {
    super(`event ${index} of the batch: ${field} ${why}`);
    this.name = 'InvalidEventError';
  }
}

type Column = (typeof STORED_EVENT_COLUMNS)[number];

/** Stage column types: ts as epoch ms, integers as themselves, strings as dictionary codes. */
const STAGE_TYPE = { timestamp: DOUBLE, integer: INTEGER, varchar: UINTEGER } as const;
const STAGE_SQL_TYPE = { timestamp: 'DOUBLE', integer: 'INTEGER', varchar: 'UINTEGER' } as const;

export async function createStage(conn: DuckDBConnection): Promise<void> {
  const columns = STORED_EVENT_COLUMNS.map((c) => `${c} ${STAGE_SQL_TYPE[columnKind(c)]} NOT NULL`).join(', ');
  await conn.run(`CREATE TEMP TABLE IF NOT EXISTS stage (${columns})`);
  await conn.run(`CREATE TEMP TABLE IF NOT EXISTS stage_dict (code UINTEGER NOT NULL, value VARCHAR NOT NULL)`);
}

/** SQL reading a stage column back as the value it stands for; `dict` is the dictionary list. */
export function decodedStageColumn(column: Column, dict: string): string {
  switch (columnKind(column)) {
    case 'timestamp':
      return `make_timestamp(CAST(stage.${column} AS BIGINT) * 1000)`;
    case 'integer':
      return `stage.${column}`;
    case 'varchar':
      return `${dict}[stage.${column} + 1]`;
  }
}

/** The dictionary as one list, index = code + 1. */
export const STAGE_DICT_LIST_SQL = `(SELECT list(value ORDER BY code) AS v FROM stage_dict)`;

const INT32_MAX = 2_147_483_647;
const CHUNK_ROWS = 2048;

type Encode = (e: StoredEvent, index: number) => number;

function encoders(code: (s: string) => number): Encode[] {
  return STORED_EVENT_COLUMNS.map((column): Encode => {
    switch (columnKind(column)) {
      case 'timestamp':
        return (e, i) => {
          const v = e[column] as unknown;
          if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw new InvalidEventError(i, column, 'is not a whole epoch millisecond');
          return v;
        };
      case 'integer':
        return (e, i) => {
          const v = e[column] as unknown;
          if (typeof v !== 'number' || !Number.isInteger(v) || Math.abs(v) > INT32_MAX) throw new InvalidEventError(i, column, 'is not a 32-bit integer');
          return v;
        };
      case 'varchar':
        return (e, i) => {
          const v = e[column] as unknown;
          if (typeof v !== 'string') throw new InvalidEventError(i, column, 'is not a string');
          return code(v);
        };
    }
  });
}

/** The batch as columns of numbers plus its dictionary; throws InvalidEventError before touching DuckDB. */
function encode(batch: readonly StoredEvent[]): { columns: number[][]; dict: string[] } {
  const codes = new Map<string, number>();
  const dict: string[] = [];
  const code = (s: string): number => {
    let c = codes.get(s);
    if (c === undefined) {
      c = dict.length;
      codes.set(s, c);
      dict.push(s);
    }
    return c;
  };
  const enc = encoders(code);
  const columns = enc.map(() => new Array<number>(batch.length));
  for (let i = 0; i < batch.length; i++) {
    const e = batch[i]!;
    for (let c = 0; c < enc.length; c++) columns[c]![i] = enc[c]!(e, i);
  }
  return { columns, dict };
}

const CHUNK_TYPES = STORED_EVENT_COLUMNS.map((c) => STAGE_TYPE[columnKind(c)]);

/** Replaces the stage's content (and its dictionary) with the batch. */
export async function writeStage(conn: DuckDBConnection, batch: readonly StoredEvent[]): Promise<void> {
  const { columns, dict } = encode(batch);
  await conn.run('DELETE FROM stage');
  await conn.run('DELETE FROM stage_dict');
  const dictAppender = await conn.createAppender('stage_dict');
  try {
    for (let i = 0; i < dict.length; i++) {
      dictAppender.appendUInteger(i);
      dictAppender.appendVarchar(dict[i]!);
      dictAppender.endRow();
    }
    dictAppender.flushSync();
  } finally {
    dictAppender.closeSync();
  }
  const appender = await conn.createAppender('stage');
  try {
    for (let start = 0; start < batch.length; start += CHUNK_ROWS) {
      const rows = Math.min(CHUNK_ROWS, batch.length - start);
      const chunk = DuckDBDataChunk.create(CHUNK_TYPES, rows);
      for (let c = 0; c < columns.length; c++) chunk.setColumnValues(c, columns[c]!.slice(start, start + rows));
      appender.appendDataChunk(chunk);
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}
