/**
 * Daily salts for visitor ids. getOrCreate inserts with ON CONFLICT DO NOTHING and reads back,
 * so instances racing on a new day all end up with the row that won.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { ConfigError, type ConfigStore, type Salt } from './config-store.ts';
import type { ConfigDatabase } from './schema.ts';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

type SaltsApi = ConfigStore['salts'];

export class SaltsRepo implements SaltsApi {
  constructor(private readonly db: Kysely<ConfigDatabase>) {}

  async getOrCreate(day: string): Promise<Salt> {
    checkDay(day);
    await this.db
      .insertInto('salts')
      .values({ day, salt: randomBytes(32).toString('hex'), created_at: Date.now() })
      .onConflict((oc) => oc.column('day').doNothing())
      .execute();
    const salt = await this.get(day);
    if (!salt) throw new Error(`salt for ${day} vanished right after it was written`);
    return salt;
  }

  async get(day: string): Promise<Salt | null> {
    checkDay(day);
    const row = await this.db.selectFrom('salts').select(['day', 'salt']).where('day', '=', day).executeTakeFirst();
    return row ? { day: row.day, salt: Buffer.from(row.salt, 'hex') } : null;
  }

  async deleteBefore(day: string): Promise<number> {
    checkDay(day);
    const result = await this.db.deleteFrom('salts').where('day', '<', day).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

function checkDay(day: unknown): asserts day is string {
  if (typeof day !== 'string' || !DAY.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`))) {
    throw new ConfigError('invalid', `day must be 'YYYY-MM-DD', got '${String(day)}'`);
  }
}
