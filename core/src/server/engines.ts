/**
 * Opens the engine behind each interface from configuration. Embedded mode (the default) needs
 * nothing but the data directory: SQLite for config, DuckDB for events, an in-process queue,
 * in-memory sessions. Cluster engines slot in here behind the same interfaces.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import type { VigilConfig } from '../config/env.ts';
import type { ConfigStore } from '../configdb/config-store.ts';
import type { EventStore } from '../store/event-store.ts';
import type { EventQueue } from '../queue/event-queue.ts';
import type { SessionStore } from '../session/session-store.ts';
import { openConfigStore } from '../configdb/open.ts';
import { openDuckDbStore } from '../store/duckdb/duckdb-store.ts';
import { MemoryQueue } from '../queue/memory-queue.ts';
import { MemorySessionStore } from '../session/memory-session-store.ts';
import { SaltKeeper } from '../privacy/salts.ts';
import type { LiveBus } from '../live/live-bus.ts';
import { InProcessLiveBus } from '../live/in-process-live-bus.ts';
import type { PresenceStore } from '../presence/presence-store.ts';
import { MemoryPresenceStore } from '../presence/memory-presence-store.ts';

export interface Engines {
  config: ConfigStore;
  events: EventStore;
  queue: EventQueue;
  /** true when the queue lives in this process, so ingest and consumer must share it */
  queueInProcess: boolean;
  sessions: SessionStore;
  salts: SaltKeeper;
  /** what the consumer stored, for dashboards watching live */
  live: LiveBus;
  /** who is active now */
  presence: PresenceStore;
  /** one line per engine, for the start-up log */
  describe: string[];
  close(): Promise<void>;
}

export async function openEngines(config: VigilConfig, log: FastifyBaseLogger, clock: () => number = Date.now): Promise<Engines> {
  mkdirSync(config.dataDir, { recursive: true });
  const configStore = await openConfigStore({ dataDir: config.dataDir, databaseUrl: config.DATABASE_URL });
  const eventsPath = join(config.dataDir, 'events.duckdb');
  const events = await openDuckDbStore({ path: eventsPath, memoryLimit: config.VIGIL_DUCKDB_MEMORY });
  const queue = new MemoryQueue({
    capacity: config.VIGIL_QUEUE_MAX,
    batchSize: config.VIGIL_BATCH_SIZE,
    flushMs: config.VIGIL_FLUSH_MS,
    onRetry: (error, attempt, delayMs) =>
      log.warn({ attempt, delay_ms: delayMs, error: error instanceof Error ? error.message : String(error) }, 'event store write failed; retrying the batch'),
  });
  const sessions = new MemorySessionStore({ clock });
  const salts = new SaltKeeper(configStore.salts, clock);
  const live = new InProcessLiveBus();
  const presence = new MemoryPresenceStore();
  return {
    config: configStore,
    events,
    queue,
    queueInProcess: true,
    sessions,
    salts,
    live,
    presence,
    describe: [
      `config: ${config.DATABASE_URL ? 'PostgreSQL' : `SQLite ${join(config.dataDir, 'vigil.db')}`}`,
      `events: DuckDB ${eventsPath} (memory_limit ${config.VIGIL_DUCKDB_MEMORY})`,
      `queue: in-process, ${config.VIGIL_QUEUE_MAX} events max, batches of ${config.VIGIL_BATCH_SIZE} or every ${config.VIGIL_FLUSH_MS} ms`,
      'sessions, live bus and presence: in-process',
    ],
    async close() {
      await queue.close();
      await sessions.close();
      await live.close();
      await presence.close();
      await events.close();
      await configStore.close();
    },
  };
}
