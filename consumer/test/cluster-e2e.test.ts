/**
 * Cluster mode end to end, as an operator deploys it: two `--role ingest`, one `--role consumer`
 * and two `--role dashboard` processes of the real binary on PostgreSQL, ClickHouse, Kafka and
 * Redis. A real Chromium visits the test site twice, once through each ingest. Both dashboards
 * must show the same numbers, and those must be the numbers the embedded product shows for the
 * same two visits; live updates sent through either ingest reach the sockets on both dashboards.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { needEngine } from '@vigil/core/test/engines';
import { startTestServer, type TestServer } from '@vigil/core/test/test-server';
import type { BreakdownRow, Realtime, Totals } from '@vigil/core/stats/model';
import { freshClusterState, type ClusterState } from './support/cluster-engines.ts';
import { startVigil, vigilCli, type VigilProcess } from './support/vigil-process.ts';
import { DESKTOP_CHROME_UA, READ_LONG_MS, launchBrowser, visitSite, type VisitResult } from './support/scripted-visit.ts';
import { openLive, type LiveClient } from './support/live-client.ts';
import { getJson, waitFor } from './support/http.ts';

const needed = await Promise.all((['postgres', 'redis', 'kafka', 'clickhouse', 'chromium'] as const).map((e) => needEngine(e)));
const skip = needed.find((n) => n.skip)?.skip ?? false;

interface Health {
  ingest?: { accepted: number; dropped: Record<string, number> };
  consumer?: { batches: number; events: number };
}

interface Timeseries {
  interval: string;
  points: { t: string; visitors: number; visits: number; pageviews: number }[];
}

/** The fixed range every stats request asks for, so two dashboards answer the very same question. */
const range = (() => {
  const day = 86_400_000;
  return { from: new Date(Date.now() - day).toISOString().slice(0, 10), to: new Date(Date.now() + day).toISOString().slice(0, 10) };
})();

const statsPaths = (siteId: string): string[] => {
  const q = (extra: Record<string, string> = {}) => new URLSearchParams({ site: siteId, ...range, ...extra }).toString();
  return [
    `/api/stats?${q()}`,
    `/api/stats/timeseries?${q({ interval: 'hour' })}`,
    `/api/stats/breakdown?${q({ by: 'page', limit: '100' })}`,
    `/api/stats/breakdown?${q({ by: 'event', limit: '100' })}`,
    `/api/stats/breakdown?${q({ by: 'source', limit: '100' })}`,
    `/api/stats/breakdown?${q({ by: 'browser', limit: '100' })}`,
    `/api/stats/realtime?site=${siteId}`,
  ];
};

function countOf(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
}

const byValue = (rows: BreakdownRow[]) => [...rows].sort((a, b) => a.value.localeCompare(b.value));
const withoutEngaged = (rows: BreakdownRow[]) => byValue(rows).map(({ avg_engaged_s: _e, ...rest }) => rest);

