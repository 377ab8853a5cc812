/**
 * Messages between the server's thread and the DuckDB store's own thread (store-thread.ts and
 * store-worker.ts). Every EventStore call is one request with an id, answered once.
 *
 * An insert crosses in chunks: structured-cloning a whole consumer batch at once would hold the
 * server's event loop for as long as the clone takes, which is the stall the thread exists to
 * remove. The chunks of one insert share its id; the last one carries `last: true` and the
 * worker inserts the whole batch then, in one transaction, as the in-thread store does.
 */
import type { StoredEvent } from '../../../event/stored.ts';
import type { EventStore } from '../../event-store.ts';
import type { UpgradeNotice } from '../schema.ts';

/** The EventStore calls that take plain arguments and return plain values. */
export type StoreCall = Exclude<keyof EventStore, 'insert' | 'close'>;

export type Request =
  | { id: number; kind: 'call'; method: StoreCall; args: unknown[] }
  | { id: number; kind: 'insert'; events: StoredEvent[]; last: boolean }
  | { id: number; kind: 'close' };

/** An Error as it crosses the thread boundary: its name survives, so callers can tell kinds apart. */
export interface CrossingError {
  name: string;
  message: string;
}

export type Reply =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: CrossingError }
  /** sent once, after the store opened (or failed to) */
  | { id: 0; ready: true; error?: CrossingError }
  /** sent while opening, before an older file is upgraded */
  | { id: 0; upgrading: UpgradeNotice };

export function crossing(error: unknown): CrossingError {
  return error instanceof Error ? { name: error.name, message: error.message } : { name: 'Error', message: String(error) };
}

export function revived(error: CrossingError): Error {
  const revivedError = new Error(error.message);
  revivedError.name = error.name;
  return revivedError;
}
