/** Test helper: a fresh, uniquely named database on the test server, dropped afterwards. */
import { createClient, type ClickHouseClient } from '@clickhouse/client';
import { randomBytes } from 'node:crypto';

export const CLICKHOUSE_URL = process.env.VIGIL_TEST_CLICKHOUSE_URL ?? 'http://127.0.0.1:8123';

export function testDatabaseName(label: string): string {
  return `vigil_test_${label}_${randomBytes(4).toString('hex')}`;
}

export function adminClient(): ClickHouseClient {
  return createClient({ url: CLICKHOUSE_URL, request_timeout: 60_000 });
}

export async function dropDatabase(name: string): Promise<void> {
  const admin = adminClient();
  try {
    await admin.command({ query: `DROP DATABASE IF EXISTS ${name}` });
  } finally {
    await admin.close();
  }
}
