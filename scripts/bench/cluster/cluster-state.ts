/**
 * Fresh state on the shared engines for one benchmark run, so it never mixes with tests or other
 * runs: a new PostgreSQL database, a new ClickHouse database (the store creates it), a new Kafka
 * topic and consumer group, a Redis database of its own. `cleanup` drops all of them.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { Kafka, logLevel } from 'kafkajs';
import { createClient as createClickHouse } from '@clickhouse/client';
import { createClient as createRedis } from '@redis/client';
import { progress } from '../progress.ts';
import { CLUSTER_ENGINES, kafkaBroker } from './engine-check.ts';

export interface ClusterState {
  /** the environment of every role (and the CLI) in this run */
  env: NodeJS.ProcessEnv;
  clickhouseDatabase: string;
  topic: string;
  /** drops everything this run made; Redis keys are found by the run's site ids */
  cleanup(siteIds: string[]): Promise<void>;
}

/** Tests pick Redis databases 1-15 at random; keys carry site ids, so the run's own are found by those. */
const BENCH_REDIS_DB = 15;

async function onPostgres(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: CLUSTER_ENGINES.postgres.url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function dropClickHouseDatabase(database: string): Promise<void> {
  const ch = createClickHouse({ url: CLUSTER_ENGINES.clickhouse.url, request_timeout: 60_000 });
  try {
    await ch.command({ query: `DROP DATABASE IF EXISTS ${database}` });
  } finally {
    await ch.close();
  }
}

export function freshName(prefix: string): string {
  return `${prefix}_${randomBytes(4).toString('hex')}`;
}

export async function freshClusterState(): Promise<ClusterState> {
  const id = freshName('vigil_bench');
  const pgUrl = new URL(CLUSTER_ENGINES.postgres.url);
  pgUrl.pathname = `/${id}`;
  const redisUrl = `${CLUSTER_ENGINES.redis.url.replace(/\/\d*$/, '')}/${BENCH_REDIS_DB}`;
  const topic = `vigil.bench.${id}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-bench-cluster-'));
  await onPostgres(`CREATE DATABASE ${id}`);

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    VIGIL_DATA_DIR: dataDir,
    VIGIL_LOG_LEVEL: 'warn',
    VIGIL_TRUST_PROXY: '1',
    DATABASE_URL: pgUrl.toString(),
    CLICKHOUSE_URL: CLUSTER_ENGINES.clickhouse.url,
    CLICKHOUSE_DATABASE: id,
    KAFKA_BROKERS: kafkaBroker(),
    VIGIL_KAFKA_TOPIC: topic,
    VIGIL_KAFKA_GROUP: `${id}_consumer`,
    REDIS_URL: redisUrl,
  };

  const cleanup = async (siteIds: string[]) => {
    const problems: string[] = [];
    const attempt = async (what: string, fn: () => Promise<unknown>) => {
      await fn().catch((e: unknown) => problems.push(`${what}: ${e instanceof Error ? e.message : String(e)}`));
    };
    await attempt('postgres', () => onPostgres(`DROP DATABASE IF EXISTS ${id} WITH (FORCE)`));
    await attempt('clickhouse', () => dropClickHouseDatabase(id));
    await attempt('kafka', async () => {
      const admin = new Kafka({ clientId: 'vigil-bench-cleanup', brokers: [kafkaBroker()], logLevel: logLevel.NOTHING, retry: { retries: 2 } }).admin();
      await admin.connect();
      try {
        if ((await admin.listTopics()).includes(topic)) await admin.deleteTopics({ topics: [topic], timeout: 10_000 });
      } finally {
        await admin.disconnect();
      }
    });
    await attempt('redis', async () => {
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
    if (problems.length > 0) progress('cluster', `cleanup left something behind: ${problems.join('; ')}`);
  };
  return { env, clickhouseDatabase: id, topic, cleanup };
}
