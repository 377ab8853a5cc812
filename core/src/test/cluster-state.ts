/**
 * Fresh state on shared cluster engines for one run of a test or benchmark, so that runs (and
 * other suites on the same servers) never see each other's data:
 *
 *   PostgreSQL  a new database `<name>`, dropped afterwards
 *   ClickHouse  a new database `<name>` (the store creates it), dropped afterwards
 *   Kafka       a new topic `vigil.<name>` and consumer group `<name>_consumer`, the topic deleted afterwards
 *   Redis       the database number given; the run's keys carry its site ids, and `cleanup`
 *               deletes those of the sites it is told about
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { Kafka, logLevel } from 'kafkajs';
import { createClient as createRedis } from '@redis/client';

export interface ClusterEngineUrls {
  /** postgres://... of a database that may create others */
  postgres: string;
  clickhouse: string;
  /** host:port */
  kafka: string;
  /** redis://host:port, without a database number */
  redis: string;
}

export interface ClusterStateOptions {
  /** a plain name (letters, digits, underscore), unique to the run */
  name: string;
  urls: ClusterEngineUrls;
  redisDb: number;
  /** what every role starts with besides the engines (VIGIL_LOG_LEVEL, VIGIL_FLUSH_MS, ...) */
  env?: Record<string, string>;
  /** told what cleanup could not remove */
  leftovers(problems: string): void;
}

export interface ClusterState {
  /** the environment every role of this run starts with (and the CLI uses) */
  env: NodeJS.ProcessEnv;
  clickhouseDatabase: string;
  topic: string;
  /** drops everything this run created; keys of `siteIds` are removed from Redis */
  cleanup(siteIds?: string[]): Promise<void>;
}

async function onPostgres(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Over ClickHouse's plain HTTP interface: no client library for one statement. */
export async function dropClickHouseDatabase(url: string, database: string): Promise<void> {
  // a server just restarted under load can take a while to drop a database
  const res = await fetch(url, { method: 'POST', body: `DROP DATABASE IF EXISTS ${database}`, signal: AbortSignal.timeout(90_000) });
  if (!res.ok) throw new Error(`ClickHouse answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
}

export async function freshClusterState(opts: ClusterStateOptions): Promise<ClusterState> {
  const { name, urls } = opts;
  const topic = `vigil.${name}`;
  const redisUrl = `${urls.redis.replace(/\/\d*$/, '')}/${opts.redisDb}`;
  const pgUrl = new URL(urls.postgres);
  pgUrl.pathname = `/${name}`;
  const dataDir = mkdtempSync(join(tmpdir(), `${name}-`));
  await onPostgres(urls.postgres, `CREATE DATABASE ${name}`);

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    VIGIL_DATA_DIR: dataDir,
    DATABASE_URL: pgUrl.toString(),
    CLICKHOUSE_URL: urls.clickhouse,
    CLICKHOUSE_DATABASE: name,
    KAFKA_BROKERS: urls.kafka,
    VIGIL_KAFKA_TOPIC: topic,
    VIGIL_KAFKA_GROUP: `${name}_consumer`,
    REDIS_URL: redisUrl,
    ...opts.env,
  };

  let cleaned = false;
  const cleanup = async (siteIds: string[] = []) => {
    if (cleaned) return;
    cleaned = true;
    const problems: string[] = [];
    const attempt = async (what: string, fn: () => Promise<unknown>) => {
      await fn().catch((e: unknown) => problems.push(`${what}: ${e instanceof Error ? e.message : String(e)}`));
    };
    await attempt('postgres', () => onPostgres(urls.postgres, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    await attempt('clickhouse', () => dropClickHouseDatabase(urls.clickhouse, name));
    await attempt('kafka', async () => {
      const admin = new Kafka({ clientId: 'vigil-cleanup', brokers: [urls.kafka], logLevel: logLevel.NOTHING, retry: { retries: 2 } }).admin();
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
    if (problems.length > 0) opts.leftovers(problems.join('; '));
  };
  return { env, clickhouseDatabase: name, topic, cleanup };
}
