/**
 * The embedded event store on a thread of its own: the same DuckDB store (duckdb-store.ts), run
 * in a worker thread, behind the same EventStore interface.
 *
 * Why: DuckDB's appender and the decoding of query results are synchronous calls on whichever
 * thread makes them. In the server's thread, every consumer batch held the event loop that answers
 * /api/track and the dashboard for tens of milliseconds, once a second under load; here it holds
 * only the store's thread. The server's thread only clones each batch across, in chunks small
 * enough that requests are answered between them.
 *
 * The thread is restarted on the next call if it ever dies; calls in flight when it died fail
 * (the queue retries a failed insert, so nothing accepted is lost).
 */
import { Worker } from 'node:worker_threads';
import type { StoredEvent } from '../../../event/stored.ts';
import type { EventStore } from '../../event-store.ts';
import type { DuckDbStoreOptions } from '../duckdb-store.ts';
import type { UpgradeNotice } from '../schema.ts';
import { revived, type Reply, type Request, type StoreCall } from './protocol.ts';

const WORKER_ENTRY = new URL('./store-worker.mjs', import.meta.url);

/**
 * Events per message: cloning one holds the event loop, so a message is about a millisecond of it
 * under load (1,000 events took 5-15 ms in a profile of the paced benchmark on two busy cores).
 */
export const INSERT_CHUNK = 250;

interface Pending {
  /** the thread the call went to: only its death fails the call */
  worker: Worker;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

class StoreThread {
  private worker: Worker | null = null;
  private starting: Promise<Worker> | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;
  /** from close() until the worker has exited: it keeps the process alive until then */
  private closing = false;

  constructor(
    private readonly opts: DuckDbStoreOptions,
    private readonly onUpgrade?: (notice: UpgradeNotice) => void,
  ) {}

  /** The running worker, started (or restarted) when needed. */
  private running(): Promise<Worker> {
    if (this.closed) return Promise.reject(new Error('the event store is closed'));
    if (this.worker) return Promise.resolve(this.worker);
    this.starting ??= this.start().finally(() => {
      this.starting = null;
    });
    return this.starting;
  }

  private start(): Promise<Worker> {
    return new Promise((resolve, reject) => {
      const worker = new Worker(WORKER_ENTRY, { workerData: this.opts });
      let ready = false;
      worker.on('message', (reply: Reply) => {
        if ('upgrading' in reply) return this.onUpgrade?.(reply.upgrading);
        if ('ready' in reply) {
          ready = true;
          if (reply.error) return reject(revived(reply.error));
          this.worker = worker;
          this.idleUnlessBusy();
          return resolve(worker);
        }
        const waiting = this.pending.get(reply.id);
        if (!waiting) return;
        this.pending.delete(reply.id);
        this.idleUnlessBusy();
        if (reply.ok) waiting.resolve(reply.value);
        else waiting.reject(revived(reply.error));
      });
      worker.on('error', (error) => {
        if (!ready) reject(error);
        this.lost(worker, `the event store thread failed: ${error.message}`);
      });
      worker.on('exit', (code) => {
        if (!ready) reject(new Error(`the event store thread exited with ${code} while opening`));
        this.lost(worker, `the event store thread exited with ${code}`);
      });
    });
  }

  /** A worker is gone: whatever it had not answered fails; the next call starts a new one. */
  private lost(dead: Worker, why: string): void {
    if (this.worker === dead) this.worker = null;
    for (const [id, p] of this.pending) {
      if (p.worker !== dead) continue;
      this.pending.delete(id);
      p.reject(new Error(why));
    }
  }

  /** An idle worker does not keep the process alive; one with calls in flight does. */
  private idleUnlessBusy(): void {
    if (!this.worker) return;
    if (this.pending.size > 0 || this.closing) this.worker.ref();
    else this.worker.unref();
  }

  private async request(make: (id: number) => Request[], between?: () => Promise<void>): Promise<unknown> {
    const worker = await this.running();
    const id = this.nextId++;
    const answered = new Promise<unknown>((resolve, reject) => this.pending.set(id, { worker, resolve, reject }));
    this.idleUnlessBusy();
    const messages = make(id);
    for (const [i, message] of messages.entries()) {
      if (i > 0 && between) await between();
      // the worker may have died meanwhile (between chunks, or before the first was sent)
      if (this.worker !== worker) {
        this.pending.get(id)?.reject(new Error('the event store thread stopped'));
        this.pending.delete(id);
        break;
      }
      worker.postMessage(message);
    }
    return answered;
  }

  call(method: StoreCall, args: unknown[]): Promise<unknown> {
    return this.request((id) => [{ id, kind: 'call', method, args }]);
  }

  insert(batch: StoredEvent[]): Promise<unknown> {
    return this.request(
      (id) => {
        const messages: Request[] = [];
        for (let start = 0; start < batch.length || start === 0; start += INSERT_CHUNK) {
          const end = Math.min(batch.length, start + INSERT_CHUNK);
          messages.push({ id, kind: 'insert', events: batch.slice(start, end), last: end >= batch.length });
        }
        return messages;
      },
      () => new Promise((resolve) => setImmediate(resolve)),
    );
  }

  async close(): Promise<void> {
    if (this.closed) return;
    const worker = this.worker ?? (await this.starting?.catch(() => null)) ?? null;
    if (worker) {
      this.closing = true;
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      await this.request((id) => [{ id, kind: 'close' }]);
      await exited;
    }
    this.closed = true;
  }

  /** Ends the thread at once, as a crash would (tests prove the restart with it). */
  async kill(): Promise<void> {
    await this.worker?.terminate();
  }

  /** Opens the store: the thread starts now, so a bad option fails here, not at the first call. */
  async open(): Promise<void> {
    await this.running();
  }
}

export interface ThreadedEventStore extends EventStore {
  /** ends the store's thread at once, as a crash would; the next call starts a new one */
  killThread(): Promise<void>;
}

export async function openDuckDbStoreThread(opts: DuckDbStoreOptions, onUpgrade?: (notice: UpgradeNotice) => void): Promise<ThreadedEventStore> {
  const thread = new StoreThread(opts, onUpgrade);
  await thread.open();
  const call = <T>(method: StoreCall, ...args: unknown[]) => thread.call(method, args) as Promise<T>;
  return {
    migrate: () => call('migrate'),
    insert: async (batch) => {
      await thread.insert(batch);
    },
    totals: (q) => call('totals', q),
    timeseries: (q, interval) => call('timeseries', q, interval),
    breakdown: (q, by, limit) => call('breakdown', q, by, limit),
    realtime: (siteId, now, windowMs) => call('realtime', siteId, now, windowMs),
    countEvents: (siteId, from, to) => call('countEvents', siteId, from, to),
    activity: (from, to) => call('activity', from, to),
    deleteSite: (siteId) => call('deleteSite', siteId),
    close: () => thread.close(),
    killThread: () => thread.kill(),
  };
}
