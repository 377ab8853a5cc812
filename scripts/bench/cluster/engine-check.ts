/** The cluster section needs four engines; a missing one skips the section with what to start. */
import { connect } from 'node:net';
import { SectionSkipped } from '../skip.ts';

export const CLUSTER_ENGINES = {
  postgres: { url: process.env.VIGIL_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres', start: 'start PostgreSQL on 127.0.0.1:5432' },
  redis: { url: process.env.VIGIL_BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379', start: 'start Redis on 127.0.0.1:6379' },
  kafka: { url: `kafka://${process.env.VIGIL_BENCH_KAFKA ?? '127.0.0.1:9092'}`, start: 'bash scripts/engines/kafka.sh start' },
  clickhouse: { url: process.env.VIGIL_BENCH_CLICKHOUSE_URL ?? 'http://127.0.0.1:8123', start: 'bash scripts/engines/clickhouse.sh start' },
} as const;

export type ClusterEngine = keyof typeof CLUSTER_ENGINES;

function answers(url: string): Promise<boolean> {
  const u = new URL(url);
  const port = Number(u.port) || { 'postgres:': 5432, 'redis:': 6379, 'http:': 80 }[u.protocol] || 0;
  return new Promise((resolve) => {
    const socket = connect({ host: u.hostname, port, timeout: 1000 });
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('timeout', () => { socket.destroy(); resolve(false); });
    socket.once('error', () => resolve(false));
  });
}

export async function requireClusterEngines(): Promise<void> {
  const missing: string[] = [];
  for (const [name, engine] of Object.entries(CLUSTER_ENGINES)) {
    if (!(await answers(engine.url))) missing.push(`${name} (nothing answers at ${new URL(engine.url).host}; ${engine.start})`);
  }
  if (missing.length > 0) throw new SectionSkipped(`the cluster section needs PostgreSQL, Redis, Kafka and ClickHouse; missing: ${missing.join(', ')}`);
}

/** host:port of the Kafka broker */
export const kafkaBroker = (): string => new URL(CLUSTER_ENGINES.kafka.url).host;
