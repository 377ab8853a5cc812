/**
 * How a StoredEvent travels through Kafka.
 *
 * The value is the event as JSON. A compact binary encoding was not worth it: the row is flat
 * strings and small numbers, and gzip over each produce request removes most of the repeated field
 * names, while JSON stays readable with any Kafka tool and lets a newer ingest add a field without
 * breaking an older consumer during a rolling upgrade.
 *
 * The key is `${site_id}:${visitor_id}`: Kafka keeps one key's messages in one partition, in order,
 * so one visitor's events reach the consumer in the order ingest accepted them.
 */
import { STORED_EVENT_COLUMNS, type StoredEvent } from '../event/stored.ts';

const NUMERIC_COLUMNS = new Set<keyof StoredEvent>(['ts', 'screen_width', 'engaged_ms', 'scroll_pct', 'x', 'y', 'viewport_width']);

export function eventKey(e: StoredEvent): string {
  return `${e.site_id}:${e.visitor_id}`;
}

export function encodeEvent(e: StoredEvent): { key: string; value: string } {
  return { key: eventKey(e), value: JSON.stringify(e) };
}

export class MalformedKafkaMessageError extends Error {
  constructor(reason: string) {
    super(`not a Vigil event: ${reason}`);
    this.name = 'MalformedKafkaMessageError';
  }
}

/** Parses one message value; throws MalformedKafkaMessageError for anything Vigil did not write. */
export function decodeEvent(value: Buffer | null): StoredEvent {
  if (!value) throw new MalformedKafkaMessageError('empty value');
  let parsed: unknown;
  try {
    parsed = JSON.parse(value.toString('utf8'));
  } catch {
    throw new MalformedKafkaMessageError('value is not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new MalformedKafkaMessageError('value is not an object');
  const row = parsed as Record<string, unknown>;
  for (const column of STORED_EVENT_COLUMNS) {
    const expected = NUMERIC_COLUMNS.has(column) ? 'number' : 'string';
    if (typeof row[column] !== expected) throw new MalformedKafkaMessageError(`${column} is not a ${expected}`);
  }
  return parsed as StoredEvent;
}
