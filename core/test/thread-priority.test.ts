/**
 * The embedded server keeps the CPU for its event loop: every other thread (the event store's,
 * DuckDB's, libuv's and V8's helpers) runs at VIGIL_BACKGROUND_NICE, read from /proc for this very
 * process, and the server still stores and answers as before.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { startTestServer } from '../src/test/test-server.ts';

const linux = process.platform === 'linux';

/** nice value of each thread of this process, from /proc/self/task/<tid>/stat (field 19). */
function niceByThread(): Map<number, number> {
  const out = new Map<number, number>();
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      // after "tid (comm) " come state (field 3) ... nice (field 19)
      out.set(Number(tid), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]));
    } catch {
      // the thread ended while listing
    }
  }
  return out;
}

async function pageviewCounted(env: Record<string, string>): Promise<Map<number, number>> {
  const vigil = await startTestServer({ env });
  try {
    const site = await vigil.addSite({ domain: 'nice.test' });
    assert.equal((await vigil.track({ s: site.id, n: 'pageview', u: 'https://nice.test/' })).status, 202);
    await vigil.flushed();
    const { body } = await vigil.api<{ totals: { pageviews: number } }>(`/api/stats?site=${site.id}&period=day`);
    assert.equal(body.totals.pageviews, 1);
    return niceByThread();
  } finally {
    await vigil.stop();
  }
}

// In this order: a thread's nice value is only ever raised here, never lowered.
describe('thread priorities of the embedded server', { skip: !linux && 'nice values per thread are a Linux feature' }, () => {
  it('VIGIL_BACKGROUND_NICE=0 leaves every thread as it was', async () => {
    const before = niceByThread();
    const during = await pageviewCounted({ VIGIL_BACKGROUND_NICE: '0' });
    for (const [tid, nice] of during) assert.equal(nice, before.get(tid) ?? before.get(process.pid), `thread ${tid}`);
  });

  it('by default every thread but the main one runs at nice 10, and the server works as before', async () => {
    const mainBefore = niceByThread().get(process.pid);
    const during = await pageviewCounted({});
    assert.equal(during.get(process.pid), mainBefore, 'the thread answering HTTP keeps its priority');
    const background = [...during].filter(([tid]) => tid !== process.pid);
    // at least the store's thread and DuckDB's second thread, besides V8's and libuv's
    assert.ok(background.length >= 3, `threads: ${JSON.stringify([...during])}`);
    for (const [tid, nice] of background) assert.equal(nice, 10, `thread ${tid}`);
  });
});
