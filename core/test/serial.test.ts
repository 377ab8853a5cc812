import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Serial } from '../src/store/duckdb/serial.ts';

test('a Serial runs its tasks one at a time, in order, and says when it is idle', async () => {
  const serial = new Serial();
  assert.equal(serial.idle(), true);
  const order: string[] = [];
  let release!: () => void;
  const first = serial.run(() => new Promise<void>((resolve) => (release = resolve)).then(() => void order.push('first')));
  const second = serial.run(async () => void order.push('second'));
  const failing = serial.run(async () => {
    throw new Error('the statement failed');
  });
  const after = serial.run(async () => void order.push('after the failure'));
  assert.equal(serial.idle(), false, 'a task runs and three wait');
  await new Promise((r) => setTimeout(r, 10));
  assert.deepEqual(order, [], 'nothing overtakes the running task');
  release();
  await Promise.all([first, second]);
  await assert.rejects(failing, /the statement failed/);
  await after;
  assert.deepEqual(order, ['first', 'second', 'after the failure']);
  assert.equal(serial.idle(), true);
});
