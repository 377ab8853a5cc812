/**
 * What every ConfigStore must do, whichever database is under it. configdb.test.ts runs this
 * against SQLite and PostgreSQL.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { ConfigError, type ConfigStore } from '../src/configdb/config-store.ts';
import { KyselyConfigStore } from '../src/configdb/kysely-config-store.ts';
import { TokensRepo } from '../src/configdb/tokens.ts';

export interface OpenedStore {
  store: ConfigStore;
  cleanup(): Promise<void>;
  /** a second, independent store on the same database (its own connection) */
  openAnother?: () => Promise<ConfigStore>;
}

const ID = /^[A-Za-z0-9_-]{12}$/;

function rejectsWith(code: ConfigError['code']) {
  return (err: unknown) => {
    assert.ok(err instanceof ConfigError, `expected a ConfigError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    return true;
  };
}

function raw(store: ConfigStore): KyselyConfigStore['db'] {
  assert.ok(store instanceof KyselyConfigStore);
  return store.db;
}

export function configStoreContract(name: string, open: () => Promise<OpenedStore>, opts: { skip?: string | false } = {}): void {
  describe(`ConfigStore on ${name}`, { skip: opts.skip ?? false }, () => {
    let opened: OpenedStore;
    let store: ConfigStore;

    before(async () => {
      opened = await open();
      store = opened.store;
    });
    after(async () => {
      await opened?.cleanup();
    });

    describe('migrations', () => {
      it('run again, and concurrently from several stores, without error and without re-applying', async () => {
        await store.migrate();
        await store.migrate();
        const others = opened.openAnother ? await Promise.all([opened.openAnother(), opened.openAnother()]) : [];
        try {
          await Promise.all([store.migrate(), store.migrate(), ...others.map((o) => o.migrate())]);
          const applied = await raw(store).selectFrom(sql`kysely_migration`.as('m')).select(sql<string>`name`.as('name')).execute();
          assert.deepEqual(applied.map((r) => r.name), ['0001_initial', '0002_auth_sessions']);
          // and the other stores see the same database
          for (const other of others) assert.deepEqual(await other.sites.list(), await store.sites.list());
        } finally {
          await Promise.all(others.map((o) => o.close()));
        }
      });
    });

    describe('sites', () => {
      it('creates a site with defaults and reads it back', async () => {
        const site = await store.sites.create({ domain: 'defaults.example' });
        assert.match(site.id, ID);
        assert.equal(site.domain, 'defaults.example');
        assert.equal(site.name, 'defaults.example');
        assert.equal(site.timezone, 'UTC');
        assert.deepEqual(site.allowed_hostnames, []);
        assert.ok(Math.abs(site.created_at - Date.now()) < 60_000);
        assert.deepEqual(await store.sites.get(site.id), site);
      });

      it('normalises what users type as the domain', async () => {
        const cases: Array<[string, string]> = [
          ['Shop.Example.com', 'shop.example.com'],
          ['https://www.norm1.example/path?q=1', 'www.norm1.example'],
          ['norm2.example:8080', 'norm2.example'],
          ['http://NORM3.example.:443/', 'norm3.example'],
          ['  norm4.example  ', 'norm4.example'],
          ['bücher.example', 'xn--bcher-kva.example'],
        ];
        for (const [input, expected] of cases) {
          const site = await store.sites.create({ domain: input });
          assert.equal(site.domain, expected, `domain typed as '${input}'`);
        }
      });

      it('keeps name, time zone and allowed hostnames, normalised', async () => {
        const site = await store.sites.create({
          domain: 'full.example',
          name: '  My Blog ',
          timezone: 'europe/berlin',
          allowed_hostnames: ['Staging.Full.example:3000', 'http://localhost:5173', 'localhost'],
        });
        assert.equal(site.name, 'My Blog');
        assert.equal(site.timezone, 'Europe/Berlin');
        assert.deepEqual(site.allowed_hostnames, ['staging.full.example', 'localhost']);
        assert.deepEqual(await store.sites.get(site.id), site);
      });

      it('rejects what is not a hostname or a time zone', async () => {
        for (const domain of ['', '   ', 'not a domain', 'exa_mple.com', 'a..b', '-bad.example', 'user@mail.example', 'http://', 'x'.repeat(64) + '.example']) {
          await assert.rejects(store.sites.create({ domain }), rejectsWith('invalid'), `domain '${domain}'`);
        }
        await assert.rejects(store.sites.create({ domain: 'tz.example', timezone: 'Mars/Olympus_Mons' }), rejectsWith('invalid'));
        await assert.rejects(store.sites.create({ domain: 'tz.example', allowed_hostnames: ['ok.example', 'not ok'] }), rejectsWith('invalid'));
        assert.equal((await store.sites.list()).some((s) => s.domain === 'tz.example'), false);
      });

      it('refuses a second site for the same domain, however it is spelled', async () => {
        await store.sites.create({ domain: 'dup.example' });
        await assert.rejects(store.sites.create({ domain: 'https://DUP.example/' }), rejectsWith('conflict'));
      });

      it('lists, updates and deletes', async () => {
        const a = await store.sites.create({ domain: 'crud-a.example' });
        const b = await store.sites.create({ domain: 'crud-b.example' });
        const ids = (await store.sites.list()).map((s) => s.id);
        assert.ok(ids.includes(a.id) && ids.includes(b.id));
        assert.notEqual(a.id, b.id);

        const updated = await store.sites.update(a.id, { name: 'Renamed', timezone: 'Asia/Tokyo', allowed_hostnames: ['LOCALHOST'] });
        assert.deepEqual(updated, { ...a, name: 'Renamed', timezone: 'Asia/Tokyo', allowed_hostnames: ['localhost'] });
        assert.deepEqual(await store.sites.get(a.id), updated);
        const moved = await store.sites.update(a.id, { domain: 'https://crud-c.example' });
        assert.equal(moved?.domain, 'crud-c.example');
        await assert.rejects(store.sites.update(a.id, { domain: 'crud-b.example' }), rejectsWith('conflict'));
        await assert.rejects(store.sites.update(a.id, { timezone: 'Nowhere/Special' }), rejectsWith('invalid'));
        assert.equal(await store.sites.update('no-such-site', { name: 'x' }), null);

        assert.equal(await store.sites.delete(a.id), true);
        assert.equal(await store.sites.delete(a.id), false);
        assert.equal(await store.sites.get(a.id), null);
        assert.equal((await store.sites.list()).some((s) => s.id === a.id), false);
      });
    });

    describe('tokens', () => {
      it('verifies the right secret only, and not after revocation', async () => {
        const created = await store.tokens.create('ci');
        assert.match(created.token, /^vgl_[A-Za-z0-9_-]{32}$/);
        assert.match(created.id, ID);
        assert.equal(created.name, 'ci');

        const verified = await store.tokens.verify(created.token);
        assert.equal(verified?.id, created.id);
        assert.equal(verified?.name, 'ci');

        const last = created.token.at(-1) === 'A' ? 'B' : 'A';
        assert.equal(await store.tokens.verify(created.token.slice(0, -1) + last), null);
        assert.equal(await store.tokens.verify('vgl_' + 'x'.repeat(32)), null);
        assert.equal(await store.tokens.verify(''), null);
        assert.equal(await store.tokens.verify(created.id), null);

        const listed = (await store.tokens.list()).find((t) => t.id === created.id);
        assert.ok(listed);
        assert.equal(JSON.stringify(listed).includes(created.token), false);

        assert.equal(await store.tokens.revoke(created.id), true);
        assert.equal(await store.tokens.verify(created.token), null);
        assert.equal(await store.tokens.revoke(created.id), false);
      });

      it('stores only the SHA-256 of the secret', async () => {
        const created = await store.tokens.create('stored');
        const rows = await raw(store).selectFrom('api_tokens').selectAll().execute();
        const row = rows.find((r) => r.id === created.id);
        assert.ok(row);
        assert.equal(row.token_hash, createHash('sha256').update(created.token).digest('hex'));
        const secretPart = created.token.slice(4);
        for (const r of rows) for (const value of Object.values(r)) assert.equal(String(value).includes(secretPart), false);
      });

      it('records last use at most once a minute', async () => {
        let now = Date.UTC(2025, 0, 1, 12, 0, 0);
        const tokens = new TokensRepo(raw(store), () => now);
        const created = await tokens.create('clocked');
        assert.equal(created.last_used_at, null);
        assert.equal((await tokens.verify(created.token))?.last_used_at, now);
        const first = now;
        now += 30_000;
        assert.equal((await tokens.verify(created.token))?.last_used_at, first);
        now += 31_000;
        assert.equal((await tokens.verify(created.token))?.last_used_at, now);
        assert.equal((await store.tokens.list()).find((t) => t.id === created.id)?.last_used_at, now);
      });
    });

    describe('users', () => {
      it('hashes with argon2id and verifies only the right password', async () => {
        const before = await store.users.count();
        const user = await store.users.create('  Alice@Example.COM ', 'correct horse');
        assert.equal(user.email, 'alice@example.com');
        assert.match(user.id, ID);
        assert.equal(await store.users.count(), before + 1);

        const row = await raw(store).selectFrom('users').selectAll().where('id', '=', user.id).executeTakeFirstOrThrow();
        assert.match(row.password_hash, /^\$argon2id\$/);
        assert.equal(row.password_hash.includes('correct horse'), false);

        assert.deepEqual(await store.users.verifyPassword('ALICE@example.com', 'correct horse'), user);
        assert.equal(await store.users.verifyPassword('alice@example.com', 'wrong horse'), null);
        assert.equal(await store.users.verifyPassword('nobody@example.com', 'correct horse'), null);
      });

      it('rejects duplicates, bad emails and short passwords', async () => {
        await store.users.create('bob@example.com', 'long enough');
        await assert.rejects(store.users.create('BOB@example.com', 'another one'), rejectsWith('conflict'));
        await assert.rejects(store.users.create('not-an-email', 'long enough'), rejectsWith('invalid'));
        await assert.rejects(store.users.create('carol@example.com', 'short'), rejectsWith('invalid'));
        assert.equal(await store.users.verifyPassword('carol@example.com', 'short'), null);
      });

      it('takes argon2 time for an unknown email too, so timing does not reveal accounts', async () => {
        await store.users.create('timing@example.com', 'timing password');
        const time = async (email: string) => {
          const samples: number[] = [];
          for (let i = 0; i < 4; i++) {
            const t0 = performance.now();
            await store.users.verifyPassword(email, 'not the password');
            samples.push(performance.now() - t0);
          }
          // the fastest run is the one least disturbed by whatever else the machine is doing
          return Math.min(...samples);
        };
        await time('nobody@example.com'); // first call also computes the dummy hash
        const known = await time('timing@example.com');
        const unknown = await time('nobody@example.com');
        assert.ok(unknown > known * 0.3, `unknown email took ${unknown.toFixed(1)} ms, a known one ${known.toFixed(1)} ms`);
      });
    });

    describe('auth sessions', () => {
      const DAY = 24 * 3600 * 1000;
      const T0 = Date.UTC(2031, 2, 1, 9, 0, 0);

      it('verifies the secret to its session and user, until it is revoked', async () => {
        const user = await store.users.create('session@example.com', 'session password');
        const { secret, session } = await store.authSessions.create(user.id, T0, 30 * DAY);
        assert.match(secret, /^[A-Za-z0-9_-]{43}$/);
        assert.equal(session.user_id, user.id);
        assert.equal(session.expires_at, T0 + 30 * DAY);
        assert.match(session.csrf_secret, /^[0-9a-f]{64}$/);

        const verified = await store.authSessions.verify(secret, T0 + 1000);
        assert.deepEqual(verified, { session, user });
        const last = secret.at(-1) === 'A' ? 'B' : 'A';
        assert.equal(await store.authSessions.verify(secret.slice(0, -1) + last, T0), null);
        assert.equal(await store.authSessions.verify('', T0), null);
        assert.equal(await store.authSessions.verify(session.id, T0), null);

        assert.equal(await store.authSessions.revoke(secret), true);
        assert.equal(await store.authSessions.verify(secret, T0 + 2000), null);
        assert.equal(await store.authSessions.revoke(secret), false);
      });

      it('stores only the SHA-256 of the secret', async () => {
        const user = await store.users.create('hashed-session@example.com', 'session password');
        const { secret, session } = await store.authSessions.create(user.id, T0, DAY);
        const rows = await raw(store).selectFrom('auth_sessions').selectAll().execute();
        const row = rows.find((r) => r.id === session.id);
        assert.equal(row?.secret_hash, createHash('sha256').update(secret).digest('hex'));
        for (const r of rows) for (const value of Object.values(r)) assert.equal(String(value).includes(secret), false);
      });

      it('records last use at most once a minute', async () => {
        const user = await store.users.create('seen@example.com', 'session password');
        const { secret } = await store.authSessions.create(user.id, T0, DAY);
        assert.equal((await store.authSessions.verify(secret, T0 + 30_000))?.session.last_seen_at, T0);
        assert.equal((await store.authSessions.verify(secret, T0 + 61_000))?.session.last_seen_at, T0 + 61_000);
        assert.equal((await store.authSessions.verify(secret, T0 + 62_000))?.session.last_seen_at, T0 + 61_000);
      });

      it('deletes an expired session when it is used, and the rest on a sweep', async () => {
        const user = await store.users.create('expiry@example.com', 'session password');
        const used = await store.authSessions.create(user.id, T0, DAY);
        const idle = await store.authSessions.create(user.id, T0, DAY);
        const live = await store.authSessions.create(user.id, T0, 3 * DAY);
        const ids = async () => (await raw(store).selectFrom('auth_sessions').select('id').where('user_id', '=', user.id).execute()).map((r) => r.id).sort();

        assert.equal(await store.authSessions.verify(used.secret, T0 + DAY), null);
        assert.deepEqual(await ids(), [idle.session.id, live.session.id].sort());
        assert.ok((await store.authSessions.deleteExpired(T0 + 2 * DAY)) >= 1);
        assert.deepEqual(await ids(), [live.session.id]);
        assert.equal((await store.authSessions.verify(live.secret, T0 + 2 * DAY))?.session.id, live.session.id);
      });
    });

    describe('salts', () => {
      it('agrees on one salt per day under concurrent calls', async () => {
        const results = await Promise.all(Array.from({ length: 8 }, () => store.salts.getOrCreate('2030-05-01')));
        const first = results[0];
        assert.ok(first);
        assert.equal(first.salt.length, 32);
        for (const r of results) assert.ok(r.salt.equals(first.salt));
        assert.ok((await store.salts.get('2030-05-01'))?.salt.equals(first.salt));
        const other = await store.salts.getOrCreate('2030-05-02');
        assert.equal(other.salt.equals(first.salt), false);
        assert.equal(await store.salts.get('2030-04-30'), null);
      });

      it('agrees across independent stores on the same database', async () => {
        if (!opened.openAnother) return;
        const other = await opened.openAnother();
        try {
          const [a, b] = await Promise.all([store.salts.getOrCreate('2031-01-01'), other.salts.getOrCreate('2031-01-01')]);
          assert.ok(a.salt.equals(b.salt));
        } finally {
          await other.close();
        }
      });

      it('deletes the days before a day', async () => {
        for (const day of ['2040-01-01', '2040-01-02', '2040-01-03', '2040-01-04']) await store.salts.getOrCreate(day);
        const earlier = (await raw(store).selectFrom('salts').select('day').where('day', '<', '2040-01-03').execute()).length;
        assert.equal(await store.salts.deleteBefore('2040-01-03'), earlier);
        const days = (await raw(store).selectFrom('salts').select('day').orderBy('day').execute()).map((r) => r.day);
        assert.deepEqual(days, ['2040-01-03', '2040-01-04']);
        assert.equal(await store.salts.deleteBefore('2040-01-03'), 0);
      });

      it('rejects a day that is not YYYY-MM-DD', async () => {
        for (const day of ['2030-5-1', 'yesterday', '2030-13-01', '']) {
          await assert.rejects(store.salts.getOrCreate(day), rejectsWith('invalid'), day);
        }
      });
    });
  });
}
