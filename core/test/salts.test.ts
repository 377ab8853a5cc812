/** Daily salt rotation on a real SQLite config store, with the clock under the test's control. */
import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConfigStore } from '../src/configdb/config-store.ts';
import { KyselyConfigStore } from '../src/configdb/kysely-config-store.ts';
import { openConfigStore } from '../src/configdb/open.ts';
import { SaltKeeper, visitorId } from '../src/privacy/salts.ts';
import { dayOfVisitorId } from '../src/privacy/visitor-day.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MAY_1 = Date.UTC(2031, 4, 1);

describe('SaltKeeper', () => {
  let dataDir: string;
  let store: ConfigStore;
  let now: number;
  let keeper: SaltKeeper;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'vigil-salts-'));
    store = await openConfigStore({ dataDir });
    now = MAY_1 + 10 * HOUR;
    keeper = new SaltKeeper(store.salts, () => now);
  });
  afterEach(async () => {
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function saltDays(): Promise<string[]> {
    assert.ok(store instanceof KyselyConfigStore);
    const rows = await store.db.selectFrom('salts').select('day').orderBy('day').execute();
    return rows.map((r) => r.day);
  }

  it('keeps one salt through a UTC day and stores it', async () => {
    const morning = await keeper.saltsFor();
    assert.equal(morning.current.length, 32);
    now = MAY_1 + 23 * HOUR + 59 * 60_000;
    const night = await keeper.saltsFor();
    assert.ok(night.current.equals(morning.current));
    assert.ok((await store.salts.get('2031-05-01'))?.salt.equals(morning.current));
    // a second instance (another ingest process) lands on the same salt
    const other = new SaltKeeper(store.salts, () => now);
    assert.ok((await other.saltsFor()).current.equals(morning.current));
  });

  it('has no previous salt when yesterday has none', async () => {
    const salts = await keeper.saltsFor();
    assert.equal(salts.previous, null);
  });

  it('switches at 00:00 UTC and keeps yesterday as previous', async () => {
    const before = await keeper.saltsFor(MAY_1 + DAY - 1);
    const after = await keeper.saltsFor(MAY_1 + DAY);
    assert.equal(after.current.equals(before.current), false);
    assert.ok(after.previous?.equals(before.current));
    assert.deepEqual(await saltDays(), ['2031-05-01', '2031-05-02']);
  });

  it('deletes salts older than yesterday when a new day starts', async () => {
    for (const day of ['2031-04-20', '2031-04-28', '2031-04-29', '2031-04-30']) await store.salts.getOrCreate(day);
    const yesterday = await store.salts.get('2031-04-30');
    const salts = await keeper.saltsFor();
    assert.ok(salts.previous?.equals(yesterday!.salt));
    assert.deepEqual(await saltDays(), ['2031-04-30', '2031-05-01']);

    now = MAY_1 + 2 * DAY + HOUR; // May 3rd, after a day without traffic
    const later = await keeper.saltsFor();
    assert.equal(later.previous, null);
    assert.deepEqual(await saltDays(), ['2031-05-03']);
  });

  it('answers from memory within a day', async () => {
    await keeper.saltsFor();
    await store.salts.deleteBefore('2099-01-01');
    const again = await keeper.saltsFor(MAY_1 + 20 * HOUR);
    assert.equal(again.current.length, 32);
    assert.deepEqual(await saltDays(), []); // nothing was read or re-created
  });

  it('gives a visitor a stable id within a day, another the next day and per site', async () => {
    const ip = '203.0.113.7';
    const ua = 'Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0';
    const { current: today, day } = await keeper.saltsFor();
    const id = visitorId(today, day, 'site-a', ip, ua);
    assert.match(id, /^[0-9a-f]{16}$/);
    assert.equal(dayOfVisitorId(id), Math.floor(now / DAY), 'the id leads with its UTC day');
    now += 5 * HOUR;
    const later = await keeper.saltsFor();
    assert.equal(visitorId(later.current, later.day, 'site-a', ip, ua), id);
    assert.notEqual(visitorId(today, day, 'site-b', ip, ua), id);
    assert.notEqual(visitorId(today, day, 'site-a', '203.0.113.8', ua), id);
    assert.notEqual(visitorId(today, day, 'site-a', ip, ua + ' '), id);
    now = MAY_1 + DAY + HOUR;
    const tomorrow = await keeper.saltsFor();
    assert.equal(tomorrow.day, day + 1);
    const next = visitorId(tomorrow.current, tomorrow.day, 'site-a', ip, ua);
    assert.notEqual(next, id);
    assert.notEqual(next.slice(4), id.slice(4), 'the hash part changes with the salt, not only the day');
    assert.equal(visitorId(tomorrow.previous!, tomorrow.day - 1, 'site-a', ip, ua), id);
  });
});
