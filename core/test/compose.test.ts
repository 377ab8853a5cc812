/**
 * docker-compose.yml is for users; there is no Docker engine here, so this validates it the way
 * Compose itself reads it (`docker-compose config`) and checks the cluster it describes.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { parse } from 'yaml';
import { needEngine } from '../src/test/engines.ts';

const ROOT = new URL('../..', import.meta.url).pathname;
const compose = await needEngine('compose');

interface Service {
  command?: string[];
  image?: string;
  build?: unknown;
  healthcheck?: { test: string[] };
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  ports?: unknown[];
}

describe('docker-compose.yml', { skip: compose.skip }, () => {
  const run = spawnSync('docker-compose', ['-f', 'docker-compose.yml', 'config'], { cwd: ROOT, encoding: 'utf8' });

  it('is valid for Compose', () => {
    assert.equal(run.status, 0, run.stderr);
  });

  it('runs the whole cluster: Redpanda, ClickHouse, PostgreSQL, Redis, two ingests, a consumer and a dashboard, each with a health check', () => {
    const services = parse(run.stdout).services as Record<string, Service>;
    assert.deepEqual(Object.keys(services).sort(), ['clickhouse', 'consumer', 'dashboard', 'ingest-1', 'ingest-2', 'postgres', 'redis', 'redpanda']);
    for (const [name, service] of Object.entries(services)) assert.ok(service.healthcheck?.test?.length, `${name} has a health check`);
    const role = (name: string) => services[name]!.command?.join(' ');
    assert.equal(role('ingest-1'), 'start --role ingest');
    assert.equal(role('ingest-2'), 'start --role ingest');
    assert.equal(role('consumer'), 'start --role consumer');
    assert.equal(role('dashboard'), 'start --role dashboard');
    assert.match(services.clickhouse!.image!, /^clickhouse\/clickhouse-server:\d+/);
    assert.match(services.redpanda!.image!, /redpanda/);
  });

  it('points every Vigil role at the cluster engines and waits for them to be healthy', () => {
    const services = parse(run.stdout).services as Record<string, Service>;
    for (const name of ['ingest-1', 'ingest-2', 'consumer', 'dashboard']) {
      const env = services[name]!.environment!;
      assert.match(env.DATABASE_URL!, /^postgres:\/\/.+@postgres:5432\//, name);
      assert.equal(env.CLICKHOUSE_URL, 'http://clickhouse:8123', name);
      assert.equal(env.KAFKA_BROKERS, 'redpanda:9092', name);
      assert.equal(env.REDIS_URL, 'redis://redis:6379', name);
      for (const engine of ['postgres', 'clickhouse', 'redpanda', 'redis']) {
        assert.equal(services[name]!.depends_on?.[engine]?.condition, 'service_healthy', `${name} waits for ${engine}`);
      }
    }
  });
});
