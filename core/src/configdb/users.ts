/** Dashboard users: email + argon2id password hash. */
import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { Kysely, Selectable } from 'kysely';
import { ConfigError, type ConfigStore, type User } from './config-store.ts';
import type { ConfigDatabase, UsersTable } from './schema.ts';
import { randomId } from './ids.ts';
import { isUniqueViolation } from './unique-violation.ts';

const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
const MIN_PASSWORD = 8;
// argon2 hashes any length, but an unbounded input is free CPU for whoever posts it
const MAX_PASSWORD = 1024;

type UsersApi = ConfigStore['users'];

export class UsersRepo implements UsersApi {
  #dummyHash: Promise<string> | null = null;

  constructor(private readonly db: Kysely<ConfigDatabase>) {}

  async create(email: string, password: string): Promise<User> {
    const normalized = normalizeEmail(email);
    if (typeof password !== 'string' || [...password].length < MIN_PASSWORD) {
      throw new ConfigError('invalid', `password must be at least ${MIN_PASSWORD} characters`);
    }
    if (password.length > MAX_PASSWORD) throw new ConfigError('invalid', `password must be at most ${MAX_PASSWORD} characters`);
    // @node-rs/argon2 defaults to argon2id (its Algorithm enum is const, unusable under isolatedModules)
    const row = { id: randomId(12), email: normalized, password_hash: await hash(password), created_at: Date.now() };
    try {
      await this.db.insertInto('users').values(row).execute();
    } catch (err) {
      if (isUniqueViolation(err)) throw new ConfigError('conflict', 'a user with this email already exists');
      throw err;
    }
    return toUser(row);
  }

  async verifyPassword(email: string, password: string): Promise<User | null> {
    if (typeof email !== 'string' || typeof password !== 'string' || password.length > MAX_PASSWORD) return null;
    const row = await this.db.selectFrom('users').selectAll().where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
    if (!row) {
      // same argon2 work as for a real account, so response time does not reveal which emails exist
      await verify(await this.dummyHash(), password).catch(() => false);
      return null;
    }
    const ok = await verify(row.password_hash, password).catch(() => false);
    return ok ? toUser(row) : null;
  }

  async count(): Promise<number> {
    const row = await this.db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  private dummyHash(): Promise<string> {
    this.#dummyHash ??= hash(randomBytes(16).toString('hex'));
    return this.#dummyHash;
  }
}

export function normalizeEmail(email: unknown): string {
  if (typeof email !== 'string') throw new ConfigError('invalid', 'email is required');
  const normalized = email.trim().toLowerCase();
  if (normalized.length > 254 || !EMAIL.test(normalized)) throw new ConfigError('invalid', 'email is not a valid address');
  return normalized;
}

function toUser(row: Selectable<UsersTable>): User {
  return { id: row.id, email: row.email, created_at: Number(row.created_at) };
}
