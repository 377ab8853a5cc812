/**
 * The config database: sites, API tokens, users, their sign-in sessions and the daily salts.
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

/** A dashboard sign-in. The cookie's secret is never stored, only its SHA-256. */
export interface AuthSession {
  id: string;
  user_id: string;
  /** key for the session's CSRF token */
  csrf_secret: string;
  created_at: number;
  expires_at: number;
  last_seen_at: number;
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

  authSessions: {
    /** Starts a session valid for `ttlMs`; returns the secret (the cookie value) once. */
    create(userId: string, now: number, ttlMs: number): Promise<{ secret: string; session: AuthSession }>;
    /**
     * The session and its user when the secret is valid and unexpired at `now`, else null. An
     * expired session is deleted on the spot; last_seen_at is updated at most once a minute.
     */
    verify(secret: string, now: number): Promise<{ session: AuthSession; user: User } | null>;
    /** Ends the session of this secret; true when there was one. */
    revoke(secret: string): Promise<boolean>;
    /** Deletes sessions expired at `now`; returns how many. */
    deleteExpired(now: number): Promise<number>;
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
