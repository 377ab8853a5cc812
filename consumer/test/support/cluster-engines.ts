/**
 * Test helper: fresh state on the shared cluster engines for one test run, so runs (and other
 * suites using the same servers) never see each other's data:
 *
 *   PostgreSQL  a new database vigil_cluster_<id>, dropped afterwards
 *   ClickHouse  a new database vigil_cluster_<id> (the store creates it), dropped afterwards
 *   Kafka       a new topic and consumer group, the topic deleted afterwards
 *   Redis       a random database number; the run's keys carry its site ids and expire by
 *               themselves, and `cleanup` deletes those of the sites it is told about
 */
import { randomBytes, randomInt } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { Kafka, logLevel } from 'kafkajs';
import { createClient as createClickHouse } from '@clickhouse/client';
import { createClient as createRedis } from '@redis/client';

export const PG_URL = process.env.VIGIL_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const CLICKHOUSE_URL = process.env.VIGIL_TEST_CLICKHOUSE_URL ?? 'http://127.0.0.1:8123';
export const KAFKA_BROKER = process.env.VIGIL_TEST_KAFKA ?? '127.0.0.1:9092';
export const REDIS_BASE_URL = process.env.VIGIL_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface ClusterState {
  /** the environment every role of this run starts with (and the CLI uses) */
  env: NodeJS.ProcessEnv;
  clickhouseDatabase: string;
  topic: string;
  /** drops everything this run created; keys of `siteIds` are removed from Redis */
  cleanup(siteIds?: string[]): Promise<void>;
}

export interface ClusterStateOptions {
  /** VIGIL_FLUSH_MS, VIGIL_BATCH_SIZE and the like */
  extraEnv?: Record<string, string>;
}

function pgUrlFor(database: string): string {
  const url = new URL(PG_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

async function onPostgres(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function freshClusterState(label: string, opts: ClusterStateOptions = {}): Promise<ClusterState> {
  const id = `${label}_${randomBytes(4).toString('hex')}`;
  const pgDatabase = `vigil_cluster_${id}`;
  const clickhouseDatabase = `vigil_cluster_${id}`;
  const topic = `vigil.test.${id}`;
  const redisDb = randomInt(1, 16);
  const dataDir = mkdtempSync(join(tmpdir(), `vigil-cluster-${label}-`));
  await onPostgres(`CREATE DATABASE ${pgDatabase}`);
  const redisUrl = `${REDIS_BASE_URL.replace(/\/\d*$/, '')}/${redisDb}`;

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    VIGIL_DATA_DIR: dataDir,
    VIGIL_LOG_LEVEL: 'info',
    DATABASE_URL: pgUrlFor(pgDatabase),
    CLICKHOUSE_URL,
    CLICKHOUSE_DATABASE: clickhouseDatabase,
    KAFKA_BROKERS: KAFKA_BROKER,
    VIGIL_KAFKA_TOPIC: topic,
    VIGIL_KAFKA_GROUP: `vigil-test-${id}`,
    VIGIL_KAFKA_PARTITIONS: '3',
    REDIS_URL: redisUrl,
    ...opts.extraEnv,
  };

  let cleaned = false;
  const cleanup = async (siteIds: string[] = []) => {
    if (cleaned) return;
    cleaned = true;
    const problems: string[] = [];
    const attempt = async (what: string, fn: () => Promise<unknown>) => {
      await fn().catch((e: unknown) => problems.push(`${what}: ${e instanceof Error ? e.message : String(e)}`));
    };
    await attempt('postgres', () => onPostgres(`DROP DATABASE IF EXISTS ${pgDatabase} WITH (FORCE)`));
    await attempt('clickhouse', async () => {
      // a server just restarted under load can take a while to drop a database
      const ch = createClickHouse({ url: CLICKHOUSE_URL, request_timeout: 90_000 });
      try {
        await ch.command({ query: `DROP DATABASE IF EXISTS ${clickhouseDatabase}` });
      } finally {
        await ch.close();
      }
    });
    await attempt('kafka', async () => {
      const admin = new Kafka({ clientId: 'vigil-test-cleanup', brokers: [KAFKA_BROKER], logLevel: logLevel.NOTHING, retry: { retries: 2 } }).admin();
      await admin.connect();
      try {
        if ((await admin.listTopics()).includes(topic)) await admin.deleteTopics({ topics: [topic], timeout: 10_000 });
      } finally {
        await admin.disconnect();
      }
    });
    await attempt('redis', async () => {
      if (siteIds.length === 0) return;
      const redis = createRedis({ url: redisUrl });
      await redis.connect();
      try {
        for (const site of siteIds) {
          for await (const keys of redis.scanIterator({ MATCH: `vigil:*${site}*`, COUNT: 500 })) {
            if (keys.length > 0) await redis.del(keys);
          }
        }
      } finally {
        redis.destroy();
      }
    });
    rmSync(dataDir, { recursive: true, force: true });
    if (problems.length > 0) process.stderr.write(`cluster test cleanup: ${problems.join('; ')}\n`);
  };
  return { env, clickhouseDatabase, topic, cleanup };
}
