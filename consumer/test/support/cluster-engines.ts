/**
 * Test helper: the cluster engines the tests use (overridable through VIGIL_TEST_* variables), and
 * fresh state on them for one test run (core's cluster-state.ts): databases vigil_cluster_<label>_<id>,
 * a random Redis database, the roles logging at info so a failing test can show what they said.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { freshClusterState as freshState, type ClusterState } from '@vigil/core/test/cluster-state';

export type { ClusterState } from '@vigil/core/test/cluster-state';

export const PG_URL = process.env.VIGIL_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const CLICKHOUSE_URL = process.env.VIGIL_TEST_CLICKHOUSE_URL ?? 'http://127.0.0.1:8123';
export const KAFKA_BROKER = process.env.VIGIL_TEST_KAFKA ?? '127.0.0.1:9092';
export const REDIS_BASE_URL = process.env.VIGIL_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface ClusterStateOptions {
  /** VIGIL_FLUSH_MS, VIGIL_BATCH_SIZE and the like */
  extraEnv?: Record<string, string>;
}

export function freshClusterState(label: string, opts: ClusterStateOptions = {}): Promise<ClusterState> {
  return freshState({
    name: `vigil_cluster_${label}_${randomBytes(4).toString('hex')}`,
    urls: { postgres: PG_URL, clickhouse: CLICKHOUSE_URL, kafka: KAFKA_BROKER, redis: REDIS_BASE_URL },
    // the benchmark keeps database 15 to itself
    redisDb: randomInt(1, 15),
    env: { VIGIL_LOG_LEVEL: 'info', VIGIL_KAFKA_PARTITIONS: '3', ...opts.extraEnv },
    leftovers: (problems) => process.stderr.write(`cluster test cleanup: ${problems}\n`),
  });
}
