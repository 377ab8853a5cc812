/** The ConfigStore over a Kysely instance of either dialect: the repos plus migrate/close. */
import type { Kysely } from 'kysely';
import type { ConfigStore } from './config-store.ts';
import type { ConfigDatabase } from './schema.ts';
import { runMigrations } from './migrate.ts';
import { SitesRepo } from './sites.ts';
import { TokensRepo } from './tokens.ts';
import { UsersRepo } from './users.ts';
import { SaltsRepo } from './salts.ts';
import { AuthSessionsRepo } from './auth-sessions.ts';

export class KyselyConfigStore implements ConfigStore {
  readonly sites: SitesRepo;
  readonly tokens: TokensRepo;
  readonly users: UsersRepo;
  readonly salts: SaltsRepo;
  readonly authSessions: AuthSessionsRepo;
  #closed = false;

  /** `lockKey` names the database, so migrations of stores on the same one in this process queue up. */
  constructor(
    readonly db: Kysely<ConfigDatabase>,
    private readonly lockKey: string,
  ) {
    this.sites = new SitesRepo(db);
    this.tokens = new TokensRepo(db);
    this.users = new UsersRepo(db);
    this.salts = new SaltsRepo(db);
    this.authSessions = new AuthSessionsRepo(db);
  }

  migrate(): Promise<void> {
    return runMigrations(this.db as Kysely<unknown>, this.lockKey);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.db.destroy();
  }
}
