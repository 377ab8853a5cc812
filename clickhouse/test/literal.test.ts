import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { ClickHouseClient } from '@clickhouse/client';
import { createClient } from '@clickhouse/client';
import { needEngine } from '@vigil/core/test/engines';
import { SqlLiteralError, identifier, num, str, strList, tsMs } from '../src/literal.ts';
import { CLICKHOUSE_URL, adminClient, dropDatabase, testDatabaseName } from './fresh-database.ts';
import { HOSTILE, randomString, rng } from './random-strings.ts';

describe('ClickHouse literals (rendering)', () => {
  it('escapes backslash, quote and control characters, and leaves other unicode alone', () => {
    assert.equal(str(`it's`), `'it\\'s'`);
    assert.equal(str('a\\b'), `'a\\\\b'`);
    assert.equal(str('\0\n\t\r\b\f'), `'\\0\\n\\t\\r\\b\\f'`);
    assert.equal(str('\u0001\u001f\u007f'), `'\\x01\\x1f\\x7f'`);
    assert.equal(str('ü€😀'), `'ü€😀'`);
    assert.equal(str(''), `''`);
  });

  it('refuses lone surrogates and non-strings', () => {
    assert.throws(() => str('a\ud800b'), SqlLiteralError);
    assert.throws(() => str('\udc00'), SqlLiteralError);
    assert.throws(() => str(42 as unknown as string), SqlLiteralError);
  });

  it('renders finite numbers only, negatives in parentheses', () => {
    assert.equal(num(42), '42');
    assert.equal(num(-3_600_000), '(-3600000)');
    assert.equal(num(1.5), '1.5');
    for (const bad of [NaN, Infinity, -Infinity]) assert.throws(() => num(bad), SqlLiteralError);
    assert.throws(() => num('1' as unknown as number), SqlLiteralError);
  });

  it('renders timestamps as whole epoch milliseconds', () => {
    assert.equal(tsMs(Date.parse('2026-03-28T09:00:00.250Z')), '1774688400250');
    assert.equal(tsMs(1000.9), '1000');
    assert.throws(() => tsMs(NaN), SqlLiteralError);
  });

  it('renders a non-empty parenthesised list', () => {
    assert.equal(strList(['a', `b'`]), `('a', 'b\\'')`);
    assert.throws(() => strList([]), SqlLiteralError);
  });

  it('accepts plain identifiers only', () => {
    assert.equal(identifier('vigil_test_1'), 'vigil_test_1');
    for (const bad of ['', '1abc', 'a-b', 'a;DROP', 'a b', '`x`']) assert.throws(() => identifier(bad), SqlLiteralError, bad);
  });
});

const engine = await needEngine('clickhouse');

describe('ClickHouse literals on the real server', { skip: engine.skip }, () => {
  const database = testDatabaseName('literal');
  let client: ClickHouseClient;

  before(async () => {
    const admin = adminClient();
    await admin.command({ query: `CREATE DATABASE ${database}` });
    await admin.close();
    client = createClient({ url: CLICKHOUSE_URL, database });
    await client.command({ query: 'CREATE TABLE strings (id UInt32, s String) ENGINE = MergeTree ORDER BY id' });
  });
  after(async () => {
    await client?.close();
    await dropDatabase(database);
  });

  it('500 seeded random strings round-trip through INSERT ... VALUES and SELECT', async () => {
    const next = rng(20260328);
    const values = Array.from({ length: 500 }, () => randomString(next));
    values.push(...HOSTILE, HOSTILE.join(''), '');
    await client.command({ query: `INSERT INTO strings VALUES ${values.map((v, i) => `(${num(i)}, ${str(v)})`).join(', ')}` });
    const rows = await (await client.query({ query: 'SELECT id, s FROM strings ORDER BY id', format: 'JSONEachRow' })).json<{ id: number; s: string }>();
    assert.equal(rows.length, values.length);
    for (const r of rows) assert.equal(r.s, values[r.id], `case ${r.id}: ${JSON.stringify(values[r.id])}`);

    // the same literals as expressions: equality and IN find each stored string, and only it
    const distinct = [...new Set(values)];
    const [found] = await (await client.query({
      query: `SELECT count() AS n, uniqExact(s) AS u FROM strings WHERE s IN ${strList(distinct)}`, format: 'JSONEachRow',
    })).json<{ n: string; u: string }>();
    assert.deepEqual([Number(found!.n), Number(found!.u)], [values.length, distinct.length]);
    const [echo] = await (await client.query({ query: `SELECT [${distinct.map(str).join(', ')}] AS a`, format: 'JSONEachRow' })).json<{ a: string[] }>();
    assert.deepEqual(echo!.a, distinct);
  });

  it('injection attempts in a value stay data', async () => {
    const attempts = [
      `x' OR '1'='1`, `x\\' OR 1=1 --`, `'); DROP TABLE strings; --`, `\\'; DROP TABLE strings; --`,
      `x' UNION ALL SELECT name FROM system.tables --`, `\0' OR 1 --`, `x'\n OR 1=1`, `x\\`,
    ];
    const before = await count(client, '1');
    for (const attempt of attempts) {
      assert.equal(await count(client, `s = ${str(attempt)}`), 0, attempt);
      assert.equal(await count(client, `s IN ${strList([attempt, `${attempt}'`])}`), 0, attempt);
    }
    assert.equal(await count(client, '1'), before);
  });
});

async function count(client: ClickHouseClient, where: string): Promise<number> {
  const [row] = await (await client.query({ query: `SELECT count() AS n FROM strings WHERE ${where}`, format: 'JSONEachRow' })).json<{ n: string }>();
  return Number(row!.n);
}
