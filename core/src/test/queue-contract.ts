/**
 * What every EventQueue implementation must do, as tests: run `queueContract(name, open)` from a
 * test file. `open` gets the batching settings a test needs and returns a fresh, empty queue (for
 * Kafka: its own topic and group) and how to clean it up.
 *
 * The contract: events come out exactly as they went in, every field; one visitor's events in the
 * order they were accepted; batches of at most `batchSize`, a full one at once and a partial one
 * after about `flushMs`; a failing handler gets the same batch again until it takes it, losing,
 * skipping and duplicating nothing; drain delivers everything accepted and then refuses events.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { StoredEvent } from '../event/stored.ts';
import type { EventQueue } from '../queue/event-queue.ts';

export interface QueueContractSettings {
  batchSize: number;
  flushMs: number;
  /** first retry delay after a failed batch */
  backoffMs: number;
  /** events the queue may hold; the tests stay well below it */
  capacity: number;
}

export interface OpenedQueue {
  queue: EventQueue;
  cleanup(): Promise<void>;
}

export type OpenQueue = (settings: QueueContractSettings) => Promise<OpenedQueue>;

const DEFAULTS: QueueContractSettings = { batchSize: 10, flushMs: 300, backoffMs: 20, capacity: 10_000 };

/** A complete event with awkward strings in it; `visitor` picks one of a few visitors on two sites. */
export function contractEvent(i: number, visitor: number): StoredEvent {
  const hex = (n: number) => n.toString(16).padStart(16, '0');
  return {
    id: randomUUID(),
    site_id: visitor % 2 === 0 ? 'site-a' : 'site-b',
    ts: 1_767_225_600_000 + i * 1_001,
    name: i % 7 === 3 ? 'Signup "pro" ✓' : 'pageview',
    visitor_id: hex(0xabc000 + visitor),
    session_id: hex(0xdef000 + visitor),
    hostname: 'example.com',
    page: `/blog/${i}?lang=ü&q="x"#/route`,
    title: `Seite ${i} — “quoted” \\ back\nslash 😀 \u0000`,
    referrer: 'https://news.ycombinator.com/item',
    source: 'news.ycombinator.com',
    channel: 'referral',
    utm_source: 'hn',
    utm_medium: '',
    utm_campaign: 'launch',
    utm_term: '',
    utm_content: '',
    country: 'DE',
    browser: 'Firefox',
    os: 'Linux',
    device: 'desktop',
    screen: 'laptop',
    screen_width: 1280 + i,
    language: 'de',
    engaged_ms: i * 37,
    scroll_pct: i % 101,
    x: i * 3,
    y: 9_007_199_254_740_991 - i,
    viewport_width: 1280,
    selector: 'main > a#buy[data-x="1"]',
    href: i % 5 === 0 ? 'https://other.example/path?a=1' : '',
    props: JSON.stringify({ plan: 'pro', n: i, nested: { emoji: '🚀' } }),
  };
}

/** `count` events spread over `visitors` visitors, interleaved. */
export function contractEvents(count: number, visitors: number, from = 0): StoredEvent[] {
  return Array.from({ length: count }, (_, k) => contractEvent(from + k, (from + k) % visitors));
}

export async function waitFor(what: string, done: () => boolean | Promise<boolean>, timeoutMs: number, intervalMs = 10): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Ids per visitor key, in the order given. */
export function idsByVisitor(events: StoredEvent[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const e of events) {
    const key = `${e.site_id}:${e.visitor_id}`;
    out.set(key, [...(out.get(key) ?? []), e.id]);
  }
  return out;
}

async function enqueueAll(queue: EventQueue, chunks: StoredEvent[][]): Promise<void> {
  for (const chunk of chunks) assert.equal(await queue.enqueue(chunk), null, 'the queue refused events it has room for');
}

/** Delivers one event and waits for it, so timing checks do not include a consumer's start-up. */
async function warmUp(queue: EventQueue, got: () => number): Promise<void> {
  await enqueueAll(queue, [contractEvents(1, 1)]);
  await waitFor('the first event to reach the consumer', () => got() >= 1, 30_000);
}

