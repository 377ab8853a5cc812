/**
 * The config database's tables as Kysely sees them. Timestamps are epoch milliseconds in bigint
 * columns; PostgreSQL hands bigints back as strings, so the repos convert with Number() on read.
 */
export interface SitesTable {
  id: string;
  domain: string;
  name: string;
  timezone: string;
  /** JSON array of hostnames */
  allowed_hostnames: string;
  created_at: number | string;
}

export interface ApiTokensTable {
  id: string;
  name: string;
  /** SHA-256 of the secret, hex */
  token_hash: string;
  created_at: number | string;
  last_used_at: number | string | null;
}

export interface UsersTable {
  id: string;
  /** lower case */
  email: string;
  /** argon2id PHC string */
  password_hash: string;
  created_at: number | string;
}

export interface SaltsTable {
  /** UTC day, 'YYYY-MM-DD' */
  day: string;
  /** 32 bytes, hex: text reads back the same on SQLite and PostgreSQL, unlike blob/bytea */
  salt: string;
  created_at: number | string;
}

export interface AuthSessionsTable {
  id: string;
  user_id: string;
  /** SHA-256 of the cookie's secret, hex */
  secret_hash: string;
  /** key of the session's CSRF token (HMAC of the session id), hex */
  csrf_secret: string;
  created_at: number | string;
  expires_at: number | string;
  last_seen_at: number | string;
}

export interface ConfigDatabase {
  sites: SitesTable;
  api_tokens: ApiTokensTable;
  users: UsersTable;
  salts: SaltsTable;
  auth_sessions: AuthSessionsTable;
}
