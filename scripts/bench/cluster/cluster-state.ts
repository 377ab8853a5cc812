/**
 * Fresh state on the shared engines for one benchmark run (core's cluster-state.ts), so it never
 * mixes with tests or other runs. `cleanup` drops all of it.
 */
import { randomBytes } from 'node:crypto';
import { dropClickHouseDatabase as drop, freshClusterState as freshState, type ClusterState } from '@vigil/core/test/cluster-state';
import { progress } from '../progress.ts';
import { CLUSTER_ENGINES, kafkaBroker } from './engine-check.ts';

/** Tests pick Redis databases 1-14 at random; keys carry site ids, so the run's own are found by those. */
const BENCH_REDIS_DB = 15;

export function freshName(prefix: string): string {
  return `${prefix}_${randomBytes(4).toString('hex')}`;
}

export const dropClickHouseDatabase = (database: string): Promise<void> => drop(CLUSTER_ENGINES.clickhouse.url, database);

export function freshClusterState(): Promise<ClusterState> {
  return freshState({
    name: freshName('vigil_bench'),
    urls: { postgres: CLUSTER_ENGINES.postgres.url, clickhouse: CLUSTER_ENGINES.clickhouse.url, kafka: kafkaBroker(), redis: CLUSTER_ENGINES.redis.url },
    redisDb: BENCH_REDIS_DB,
    env: { VIGIL_LOG_LEVEL: 'warn', VIGIL_TRUST_PROXY: '1' },
    leftovers: (problems) => progress('cluster', `cleanup left something behind: ${problems}`),
  });
}
