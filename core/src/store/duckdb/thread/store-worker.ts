/**
 * The DuckDB store's thread: owns the one DuckDB instance of the file and answers the server's
 * calls (protocol.ts). Inserts (appender, merges, commit) and query result decoding all happen
 * here, off the event loop that answers HTTP.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { StoredEvent } from '../../../event/stored.ts';
import type { EventStore } from '../../event-store.ts';
import { openDuckDbStore, type DuckDbStoreOptions } from '../duckdb-store.ts';
import { crossing, type Reply, type Request } from './protocol.ts';

const port = parentPort;
if (!port) throw new Error('store-worker.ts runs as a worker thread (see store-thread.ts)');

const send = (reply: Reply) => port.postMessage(reply);

let store: EventStore;
try {
  store = await openDuckDbStore({ ...(workerData as DuckDbStoreOptions), onUpgrade: (notice) => send({ id: 0, upgrading: notice }) });
  send({ id: 0, ready: true });
} catch (error) {
  send({ id: 0, ready: true, error: crossing(error) });
  process.exit(1);
}

/** Chunks of inserts still arriving, by request id. */
const arriving = new Map<number, StoredEvent[][]>();

async function answer(request: Request): Promise<unknown> {
  switch (request.kind) {
    case 'call':
      return (store[request.method] as (...args: unknown[]) => Promise<unknown>)(...request.args);
    case 'insert': {
      const chunks = arriving.get(request.id) ?? [];
      chunks.push(request.events);
      if (!request.last) {
        arriving.set(request.id, chunks);
        return undefined;
      }
      arriving.delete(request.id);
      return store.insert(chunks.length === 1 ? chunks[0]! : chunks.flat());
    }
    case 'close':
      await store.close();
      return undefined;
  }
}

port.on('message', (request: Request) => {
  answer(request).then(
    (value) => {
      // a chunk that is not the last is not answered: the insert answers once, as a whole
      if (request.kind === 'insert' && !request.last) return;
      send({ id: request.id, ok: true, value });
      if (request.kind === 'close') port.close();
    },
    (error: unknown) => {
      if (request.kind === 'insert') arriving.delete(request.id);
      send({ id: request.id, ok: false, error: crossing(error) });
    },
  );
});
