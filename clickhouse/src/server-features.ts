/**
 * The one place where the ClickHouse version decides which SQL we write. Everything else is
 * written in the syntax 18.16 and current releases both accept.
 *
 * - LowCardinality(String) for the low-cardinality event columns: experimental before 19.x,
 *   settled from 19.9 on.
 * - TTL on MergeTree tables: from 19.6. Older servers get the same retention from a periodic
 *   ALTER TABLE ... DELETE (see retention.ts).
 */
export interface ServerFeatures {
  version: string;
  lowCardinality: boolean;
  ttl: boolean;
}

export class ClickHouseVersionError extends Error {
  constructor(version: string) {
    super(`cannot read the ClickHouse version ${JSON.stringify(version)}`);
    this.name = 'ClickHouseVersionError';
  }
}

function atLeast(major: number, minor: number, want: [number, number]): boolean {
  return major > want[0] || (major === want[0] && minor >= want[1]);
}

/** Features of a server from its `SELECT version()` answer, e.g. '18.16.1' or '24.8.4.13'. */
export function serverFeatures(version: string): ServerFeatures {
  const m = /^(\d+)\.(\d+)/.exec(version.trim());
  if (!m) throw new ClickHouseVersionError(version);
  const major = Number(m[1]);
  const minor = Number(m[2]);
  return { version: version.trim(), lowCardinality: atLeast(major, minor, [19, 9]), ttl: atLeast(major, minor, [19, 6]) };
}
