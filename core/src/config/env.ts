/**
 * Runtime configuration, read once from environment variables. The README's configuration table
 * lists the same variables; keep them in step.
 */
import { resolve } from 'node:path';
import { z } from 'zod';

const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', ''])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  VIGIL_DATA_DIR: z.string().default('./data'),
  VIGIL_TRUST_PROXY: bool.default(false),
  VIGIL_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** events held between ingest and store before ingest answers 429 */
  VIGIL_QUEUE_MAX: z.coerce.number().int().min(100).default(200_000),
  /** the consumer writes at most this many events per store insert */
  VIGIL_BATCH_SIZE: z.coerce.number().int().min(1).default(20_000),
  /** ... and at least this often (ms) while events wait */
  VIGIL_FLUSH_MS: z.coerce.number().int().min(10).default(1_000),
  /** DuckDB's memory_limit */
  VIGIL_DUCKDB_MEMORY: z.string().regex(/^\d+(\.\d+)?\s*(KB|MB|GB|KiB|MiB|GiB)$/i).default('1GB'),
  /** nice value of every thread but the event loop's in embedded mode (Linux): the store's work yields the CPU to HTTP; 0 turns it off */
  VIGIL_BACKGROUND_NICE: z.coerce.number().int().min(0).max(19).default(10),
  /** postgres://... : the config database on PostgreSQL instead of SQLite */
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(),
  /** http://host:8123 : events in ClickHouse instead of DuckDB */
  CLICKHOUSE_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** ClickHouse database holding Vigil's tables (created when missing); one per deployment */
  CLICKHOUSE_DATABASE: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'must be a plain name (letters, digits, underscore)').default('vigil'),
  /** days raw events are kept in ClickHouse (rollups are kept); unset: forever */
  CLICKHOUSE_EVENTS_TTL_DAYS: z.coerce.number().int().min(1).optional(),
  /** host:port,host:port : the queue on Kafka instead of in process */
  KAFKA_BROKERS: z.string().regex(/^[^,\s]+:\d+(,[^,\s]+:\d+)*$/, 'must be host:port[,host:port...]').optional(),
  /** the events topic and the consumer group: deployments sharing brokers each need their own */
  VIGIL_KAFKA_TOPIC: z.string().regex(/^[a-zA-Z0-9._-]{1,249}$/, 'must be a Kafka topic name (letters, digits, . _ -)').default('vigil.events'),
  VIGIL_KAFKA_GROUP: z.string().min(1).default('vigil-consumer'),
  /** partitions of the events topic when Vigil creates it */
  VIGIL_KAFKA_PARTITIONS: z.coerce.number().int().min(1).max(1000).default(6),
  /** redis://... : live bus, presence, sessions and rate limits shared through Redis */
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// URL').optional(),
  /** where browsers reach this server (for the tracking snippet), e.g. https://stats.example.com */
  VIGIL_PUBLIC_URL: z
    .url({ protocol: /^https?$/ })
    .transform((u) => u.replace(/\/+$/, ''))
    .optional(),
  /** both set: the admin account created on start when no user exists yet */
  VIGIL_ADMIN_EMAIL: z.string().optional(),
  VIGIL_ADMIN_PASSWORD: z.string().optional(),
});

export type Env = z.infer<typeof envSchema>;

export interface VigilConfig extends Env {
  dataDir: string;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): VigilConfig {
  const clean = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(clean);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`invalid configuration:\n${lines}`);
  }
  if (Boolean(parsed.data.VIGIL_ADMIN_EMAIL) !== Boolean(parsed.data.VIGIL_ADMIN_PASSWORD)) {
    throw new Error('invalid configuration:\n  VIGIL_ADMIN_EMAIL and VIGIL_ADMIN_PASSWORD go together: set both or neither');
  }
  return { ...parsed.data, dataDir: resolve(parsed.data.VIGIL_DATA_DIR) };
}