describe('cluster: 2 ingest + 1 consumer + 2 dashboards on PostgreSQL, ClickHouse, Kafka and Redis', { skip }, () => {
  let state: ClusterState;
  let siteId = '';
  let token = '';
  const procs: VigilProcess[] = [];
  let ingest: VigilProcess[] = [];
  let consumer: VigilProcess;
  let dashboards: VigilProcess[] = [];
  const live: LiveClient[] = [];
  let browser: Browser;
  let embedded: TestServer;
  let embeddedSiteId = '';
  let clusterVisits: VisitResult[] = [];
  let embeddedVisits: VisitResult[] = [];

  const health = async (p: VigilProcess) => (await getJson<Health>(`${p.url}/api/health`)).body;

  before(async () => {
    // a short flush interval: the consumer writes within a fraction of a second of each beacon
    state = await freshClusterState('e2e', { extraEnv: { VIGIL_FLUSH_MS: '200' } });
    const site = vigilCli<{ id: string }>(state.env, 'site', 'add', '127.0.0.1', '--name', 'Cluster test', '--timezone', 'UTC');
    siteId = site.id;
    token = vigilCli<{ token: string }>(state.env, 'token', 'create', '--name', 'cluster-e2e').token;

    const roles = ['ingest', 'ingest', 'consumer', 'dashboard', 'dashboard'] as const;
    const started = await Promise.allSettled(roles.map((role) => startVigil(role, state.env)));
    for (const s of started) if (s.status === 'fulfilled') procs.push(s.value);
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
    ingest = procs.filter((p) => p.role === 'ingest');
    consumer = procs.find((p) => p.role === 'consumer')!;
    dashboards = procs.filter((p) => p.role === 'dashboard');

    for (const d of dashboards) {
      const client = await openLive(d.url, siteId, token);
      live.push(client);
      await client.next((m) => m.type === 'live'); // the snapshot on connect: subscribed
    }

    browser = await launchBrowser();
    for (const i of ingest) clusterVisits.push(await visitSite(browser, i.url, siteId));
    // everything both ingests accepted is in ClickHouse once the consumer has written as many events
    const accepted = (await Promise.all(ingest.map(health))).reduce((n, h) => n + h.ingest!.accepted, 0);
    let stored = 0;
    await waitFor('the consumer stored what the ingests accepted', async () => {
      stored = (await health(consumer)).consumer!.events;
      return stored >= accepted ? true : undefined;
    }, 30_000).catch((error: Error) => {
      // what the consumer said is the only clue when this fails on a CI machine
      throw new Error(`${error.message}; ${stored} of ${accepted} stored. The consumer's log:\n${consumer.log().slice(-4000)}`);
    });

    embedded = await startTestServer();
    embeddedSiteId = (await embedded.addSite({ domain: '127.0.0.1', name: 'Embedded twin', timezone: 'UTC' })).id;
    for (let i = 0; i < 2; i++) embeddedVisits.push(await visitSite(browser, embedded.url, embeddedSiteId));
    await embedded.flushed();
  });

  after(async () => {
    for (const client of live) client.close();
    await browser?.close().catch(() => {});
    await embedded?.stop().catch(() => {});
    await Promise.all(procs.map((p) => p.stop()));
    await state?.cleanup(siteId ? [siteId] : []);
  });

  test('every beacon was answered 202 by the ingest it went to, no page erred, nobody was taken for a bot', async () => {
    for (const v of [...clusterVisits, ...embeddedVisits]) {
      assert.deepEqual(v.pageErrors, []);
      assert.deepEqual(v.statuses, [202]);
    }
    for (const i of ingest) {
      const h = await health(i);
      assert.ok(h.ingest!.accepted > 0, `ingest ${i.url} accepted the visit sent to it`);
      assert.equal(h.ingest!.dropped.bot, 0);
    }
  });

  test('both dashboards answer every stats request identically', async () => {
    for (const path of statsPaths(siteId)) {
      const [a, b] = await Promise.all(dashboards.map((d) => getJson(`${d.url}${path}`, token)));
      assert.equal(a!.status, 200, `${path}: ${JSON.stringify(a!.body)}`);
      assert.equal(b!.status, 200, `${path}: ${JSON.stringify(b!.body)}`);
      assert.deepEqual(a!.body, b!.body, path);
    }
  });

  test('the cluster shows the numbers the embedded product shows for the same two visits', async () => {
    const cluster = async <T>(path: string) => (await getJson<T>(`${dashboards[0]!.url}${path}`, token)).body;
    const [cPaths, ePaths] = [statsPaths(siteId), statsPaths(embeddedSiteId)];
    const pageviews = clusterVisits.flatMap((v) => v.pageviews);
    assert.deepEqual(embeddedVisits.flatMap((v) => v.pageviews), pageviews, 'the same script ran');

    const [ct, et] = [(await cluster<{ totals: Totals }>(cPaths[0]!)).totals, (await embedded.api<{ totals: Totals }>(ePaths[0]!)).body.totals];
    const exact = ({ avg_engaged_s: _e, avg_visit_duration_s: _d, ...rest }: Totals) => rest;
    process.stdout.write(`cluster totals ${JSON.stringify(ct)}\nembedded totals ${JSON.stringify(et)}\n`);
    assert.deepEqual(exact(ct), exact(et));
    // one visitor, one visit: the second ingest continued the session the first one opened
    assert.deepEqual([ct.visitors, ct.visits, ct.pageviews], [1, 1, pageviews.length]);
    assert.equal(ct.events, [...clusterVisits.flatMap((v) => [...v.events.values()])].reduce((a, b) => a + b, 0));
    // time measured by the browser differs between runs: within what each run could have measured
    const wall = (visits: VisitResult[]) => visits.reduce((n, v) => n + v.wallMs, 0) / 1000;
    for (const [t, visits] of [[ct, clusterVisits], [et, embeddedVisits]] as const) {
      assert.ok(t.avg_engaged_s >= (2 * READ_LONG_MS) / 1000 && t.avg_engaged_s <= wall(visits) + 0.1, `engaged ${t.avg_engaged_s} s`);
      assert.ok(t.avg_visit_duration_s > 0, `duration ${t.avg_visit_duration_s} s`);
    }

    const [cTs, eTs] = [await cluster<Timeseries>(cPaths[1]!), (await embedded.api<Timeseries>(ePaths[1]!)).body];
    const sums = (ts: Timeseries) => ts.points.reduce((s, p) => ({ visitors: s.visitors + p.visitors, visits: s.visits + p.visits, pageviews: s.pageviews + p.pageviews }), { visitors: 0, visits: 0, pageviews: 0 });
    assert.deepEqual(sums(cTs), sums(eTs));
    assert.equal(sums(cTs).pageviews, pageviews.length);

    const [cPages, ePages] = [(await cluster<{ rows: BreakdownRow[] }>(cPaths[2]!)).rows, (await embedded.api<{ rows: BreakdownRow[] }>(ePaths[2]!)).body.rows];
    assert.deepEqual(withoutEngaged(cPages), withoutEngaged(ePages));
    assert.deepEqual(Object.fromEntries(cPages.map((r) => [r.value, r.pageviews])), countOf(pageviews));
    const longRead = cPages.find((r) => r.value === '/long.html');
    assert.ok(longRead && longRead.avg_engaged_s! >= READ_LONG_MS / 1000, `engaged on the long page: ${longRead?.avg_engaged_s} s`);

    for (const i of [3, 4, 5]) {
      const [c, e] = [(await cluster<{ rows: BreakdownRow[] }>(cPaths[i]!)).rows, (await embedded.api<{ rows: BreakdownRow[] }>(ePaths[i]!)).body.rows];
      assert.ok(c.length > 0, cPaths[i]);
      assert.deepEqual(byValue(c), byValue(e), cPaths[i]);
    }
    const events = (await cluster<{ rows: BreakdownRow[] }>(cPaths[3]!)).rows;
    const expected = new Map<string, number>();
    for (const v of clusterVisits) for (const [name, n] of v.events) expected.set(name, (expected.get(name) ?? 0) + n);
    assert.deepEqual(Object.fromEntries(events.map((r) => [r.value, r.events])), Object.fromEntries(expected));

    const [cRt, eRt] = [await cluster<Realtime>(cPaths[6]!), (await embedded.api<Realtime>(ePaths[6]!)).body];
    assert.equal(cRt.active_visitors, 1);
    assert.deepEqual(cRt, eRt);
  });

  test('both dashboards watched every pageview of both visits live', () => {
    const pageviews = clusterVisits.flatMap((v) => v.pageviews);
    for (const client of live) {
      const updates = client.messages.map((m) => m.message).filter((m) => m.type === 'live' && m.site === siteId);
      assert.equal(updates.reduce((n, m) => n + (m.counts?.pageviews ?? 0), 0), pageviews.length);
      const seen = new Set(updates.flatMap((m) => (m.feed ?? []).filter((f) => f.name === 'pageview').map((f) => f.page)));
      assert.deepEqual([...seen].sort(), [...new Set(pageviews)].sort());
    }
  });

  test('a pageview sent through either ingest reaches both dashboards within two seconds', async () => {
    for (const [n, i] of ingest.entries()) {
      const path = `/live-through-ingest-${n + 1}`;
      const sent = Date.now();
      const res = await fetch(`${i.url}/api/track`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', 'user-agent': DESKTOP_CHROME_UA },
        body: JSON.stringify({ s: siteId, n: 'pageview', u: `http://127.0.0.1${path}` }),
      });
      assert.equal(res.status, 202);
      const arrivals = await Promise.all(live.map((c) => c.next((m) => m.type === 'live' && (m.feed ?? []).some((f) => f.page === path), 2000)));
      const latencies = arrivals.map((a) => a.at - sent);
      process.stdout.write(`# live update through ingest ${n + 1}: ${latencies.map((l) => `${l} ms`).join(', ')} to the two dashboards\n`);
      for (const a of arrivals) assert.ok((a.message.active_visitors ?? 0) >= 1);
    }
  });
});
