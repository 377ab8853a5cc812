/**
 * How a StoredEvent column is typed in ClickHouse. ts is Int64 epoch milliseconds: DateTime
 * holds whole seconds on 18.16 and DateTime64 does not exist there, and a plain integer keeps
 * the renderer's timestamp arithmetic (buckets, durations) exact on every version.
 */
import { STORED_EVENT_COLUMNS, type StoredEvent } from '@vigil/core/event/stored';
import type { ServerFeatures } from '../server-features.ts';

export type ColumnKind = 'ms' | 'int32' | 'string';

const INT32_COLUMNS = new Set<keyof StoredEvent>(['screen_width', 'engaged_ms', 'scroll_pct', 'x', 'y', 'viewport_width']);

/** Few distinct values per column: dictionary-encoded where the server supports it. */
const LOW_CARDINALITY_COLUMNS = new Set<keyof StoredEvent>([
  'name', 'hostname', 'source', 'channel', 'utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content',
  'country', 'browser', 'os', 'device', 'screen', 'language',
]);

export function columnKind(column: keyof StoredEvent): ColumnKind {
  if (column === 'ts') return 'ms';
  return INT32_COLUMNS.has(column) ? 'int32' : 'string';
}

export function columnType(column: keyof StoredEvent, features: ServerFeatures): string {
  switch (columnKind(column)) {
    case 'ms': return 'Int64';
    case 'int32': return 'Int32';
    case 'string': return features.lowCardinality && LOW_CARDINALITY_COLUMNS.has(column) ? 'LowCardinality(String)' : 'String';
  }
}

export function eventColumnsDdl(features: ServerFeatures): string {
  return STORED_EVENT_COLUMNS.map((c) => `${c} ${columnType(c, features)}`).join(',\n  ');
}

/** The session dimensions, copied from a session's first event onto every event. */
export const SESSION_DIMENSION_COLUMNS = [
  'referrer', 'source', 'channel', 'utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content',
  'country', 'browser', 'os', 'device', 'screen', 'language',
] as const satisfies readonly (keyof StoredEvent)[];
