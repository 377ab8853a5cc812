/**
 * One Redis connection that survives Redis restarts: it reconnects by itself forever, fails
 * commands fast while Redis is away (so callers can degrade instead of piling up work), and logs
 * an outage once when it starts and once when it ends rather than on every retry.
 *
 * Every Redis-backed piece of Vigil takes one of these. A pub/sub subscriber needs its own
 * connection (`duplicate`), since a subscribed connection cannot run other commands.
 */
import { createClient, ErrorReply } from '@redis/client';
import { RedisUnavailableError, describeCause } from './redis-unavailable.ts';
import { stderrRedisLog, type RedisLog } from './redis-log.ts';

export interface RedisConnectionOptions {
  /** redis://[user:password@]host:port[/db]; never logged */
  url: string;
  /** names the connection in logs and in CLIENT LIST */
  name: string;
  log?: RedisLog;
  /** a command not answered within this fails as unavailable; default 2000 ms */
  commandTimeoutMs?: number;
  /** reconnect back-off doubles from 50 ms up to this; default 1000 ms */
  maxReconnectDelayMs?: number;
}

export type RedisClient = ReturnType<typeof createRedisClient>;

function createRedisClient(opts: RedisConnectionOptions) {
  const maxDelay = opts.maxReconnectDelayMs ?? 1000;
  return createClient({
    url: opts.url,
    name: opts.name,
    RESP: 2,
    // fail commands at once while disconnected, so callers degrade instead of piling up work
    disableOfflineQueue: true,
    commandOptions: { timeout: opts.commandTimeoutMs ?? 2000 },
    socket: {
      connectTimeout: 2000,
      // never give up: Redis coming back must bring live features back without a restart
      reconnectStrategy: (retries: number) => Math.min(50 * 2 ** Math.min(retries, 10), maxDelay),
    },
  });
}

/** Redis replies that mean "not now" (restarting, failing over) rather than "your command is wrong". */
const TRANSIENT_REPLIES = ['LOADING', 'BUSY', 'OOM', 'READONLY', 'MASTERDOWN', 'TRYAGAIN', 'CLUSTERDOWN'];

function isTransient(e: unknown): boolean {
  if (!(e instanceof ErrorReply)) return true;
  return TRANSIENT_REPLIES.some((p) => e.message.startsWith(p));
}

export class RedisConnection {
  readonly client: RedisClient;
  readonly name: string;
  private readonly opts: RedisConnectionOptions;
  readonly log: RedisLog;
  private down = false;
  private closed = false;
  private readonly connecting: Promise<void>;

  constructor(opts: RedisConnectionOptions) {
    this.opts = opts;
    this.name = opts.name;
    this.log = opts.log ?? stderrRedisLog;
    this.client = createRedisClient(opts);
    // Without an 'error' listener an EventEmitter error would crash the process.
    this.client.on('error', (e: unknown) => this.onError(e));
    this.client.on('ready', () => this.onReady());
    this.connecting = this.client.connect().then(
      () => undefined,
      // rejects only when closed before the first connect; there is nothing left to report
      () => undefined,
    );
  }

  get isReady(): boolean {
    return this.client.isReady;
  }

  /** Resolves once connected; rejects with RedisUnavailableError if that takes longer than timeoutMs. */
  async ready(timeoutMs = 5000): Promise<void> {
    if (this.client.isReady) return;
    if (this.closed) throw new RedisUnavailableError(`connect (${this.name})`, reason('CLOSED'));
    await new Promise<void>((resolve, reject) => {
      const onReady = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.client.off('ready', onReady);
        reject(new RedisUnavailableError(`connect (${this.name})`, reason('TIMEOUT')));
      }, timeoutMs);
      this.client.once('ready', onReady);
    });
  }

  /**
   * Runs commands; any failure that means Redis is away becomes a RedisUnavailableError, which
   * callers can catch by type. A command Redis rejects as wrong is a bug and passes through.
   */
  async run<T>(operation: string, fn: (client: RedisClient) => Promise<T>): Promise<T> {
    try {
      return await fn(this.client);
    } catch (e) {
      if (isTransient(e)) throw new RedisUnavailableError(operation, e);
      throw e;
    }
  }

  /** A second connection to the same Redis with the same settings (e.g. for a subscriber). */
  duplicate(name: string, overrides: Partial<Omit<RedisConnectionOptions, 'url' | 'name'>> = {}): RedisConnection {
    return new RedisConnection({ ...this.opts, log: this.log, ...overrides, name });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.client.isReady) {
      // quits after the replies already on the way; bounded so a stalled Redis cannot hang shutdown
      const quit = this.client.close().catch(() => undefined);
      const bound = new Promise<void>((r) => setTimeout(r, 1000).unref());
      await Promise.race([quit, bound]);
    }
    if (this.client.isOpen) this.client.destroy();
    await this.connecting;
  }

  private onError(e: unknown): void {
    if (this.closed || this.down) return;
    this.down = true;
    this.log.warn(`redis connection "${this.name}" lost (${describeCause(e)}); retrying, live features degraded until it is back`);
  }

  private onReady(): void {
    if (!this.down) return;
    this.down = false;
    this.log.info(`redis connection "${this.name}" is back`);
  }
}

function reason(code: string): Error {
  return Object.assign(new Error(code.toLowerCase()), { code });
}

/** Opens a connection; it connects in the background (await `ready()` to wait for it). */
export function openRedis(opts: RedisConnectionOptions): RedisConnection {
  return new RedisConnection(opts);
}
