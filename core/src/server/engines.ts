/**
 * Opens the engine behind each interface from configuration. Embedded mode (the default) needs
 * nothing but the data directory: SQLite for config, DuckDB for events, an in-process queue,
 * in-memory sessions, live bus and presence. Each cluster variable swaps one engine:
 *
 *   DATABASE_URL   -> PostgreSQL config database
 *   CLICKHOUSE_URL -> ClickHouse event store
 *   KAFKA_BROKERS  -> Kafka queue
 *   REDIS_URL      -> Redis live bus, presence, sessions and rate limits
 *
 * Any mix works. A role opens only what it uses, so an ingest node never touches the event store.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import type { VigilConfig } from '../config/env.ts';
import type { ConfigStore } from '../configdb/config-store.ts';
import type { EventStore } from '../store/event-store.ts';
import type { EventQueue } from '../queue/event-queue.ts';
import type { SessionStore } from '../session/session-store.ts';
import type { LiveBus } from '../live/live-bus.ts';
import type { PresenceStore } from '../presence/presence-store.ts';
import type { RateLimiter } from '../ratelimit/rate-limiter.ts';
import { openConfigStore } from '../configdb/open.ts';
import { MemoryQueue } from '../queue/memory-queue.ts';
import { MemorySessionStore } from '../session/memory-session-store.ts';
import { InProcessLiveBus } from '../live/in-process-live-bus.ts';
import { MemoryPresenceStore } from '../presence/memory-presence-store.ts';
import { MemoryRateLimiter } from '../ratelimit/memory-rate-limiter.ts';
import { SaltKeeper } from '../privacy/salts.ts';
import { yieldToEventLoop } from './thread-priority.ts';

/** What a role uses; `all` uses everything. */
export interface EngineNeeds {
  ingest: boolean;
  consumer: boolean;
  dashboard: boolean;
}

export interface Engines {
  config: ConfigStore;
  /** null for a role that never reads or writes events (ingest) */
  events: EventStore | null;
  queue: EventQueue;
  /** true when the queue lives in this process, so ingest and consumer must share it */
  queueInProcess: boolean;
  /** true when events live in a file only this process may open (DuckDB) */
  eventsInProcess: boolean;
  sessions: SessionStore;
  salts: SaltKeeper;
  /** accepted events, for dashboards watching live */
  live: LiveBus;
  /** who is active now */
  presence: PresenceStore;
  /** sign-in attempt counters */
  rateLimiter: RateLimiter;
  /** one line per engine, for the start-up log */
  describe: string[];
  close(): Promise<void>;
}

/** The event store of a role that opened one (consumer, dashboard). */
export function eventStoreOf(engines: Engines): EventStore {
  if (!engines.events) throw new Error('this role opened no event store');
  return engines.events;
}

/** Credentials in URLs never reach the log. */
function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable URL)';
  }
}

