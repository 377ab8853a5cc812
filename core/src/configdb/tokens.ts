/**
 * API tokens. The secret is shown once at creation; only its SHA-256 is stored, so a leaked
 * database does not leak working tokens. A plain hash (not argon2) is enough: the secret is 192
 * random bits, not a guessable password, and verify() runs on every API call.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { ConfigError, type ApiToken, type ConfigStore } from './config-store.ts';
import type { ApiTokensTable, ConfigDatabase } from './schema.ts';
import { randomId } from './ids.ts';

const PREFIX = 'vgl_';
const SECRET_CHARS = 32;
const TOUCH_INTERVAL_MS = 60_000;

type TokensApi = ConfigStore['tokens'];

export class TokensRepo implements TokensApi {
  constructor(
    private readonly db: Kysely<ConfigDatabase>,
    private readonly clock: () => number = Date.now,
  ) {}

  async create(name: string): Promise<{ token: string } & ApiToken> {
    if (typeof name !== 'string') throw new ConfigError('invalid', 'token name must be text');
    const trimmed = name.trim();
    if (trimmed.length > 200) throw new ConfigError('invalid', 'token name is longer than 200 characters');
    // 24 bytes are exactly 32 base64url characters
    const token = PREFIX + randomBytes((SECRET_CHARS * 3) / 4).toString('base64url');
    const row = {
      id: randomId(12),
      name: trimmed === '' ? 'token' : trimmed,
      token_hash: hashToken(token),
      created_at: this.clock(),
      last_used_at: null,
    };
    await this.db.insertInto('api_tokens').values(row).execute();
    return { token, ...toToken(row) };
  }

  async verify(secret: string): Promise<ApiToken | null> {
    if (typeof secret !== 'string' || !secret.startsWith(PREFIX) || secret.length !== PREFIX.length + SECRET_CHARS) return null;
    const row = await this.db.selectFrom('api_tokens').selectAll().where('token_hash', '=', hashToken(secret)).executeTakeFirst();
    if (!row) return null;
    const now = this.clock();
    const lastUsed = row.last_used_at === null ? null : Number(row.last_used_at);
    if (lastUsed === null || now - lastUsed >= TOUCH_INTERVAL_MS) {
      await this.db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', row.id).execute();
      return toToken({ ...row, last_used_at: now });
    }
    return toToken(row);
  }

  async list(): Promise<ApiToken[]> {
    const rows = await this.db.selectFrom('api_tokens').selectAll().orderBy('created_at').orderBy('id').execute();
    return rows.map(toToken);
  }

  async revoke(id: string): Promise<boolean> {
    if (typeof id !== 'string') return false;
    const result = await this.db.deleteFrom('api_tokens').where('id', '=', id).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}

export function hashToken(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

function toToken(row: Selectable<ApiTokensTable>): ApiToken {
  return {
    id: row.id,
    name: row.name,
    created_at: Number(row.created_at),
    last_used_at: row.last_used_at === null ? null : Number(row.last_used_at),
  };
}
