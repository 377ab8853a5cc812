import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RecencyMap } from '../src/collections/recency-map.ts';

const MINUTE = 60_000;

function valuesOf<V>(map: RecencyMap<V>): V[] {
  const values: V[] = [];
  map.forEachValue((v) => values.push(v));
  return values;
}

interface Visit {
  lastSeen: number;
}

/** A map of visitors who expire 30 minutes after their last activity, as the session store keeps them. */
function visits() {
  const map = new RecencyMap<Visit>(MINUTE);
  const activity = (key: string, at: number) => map.set(key, { lastSeen: at }, at);
  return { map, activity };
}

test('an entry moves behind the others only when it was placed more than reorderMs ago', () => {
  const { map, activity } = visits();
  activity('a', 0);
  activity('b', 10_000);
  activity('a', 30_000); // within a minute of its placement: stays in front
  map.deleteOldest();
  assert.equal(map.get('a'), undefined, 'a was placed first');
  activity('c', 70_000);
  activity('b', 75_000); // 65 s after its placement: moves behind c
  map.deleteOldest();
  assert.deepEqual(map.get('b'), { lastSeen: 75_000 });
  assert.equal(map.get('c'), undefined);
});

test('the oldest placement goes first across all shards, whatever the keys', () => {
  const map = new RecencyMap<number>(MINUTE);
  const keys = Array.from({ length: 200 }, (_, i) => `visitor-${(i * 7919).toString(16)}`);
  keys.forEach((key, i) => map.set(key, i, 0)); // all at the same time: the order of placement decides
  map.set(keys[0]!, -1, 0, true);
  for (let i = 1; i < 200; i++) {
    map.deleteOldest();
    assert.equal(map.get(keys[i]!), undefined, `deletion ${i} took ${keys[i]}`);
    assert.equal(map.size, 200 - i);
  }
  assert.equal(map.get(keys[0]!), -1, 'the entry moved last goes last');
});

test('exactOrder moves an entry on every set', () => {
  const map = new RecencyMap<number>(MINUTE);
  map.set('a', 1, 0);
  map.set('b', 2, 1);
  map.set('a', 3, 2, true);
  map.deleteOldest();
  assert.equal(map.get('b'), undefined);
  assert.equal(map.get('a'), 3);
});

test('a sweep removes exactly the expired entries and reads little more than them', () => {
  const { map, activity } = visits();
  // 10,000 visitors, one every 0.6 s over 100 minutes; every tenth one stays active (every 20 s)
  for (let i = 0; i < 10_000; i++) {
    const at = i * 600;
    activity(`v${i}`, at);
    for (let j = i - 9; j <= i; j++) if (j >= 0 && j % 10 === 0) activity(`v${j}`, at);
  }
  const now = 10_000 * 600;
  const cutoff = now - 30 * MINUTE;
  const expired = (v: Visit) => v.lastSeen <= cutoff;
  const expect = valuesOf(map).filter(expired).length;
  let read = 0;
  const removed = map.sweep(cutoff, (v) => {
    read++;
    return expired(v);
  });
  assert.equal(removed, expect);
  assert.equal(valuesOf(map).filter(expired).length, 0, 'nothing expired is left');
  assert.equal(map.size, 10_000 - expect);
  // the live entries read are those placed in the minute before the cutoff: 100 new and 10 kept active
  assert.ok(read - removed <= 2 * (MINUTE / 600) + 10, `read ${read} entries to remove ${removed}`);
  assert.ok(read - removed < map.size / 10, 'the sweep stopped long before the end of the live entries');
});

test('everything reads every entry: an entry placed out of order is still found', () => {
  const map = new RecencyMap<Visit>(MINUTE);
  // keys that end alike share a shard: the order the quick sweep follows is that shard's
  map.set('late-7f', { lastSeen: 10 * MINUTE }, 10 * MINUTE);
  map.set('back-in-time-7f', { lastSeen: 0 }, 0); // a clock that stepped back
  const cutoff = 5 * MINUTE;
  assert.equal(map.sweep(cutoff, (v) => v.lastSeen <= cutoff), 0, 'the quick sweep stops at the first later placement');
  assert.equal(map.sweep(cutoff, (v) => v.lastSeen <= cutoff, true), 1);
  assert.equal(map.get('back-in-time-7f'), undefined);
  assert.ok(map.get('late-7f'));
});

test('size follows every way entries come and go', () => {
  const map = new RecencyMap<number>(MINUTE);
  const sizes = (): [number, number] => [map.size, valuesOf(map).length];
  for (let i = 0; i < 1000; i++) map.set(`k${i.toString(16)}`, i, i);
  map.set('k0', -1, 5); // an update, not a new entry
  assert.deepEqual(sizes(), [1000, 1000]);
  assert.equal(map.delete('k1'), true);
  assert.equal(map.delete('k1'), false);
  map.deleteOldest();
  assert.deepEqual(sizes(), [998, 998]);
  assert.equal(map.sweep(499, (v) => v < 500), 498);
  assert.deepEqual(sizes(), [500, 500]);
  map.clear();
  assert.deepEqual(sizes(), [0, 0]);
  map.deleteOldest();
  assert.deepEqual(sizes(), [0, 0]);
});