export async function openEngines(
  config: VigilConfig,
  log: FastifyBaseLogger,
  clock: () => number = Date.now,
  needs: EngineNeeds = { ingest: true, consumer: true, dashboard: true },
): Promise<Engines> {
  const closers: (() => Promise<unknown>)[] = [];
  const describe: string[] = [];
  const closeAll = async () => {
    for (const close of closers.reverse()) await close().catch((e: unknown) => log.warn({ error: String(e) }, 'closing an engine failed'));
  };
  try {
    mkdirSync(config.dataDir, { recursive: true });
    const configStore = await openConfigStore({ dataDir: config.dataDir, databaseUrl: config.DATABASE_URL });
    closers.push(() => configStore.close());
    describe.push(`config: ${config.DATABASE_URL ? `PostgreSQL ${redactUrl(config.DATABASE_URL)}` : `SQLite ${join(config.dataDir, 'vigil.db')}`}`);

    let events: EventStore | null = null;
    if (needs.consumer || needs.dashboard) {
      if (config.CLICKHOUSE_URL) {
        const { openClickHouseStore } = await import('@vigil/clickhouse/clickhouse-store');
        events = await openClickHouseStore({ url: config.CLICKHOUSE_URL, database: config.CLICKHOUSE_DATABASE, ttlDays: config.CLICKHOUSE_EVENTS_TTL_DAYS ?? null, log });
        describe.push(`events: ClickHouse ${redactUrl(config.CLICKHOUSE_URL)}, database ${config.CLICKHOUSE_DATABASE}${config.CLICKHOUSE_EVENTS_TTL_DAYS ? `, raw events kept ${config.CLICKHOUSE_EVENTS_TTL_DAYS} days` : ''}`);
      } else {
        // on a thread of its own: DuckDB's synchronous calls never hold the event loop (store-thread.ts)
        const { openDuckDbStoreThread } = await import('../store/duckdb/thread/store-thread.ts');
        const path = join(config.dataDir, 'events.duckdb');
        const opening = performance.now();
        let upgrading = false;
        events = await openDuckDbStoreThread({ path, memoryLimit: config.VIGIL_DUCKDB_MEMORY }, (notice) => {
          upgrading = true;
          log.info({ path, from_version: notice.from, to_version: notice.to, rollups: notice.rollups },
            'upgrading the event store: rebuilding these rollups from its events (minutes for tens of millions of events)');
        });
        if (upgrading) log.info({ path, seconds: Math.round((performance.now() - opening) / 100) / 10 }, 'event store upgraded');
        // the store's threads exist now; they yield the CPU to the event loop (thread-priority.ts)
        const niced = config.VIGIL_BACKGROUND_NICE > 0 ? yieldToEventLoop(config.VIGIL_BACKGROUND_NICE) : 0;
        describe.push(`events: DuckDB ${path} (memory_limit ${config.VIGIL_DUCKDB_MEMORY}, own thread${niced > 0 ? `; ${niced} background threads at nice ${config.VIGIL_BACKGROUND_NICE}` : ''})`);
      }
      const store = events;
      closers.push(() => store.close());
    }

    let queue: EventQueue;
    if (config.KAFKA_BROKERS) {
      const { openKafkaQueue } = await import('../queue/kafka-queue.ts');
      const brokers = config.KAFKA_BROKERS.split(',').map((b) => b.trim()).filter(Boolean);
      queue = await openKafkaQueue({
        brokers,
        topic: config.VIGIL_KAFKA_TOPIC,
        groupId: config.VIGIL_KAFKA_GROUP,
        partitions: config.VIGIL_KAFKA_PARTITIONS,
        batchSize: config.VIGIL_BATCH_SIZE,
        flushMs: config.VIGIL_FLUSH_MS,
        bufferMax: config.VIGIL_QUEUE_MAX,
        log,
        onRetry: (error, attempt, delayMs) =>
          log.warn({ attempt, delay_ms: delayMs, error: error instanceof Error ? error.message : String(error) }, 'event store write failed; retrying the batch'),
      });
      describe.push(`queue: Kafka ${brokers.join(',')}, topic ${config.VIGIL_KAFKA_TOPIC}, group ${config.VIGIL_KAFKA_GROUP}, ${config.VIGIL_KAFKA_PARTITIONS} partitions, batches of ${config.VIGIL_BATCH_SIZE} or every ${config.VIGIL_FLUSH_MS} ms`);
    } else {
      queue = new MemoryQueue({
        capacity: config.VIGIL_QUEUE_MAX,
        batchSize: config.VIGIL_BATCH_SIZE,
        flushMs: config.VIGIL_FLUSH_MS,
        onRetry: (error, attempt, delayMs) =>
          log.warn({ attempt, delay_ms: delayMs, error: error instanceof Error ? error.message : String(error) }, 'event store write failed; retrying the batch'),
      });
      describe.push(`queue: in-process, ${config.VIGIL_QUEUE_MAX} events max, batches of ${config.VIGIL_BATCH_SIZE} or every ${config.VIGIL_FLUSH_MS} ms`);
    }
    closers.push(() => queue.close());

    let sessions: SessionStore;
    let live: LiveBus;
    let presence: PresenceStore;
    let rateLimiter: RateLimiter;
    if (config.REDIS_URL) {
      const { openRedis } = await import('../redis/redis-connection.ts');
      const { RedisSessionStore } = await import('../session/redis-session-store.ts');
      const { SessionStoreWithFallback } = await import('../redis/session-store-with-fallback.ts');
      const { RedisLiveBus } = await import('../live/redis-live-bus.ts');
      const { RedisPresenceStore } = await import('../presence/redis-presence-store.ts');
      const { RedisRateLimiter } = await import('../ratelimit/redis-rate-limiter.ts');
      const { FallbackRateLimiter } = await import('../ratelimit/fallback-rate-limiter.ts');
      const connection = openRedis({ url: config.REDIS_URL, name: 'vigil', log });
      closers.push(() => connection.close());
      // a Redis outage degrades live features only: sessions and limits fall back per process
      sessions = new SessionStoreWithFallback({ shared: new RedisSessionStore({ connection }), local: new MemorySessionStore({ clock }), log });
      live = new RedisLiveBus({ connection });
      presence = new RedisPresenceStore({ connection });
      rateLimiter = new FallbackRateLimiter(new RedisRateLimiter({ connection }), new MemoryRateLimiter({ clock }));
      describe.push(`sessions, live bus, presence and rate limits: Redis ${redactUrl(config.REDIS_URL)}`);
    } else {
      sessions = new MemorySessionStore({ clock });
      live = new InProcessLiveBus();
      presence = new MemoryPresenceStore();
      rateLimiter = new MemoryRateLimiter({ clock });
      describe.push('sessions, live bus, presence and rate limits: in-process');
    }
    closers.push(() => sessions.close(), () => live.close(), () => presence.close(), () => rateLimiter.close());

    return {
      config: configStore,
      events,
      queue,
      queueInProcess: !config.KAFKA_BROKERS,
      eventsInProcess: !config.CLICKHOUSE_URL,
      sessions,
      salts: new SaltKeeper(configStore.salts, clock),
      live,
      presence,
      rateLimiter,
      describe,
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
