import { it } from 'node:test';
import assert from 'node:assert/strict';
import { randomId } from '../src/configdb/ids.ts';

it('ids are url-safe, never start like a command-line option, and use every first character', () => {
  const firsts = new Set<string>();
  for (let i = 0; i < 20_000; i++) {
    const id = randomId(12);
    assert.match(id, /^[A-Za-z0-9][A-Za-z0-9_-]{11}$/);
    firsts.add(id[0]!);
  }
  assert.equal(firsts.size, 62);
});
