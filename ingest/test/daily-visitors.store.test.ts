/**
 * Visitors from the real ingest pipeline, stored in a real DuckDB store over three days: the ids
 * the ingest gives keep the rule daily visitor counting needs (every session starts on the day its
 * visitor id names, a visit past midnight included), and the numbers counted from the flags are
 * the hand-counted ones.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { DuckDBInstance } from '@duckdb/node-api';
import { installErrorHandling } from '@vigil/core/http/errors';
import { SaltKeeper } from '@vigil/core/privacy/salts';
import { MemorySessionStore } from '@vigil/core/session/memory-session-store';
import { MemoryQueue } from '@vigil/core/queue/memory-queue';
import { openDuckDbStore } from '@vigil/core/store/duckdb/duckdb-store';
import type { StatsQuery } from '@vigil/core/stats/model';
import { registerIngest } from '../src/register-ingest.ts';
import { openCountryLookup } from '../src/geo/country-reader.ts';
import { tempConfigStore } from './support/config-store.ts';
import { UA } from './support/user-agents.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const DAY1 = Date.UTC(2026, 2, 2);

const cleanups: (() => Promise<unknown>)[] = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
});

test('ids from the ingest keep the daily rule, and whole days are counted from the flags', async () => {
  const config = await tempConfigStore();
  cleanups.push(() => config.dispose());
  const site = await config.sites.create({ domain: 'example.com' });
  const dir = await mkdtemp(join(tmpdir(), 'vigil-daily-ingest-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const path = join(dir, 'events.duckdb');
  const store = await openDuckDbStore({ path, memoryLimit: '256MB', threads: 2 });

  let now = DAY1;
  const app = Fastify({ trustProxy: true, logger: false });
  installErrorHandling(app);
  const queue = new MemoryQueue({ capacity: 1_000, batchSize: 500, flushMs: 10 });
  await queue.consume((batch) => store.insert(batch));
  const sessions = new MemorySessionStore({ clock: () => now });
  const ingest = await registerIngest(app, {
    trustProxy: true, sites: config.sites, salts: new SaltKeeper(config.salts, () => now), sessions, queue, clock: () => now,
    countries: await openCountryLookup(),
  });

  const IP = { a: '8.8.8.8', b: '1.1.1.1', c: '9.9.9.9' };
  const view = async (at: number, who: keyof typeof IP, page: string) => {
    now = at;
    const res = await app.inject({
      method: 'POST', url: '/api/track',
      headers: { 'content-type': 'text/plain', 'user-agent': UA.chromeWindows, 'x-forwarded-for': IP[who] },
      payload: JSON.stringify({ s: site.id, n: 'pageview', u: `https://example.com${page}` }),
    });
    assert.equal(res.statusCode, 202);
  };
  await view(DAY1 + 10 * HOUR, 'a', '/');
  await view(DAY1 + 10 * HOUR + 5 * 60_000, 'a', '/pricing');
  await view(DAY1 + 15 * HOUR, 'a', '/'); // a second visit the same day: the same visitor
  await view(DAY1 + 23 * HOUR + 50 * 60_000, 'b', '/');
  await view(DAY1 + DAY + 10 * 60_000, 'b', '/docs'); // the same visit, past midnight
  await view(DAY1 + DAY + 9 * HOUR, 'a', '/pricing'); // a new day: a new visitor id
  await view(DAY1 + DAY + 12 * HOUR, 'c', '/');
  await view(DAY1 + 2 * DAY + 12 * HOUR, 'c', '/');
  for (let i = 0; i < 400 && queue.stats().pending > 0; i++) await new Promise((r) => setTimeout(r, 5));
  await queue.close();
  await ingest.close();
  await app.close();
  await sessions.close();

  try {
    const q: StatsQuery = { siteId: site.id, timezone: 'UTC', from: DAY1, to: DAY1 + 3 * DAY, filters: [] };
    const totals = await store.totals(q);
    // a on day 1, b, a on day 2, c on day 2, c on day 3; a's two visits on day 1 are one visitor
    assert.deepEqual([totals.visitors, totals.visits, totals.pageviews], [5, 6, 8]);
    const pages = await store.breakdown(q, 'page', 10);
    assert.deepEqual(pages.map((p) => [p.value, p.visitors, p.visits, p.pageviews]), [
      ['/', 4, 5, 5], ['/pricing', 2, 2, 2], ['/docs', 1, 1, 1],
    ]);
    const days = await store.timeseries(q, 'day');
    assert.deepEqual(days.map((d) => [d.visitors, d.visits]), [[2, 3], [2, 2], [1, 1]]);
    const sources = await store.breakdown(q, 'source', 10);
    assert.deepEqual(sources.map((s) => [s.value, s.visitors, s.visits]), [['Direct / None', 5, 6]]);
  } finally {
    await store.close();
  }
  const db = await DuckDBInstance.create(path);
  const conn = await db.connect();
  try {
    const rows = (await conn.runAndReadAll(`SELECT mixed_visitor_days FROM rollup_spans WHERE site_id = '${site.id}'`)).getRows();
    assert.deepEqual(rows, [[false]], 'the site counts visitors from the flags');
  } finally {
    conn.closeSync();
    db.closeSync();
  }
});
