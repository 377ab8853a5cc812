/**
 * A check both DuckDB stores (in the calling thread and on their own thread) must pass: a batch
 * holding one invalid event is refused whole, with an InvalidEventError naming the event and the
 * field, and the store goes on taking good batches.
 */
import assert from 'node:assert/strict';
import type { EventStore } from '../store/event-store.ts';
import type { StoredEvent } from '../event/stored.ts';
import { FIXTURE_EVENTS } from './stats-fixture.ts';

/** `padding` good events go before the bad one (to put it in a later chunk of a large batch). */
export async function assertInvalidBatchRefused(store: EventStore, padding = 0): Promise<void> {
  const good = FIXTURE_EVENTS.slice(0, 4);
  const padded: StoredEvent[] = Array.from({ length: padding }, (_, i) => ({ ...good[i % good.length]!, id: `pad-${i}` }));
  const bad = { ...FIXTURE_EVENTS[5]!, scroll_pct: Number.NaN };
  const index = padded.length + good.length;
  const named = new RegExp(`event ${index} .*scroll_pct`);
  await assert.rejects(store.insert([...padded, ...good, bad]), (e: Error) => e.name === 'InvalidEventError' && named.test(e.message));
  await assert.rejects(store.insert([{ ...good[0]!, page: 42 as unknown as string }]), (e: Error) => e.name === 'InvalidEventError');
  assert.equal(await store.countEvents(null, 0, Date.now()), 0, 'nothing of a refused batch is stored');
  await store.insert(good);
  assert.equal(await store.countEvents(null, 0, Date.now()), 4);
}
