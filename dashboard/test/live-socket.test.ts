/**
 * GET /api/live over a real WebSocket: events sent to /api/track reach a watching socket within
 * a second, a socket never sees another site's events, bursts are coalesced, and upgrades without
 * credentials never open.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { startTestServer, type TestServer } from '@vigil/core/test/test-server';

let vigil: TestServer;
let siteA: string;
let siteB: string;

interface Msg { type: string; site?: string; active_visitors?: number; feed?: { name: string; page: string }[]; counts?: { pageviews: number; events: number; visits: number }; sites?: string[] }

/** Opens a socket and collects its messages. */
function connect(path: string, headers: Record<string, string> = {}): Promise<{ ws: WebSocket; messages: Msg[]; next(pred: (m: Msg) => boolean, ms?: number): Promise<Msg> }> {
  const ws = new WebSocket(vigil.url.replace('http', 'ws') + path, { headers });
  const messages: Msg[] = [];
  const waiters: { pred: (m: Msg) => boolean; resolve: (m: Msg) => void }[] = [];
  ws.on('message', (data) => {
    const m = JSON.parse(String(data)) as Msg;
    messages.push(m);
    for (const w of [...waiters]) if (w.pred(m)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(m); }
  });
  const next = (pred: (m: Msg) => boolean, ms = 3000) =>
    new Promise<Msg>((resolve, reject) => {
      const found = messages.find(pred);
      if (found) return resolve(found);
      const timer = setTimeout(() => reject(new Error(`no matching message in ${ms} ms; got ${JSON.stringify(messages)}`)), ms);
      waiters.push({ pred, resolve: (m) => { clearTimeout(timer); resolve(m); } });
    });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, messages, next }));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

describe('live WebSocket /api/live', () => {
  before(async () => {
    vigil = await startTestServer();
    siteA = (await vigil.addSite({ domain: 'a.test' })).id;
    siteB = (await vigil.addSite({ domain: 'b.test' })).id;
  });
  after(() => vigil?.stop());

  it('refuses upgrades without credentials, with a wrong token, and for unknown sites', async () => {
    await assert.rejects(connect(`/api/live?site=${siteA}`), /HTTP 401/);
    await assert.rejects(connect(`/api/live?site=${siteA}&token=vgl_nope`), /HTTP 401/);
    await assert.rejects(connect(`/api/live?site=nope&token=${vigil.token}`), /HTTP 404/);
  });

  it('pushes a tracked pageview to a watching socket within a second, and only to that site', async () => {
    const a = await connect(`/api/live?site=${siteA}&token=${vigil.token}`);
    const b = await connect(`/api/live?site=${siteB}`, { authorization: `Bearer ${vigil.token}` });
    assert.deepEqual((await a.next((m) => m.type === 'hello')).sites, [siteA]);
    await a.next((m) => m.type === 'live'); // the snapshot on connect
    const sent = Date.now();
    const res = await vigil.track({ s: siteA, n: 'pageview', u: 'https://a.test/live-page' });
    assert.equal(res.status, 202);
    const update = await a.next((m) => m.type === 'live' && (m.feed ?? []).some((f) => f.page === '/live-page'));
    const latency = Date.now() - sent;
    assert.ok(latency < 1000, `update arrived after ${latency} ms`);
    assert.equal(update.site, siteA);
    assert.equal(update.active_visitors, 1);
    assert.equal(update.counts!.pageviews, 1);
    assert.equal(update.counts!.visits, 1, 'the first pageview opened a visit');
    const again = await vigil.track({ s: siteA, n: 'pageview', u: 'https://a.test/second-page' });
    assert.equal(again.status, 202);
    const second = await a.next((m) => m.type === 'live' && (m.feed ?? []).some((f) => f.page === '/second-page'));
    assert.deepEqual([second.counts!.pageviews, second.counts!.visits], [1, 0], 'the same visitor\'s next page continues the visit');
    await new Promise((r) => setTimeout(r, 300));
    assert.ok(!b.messages.some((m) => m.type === 'live' && (m.feed ?? []).length > 0), 'site B saw nothing of site A');
    assert.ok(b.messages.every((m) => m.type !== 'live' || m.site === siteB));
    a.ws.close();
    b.ws.close();
  });

  it('site=* watches every site; a burst arrives as a few coalesced messages with exact counts', async () => {
    const all = await connect(`/api/live?site=*&token=${vigil.token}`);
    assert.deepEqual((await all.next((m) => m.type === 'hello')).sites!.sort(), [siteA, siteB].sort());
    await new Promise((r) => setTimeout(r, 100));
    const before = all.messages.length;
    const burst = Array.from({ length: 100 }, (_, i) => ({ s: siteB, n: 'pageview', u: `https://b.test/p${i}` }));
    assert.equal((await vigil.track(burst)).status, 202);
    assert.equal((await vigil.track({ s: siteB, n: 'Signup', u: 'https://b.test/p0' })).status, 202);
    await vigil.flushed();
    await new Promise((r) => setTimeout(r, 700));
    const live = all.messages.slice(before).filter((m) => m.type === 'live' && m.site === siteB);
    assert.ok(live.length >= 1 && live.length <= 4, `${live.length} messages for one burst`);
    assert.equal(live.reduce((n, m) => n + m.counts!.pageviews, 0), 100);
    assert.equal(live.reduce((n, m) => n + m.counts!.events, 0), 1);
    assert.equal(live.reduce((n, m) => n + m.counts!.visits, 0), 1, 'one visitor, one visit');
    assert.ok(live.every((m) => m.feed!.length <= 20));
    all.ws.close();
  });
});
