/**
 * The config database: sites, API tokens, users and the daily salts.
 *
 * Kysely over SQLite (better-sqlite3, embedded) or PostgreSQL (cluster, `DATABASE_URL`), with one
 * set of migrations written in Kysely's schema builder so both dialects run them.
 */

export interface Site {
  /** public id used in the snippet's data-site */
  id: string;
  /** bare hostname, lower case, no scheme or port: 'example.com' */
  domain: string;
  name: string;
  /** IANA time zone, e.g. 'Europe/Berlin' */
  timezone: string;
  /** extra hostnames whose events count for this site (staging hosts, localhost, ...) */
  allowed_hostnames: string[];
  created_at: number;
}

export interface NewSite {
  domain: string;
  name?: string;
  timezone?: string;
  allowed_hostnames?: string[];
}

export interface ApiToken {
  id: string;
  name: string;
  created_at: number;
  last_used_at: number | null;
}

export interface User {
  id: string;
  email: string;
  created_at: number;
}

export interface Salt {
  /** UTC day, 'YYYY-MM-DD' */
  day: string;
  /** 32 random bytes */
  salt: Buffer;
}

export interface ConfigStore {
  migrate(): Promise<void>;

  sites: {
    create(site: NewSite): Promise<Site>;
    get(id: string): Promise<Site | null>;
    list(): Promise<Site[]>;
    update(id: string, patch: Partial<NewSite>): Promise<Site | null>;
    delete(id: string): Promise<boolean>;
  };

  tokens: {
    /** Returns the secret once; only its SHA-256 is stored. */
    create(name: string): Promise<{ token: string } & ApiToken>;
    /** The token's row when the secret is valid, else null. Updates last_used_at at most once a minute. */
    verify(secret: string): Promise<ApiToken | null>;
    list(): Promise<ApiToken[]>;
    revoke(id: string): Promise<boolean>;
  };

  users: {
    /** argon2id hash; throws ConfigError('conflict') when the email exists */
    create(email: string, password: string): Promise<User>;
    /** The user when the password matches, else null (constant work whether or not the email exists). */
    verifyPassword(email: string, password: string): Promise<User | null>;
    count(): Promise<number>;
  };

  salts: {
    /** The salt for `day`, created atomically if missing (every instance agrees on one salt). */
    getOrCreate(day: string): Promise<Salt>;
    get(day: string): Promise<Salt | null>;
    /** Deletes salts of days before `day`; returns how many. */
    deleteBefore(day: string): Promise<number>;
  };

  close(): Promise<void>;
}

export class ConfigError extends Error {
  constructor(
    readonly code: 'conflict' | 'invalid' | 'not_found',
    message: string,
  ) {
    super(message);
  }
}
