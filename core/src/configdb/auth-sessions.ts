/**
 * Dashboard sign-in sessions. The cookie holds 256 random bits; the table holds their SHA-256, so
 * reading the database does not let anyone sign in. A plain hash suffices for the same reason as
 * for API tokens: the secret is random, not a guessable password.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { AuthSession, ConfigStore, User } from './config-store.ts';
import type { AuthSessionsTable, ConfigDatabase } from './schema.ts';
import { randomId } from './ids.ts';

const SECRET_BYTES = 32;
/** base64url of 32 bytes */
const SECRET_SHAPE = /^[A-Za-z0-9_-]{43}$/;
const TOUCH_INTERVAL_MS = 60_000;

type AuthSessionsApi = ConfigStore['authSessions'];

export class AuthSessionsRepo implements AuthSessionsApi {
  constructor(private readonly db: Kysely<ConfigDatabase>) {}

  async create(userId: string, now: number, ttlMs: number): Promise<{ secret: string; session: AuthSession }> {
    if (!Number.isFinite(now) || !Number.isFinite(ttlMs) || ttlMs <= 0) throw new RangeError('session times must be finite and the lifetime positive');
    const secret = randomBytes(SECRET_BYTES).toString('base64url');
    const row = {
      id: randomId(16),
      user_id: userId,
      secret_hash: hashSecret(secret),
      csrf_secret: randomBytes(32).toString('hex'),
      created_at: now,
      expires_at: now + ttlMs,
      last_seen_at: now,
    };
    await this.db.insertInto('auth_sessions').values(row).execute();
    return { secret, session: toSession(row) };
  }

  async verify(secret: string, now: number): Promise<{ session: AuthSession; user: User } | null> {
    if (typeof secret !== 'string' || !SECRET_SHAPE.test(secret)) return null;
    const row = await this.db
      .selectFrom('auth_sessions as s')
      .innerJoin('users as u', 'u.id', 's.user_id')
      .selectAll('s')
      .select(['u.email as user_email', 'u.created_at as user_created_at'])
      .where('s.secret_hash', '=', hashSecret(secret))
      .executeTakeFirst();
    if (!row) return null;
    if (Number(row.expires_at) <= now) {
      await this.db.deleteFrom('auth_sessions').where('id', '=', row.id).execute();
      return null;
    }
    let session = toSession(row);
    if (now - session.last_seen_at >= TOUCH_INTERVAL_MS) {
      await this.db.updateTable('auth_sessions').set({ last_seen_at: now }).where('id', '=', row.id).execute();
      session = { ...session, last_seen_at: now };
    }
    return { session, user: { id: row.user_id, email: row.user_email, created_at: Number(row.user_created_at) } };
  }

  async revoke(secret: string): Promise<boolean> {
    if (typeof secret !== 'string' || !SECRET_SHAPE.test(secret)) return false;
    const result = await this.db.deleteFrom('auth_sessions').where('secret_hash', '=', hashSecret(secret)).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  async deleteExpired(now: number): Promise<number> {
    const result = await this.db.deleteFrom('auth_sessions').where('expires_at', '<=', now).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

function toSession(row: Selectable<AuthSessionsTable>): AuthSession {
  return {
    id: row.id,
    user_id: row.user_id,
    csrf_secret: row.csrf_secret,
    created_at: Number(row.created_at),
    expires_at: Number(row.expires_at),
    last_seen_at: Number(row.last_seen_at),
  };
}