export function queueContract(name: string, open: OpenQueue, opts: { skip?: string | false } = {}): void {
  describe(`${name} (queue contract)`, { skip: opts.skip ?? false }, () => {
    const opened: OpenedQueue[] = [];
    const openQueue = async (settings: Partial<QueueContractSettings> = {}) => {
      const q = await open({ ...DEFAULTS, ...settings });
      opened.push(q);
      return q.queue;
    };
    after(async () => {
      for (const q of opened) await q.cleanup();
    });

    it('delivers every event exactly as sent, each visitor in order, none twice', async () => {
      const queue = await openQueue();
      const got: StoredEvent[] = [];
      await queue.consume(async (batch) => { got.push(...batch); });
      const sent = contractEvents(57, 6);
      await enqueueAll(queue, [sent.slice(0, 1), sent.slice(1, 20), sent.slice(20, 23), sent.slice(23)]);
      await waitFor('57 events', () => got.length >= sent.length, 30_000);
      await new Promise((r) => setTimeout(r, 100));

      assert.equal(got.length, sent.length, 'no event delivered twice');
      const byId = new Map(got.map((e) => [e.id, e]));
      for (const e of sent) assert.deepEqual(byId.get(e.id), e, `event ${e.id} came out changed`);
      assert.deepEqual(idsByVisitor(got), idsByVisitor(sent));
      assert.equal(queue.stats().enqueued, sent.length);
    });

    it('hands out full batches at once and a partial one after flushMs', async () => {
      const flushMs = 700;
      const queue = await openQueue({ batchSize: 10, flushMs });
      const batches: { size: number; at: number }[] = [];
      let got = 0;
      await queue.consume(async (batch) => { batches.push({ size: batch.length, at: Date.now() }); got += batch.length; });
      await warmUp(queue, () => got);
      batches.length = 0;

      const start = Date.now();
      await enqueueAll(queue, [contractEvents(25, 5, 100)]);
      await waitFor('25 events', () => got >= 26, 30_000);
      assert.deepEqual(batches.map((b) => b.size), [10, 10, 5]);
      assert.ok(batches[1]!.at - start < flushMs * 0.8, `full batches took ${batches[1]!.at - start} ms`);
      assert.ok(batches[2]!.at - start >= flushMs * 0.9, `the partial batch went out after ${batches[2]!.at - start} ms, before flushMs`);

      batches.length = 0;
      const partialStart = Date.now();
      await enqueueAll(queue, [contractEvents(3, 3, 200)]);
      await waitFor('3 more events', () => got >= 29, 30_000);
      const waited = batches[0]!.at - partialStart;
      assert.deepEqual(batches.map((b) => b.size), [3]);
      assert.ok(waited >= flushMs * 0.9 && waited < flushMs + 5_000, `a lone partial batch went out after ${waited} ms`);
    });

    it('offers a failed batch again until the handler takes it, losing and skipping nothing', async () => {
      const queue = await openQueue({ batchSize: 10, flushMs: 50, backoffMs: 20 });
      const attempts: string[][] = [];
      const taken: StoredEvent[] = [];
      let failuresLeft = 3;
      await queue.consume(async (batch) => {
        attempts.push(batch.map((e) => e.id));
        if (failuresLeft-- > 0) throw new Error('store down');
        taken.push(...batch);
      });
      const sent = contractEvents(30, 4, 300);
      await enqueueAll(queue, [sent]);
      await waitFor('30 events taken', () => taken.length >= sent.length, 30_000);
      await new Promise((r) => setTimeout(r, 100));

      assert.deepEqual(attempts[1], attempts[0], 'the retry offered a different batch');
      assert.deepEqual(attempts[3], attempts[0], 'the batch taken after the failures differs from the failed one');
      assert.equal(taken.length, sent.length, 'an event was delivered twice or lost');
      assert.deepEqual(new Set(taken.map((e) => e.id)), new Set(sent.map((e) => e.id)));
      assert.deepEqual(idsByVisitor(taken), idsByVisitor(sent));
      assert.equal(queue.stats().retries, 3);
    });

    it('drain delivers everything accepted, then refuses new events', async () => {
      const queue = await openQueue({ batchSize: 50, flushMs: 10_000 });
      const got = new Set<string>();
      let deliveries = 0;
      await queue.consume(async (batch) => {
        await new Promise((r) => setTimeout(r, 5));
        for (const e of batch) got.add(e.id);
        deliveries += batch.length;
      });
      const sent = contractEvents(20 * 17, 9, 400);
      const chunks = Array.from({ length: 20 }, (_, k) => sent.slice(k * 17, (k + 1) * 17));
      await enqueueAll(queue, chunks);
      await queue.drain();

      assert.equal(got.size, sent.length, `drain returned with ${sent.length - got.size} accepted events undelivered`);
      assert.equal(deliveries, sent.length);
      assert.equal(queue.stats().pending, 0);
      assert.equal((await queue.enqueue(contractEvents(1, 1, 999)))?.reason, 'queue_unavailable');
    });
  });
}
