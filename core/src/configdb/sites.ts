/** Sites: the domains Vigil counts events for. */
import type { Kysely, Selectable } from 'kysely';
import { ConfigError, type ConfigStore, type NewSite, type Site } from './config-store.ts';
import type { ConfigDatabase, SitesTable } from './schema.ts';
import { normalizeHostname, normalizeHostnames, validateTimezone } from './hostname.ts';
import { randomId } from './ids.ts';
import { isUniqueViolation } from './unique-violation.ts';

type SiteRow = Selectable<SitesTable>;

type SitesApi = ConfigStore['sites'];

export class SitesRepo implements SitesApi {
  constructor(private readonly db: Kysely<ConfigDatabase>) {}

  async create(site: NewSite): Promise<Site> {
    if (typeof site !== 'object' || site === null) throw new ConfigError('invalid', 'site must be an object');
    const domain = normalizeHostname(site.domain);
    const row: SiteRow = {
      id: randomId(12),
      domain,
      name: normalizeName(site.name, domain),
      timezone: site.timezone === undefined ? 'UTC' : validateTimezone(site.timezone),
      allowed_hostnames: JSON.stringify(site.allowed_hostnames === undefined ? [] : normalizeHostnames(site.allowed_hostnames)),
      created_at: Date.now(),
    };
    try {
      await this.db.insertInto('sites').values(row).execute();
    } catch (err) {
      if (isUniqueViolation(err)) throw new ConfigError('conflict', `a site for ${domain} already exists`);
      throw err;
    }
    return toSite(row);
  }

  async get(id: string): Promise<Site | null> {
    if (typeof id !== 'string') return null;
    const row = await this.db.selectFrom('sites').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toSite(row) : null;
  }

  async list(): Promise<Site[]> {
    const rows = await this.db.selectFrom('sites').selectAll().orderBy('created_at').orderBy('domain').execute();
    return rows.map(toSite);
  }

  async update(id: string, patch: Partial<NewSite>): Promise<Site | null> {
    const current = await this.get(id);
    if (!current) return null;
    const domain = patch.domain === undefined ? current.domain : normalizeHostname(patch.domain);
    const changes: Partial<SiteRow> = { domain };
    if (patch.name !== undefined) changes.name = normalizeName(patch.name, domain);
    if (patch.timezone !== undefined) changes.timezone = validateTimezone(patch.timezone);
    if (patch.allowed_hostnames !== undefined) changes.allowed_hostnames = JSON.stringify(normalizeHostnames(patch.allowed_hostnames));
    try {
      await this.db.updateTable('sites').set(changes).where('id', '=', id).execute();
    } catch (err) {
      if (isUniqueViolation(err)) throw new ConfigError('conflict', `a site for ${domain} already exists`);
      throw err;
    }
    return this.get(id);
  }

  async delete(id: string): Promise<boolean> {
    if (typeof id !== 'string') return false;
    const result = await this.db.deleteFrom('sites').where('id', '=', id).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}

function normalizeName(name: unknown, domain: string): string {
  if (name === undefined || name === null) return domain;
  if (typeof name !== 'string') throw new ConfigError('invalid', 'site name must be text');
  const trimmed = name.trim();
  if (trimmed.length > 200) throw new ConfigError('invalid', 'site name is longer than 200 characters');
  return trimmed === '' ? domain : trimmed;
}

function toSite(row: SiteRow): Site {
  return {
    id: row.id,
    domain: row.domain,
    name: row.name,
    timezone: row.timezone,
    allowed_hostnames: JSON.parse(row.allowed_hostnames) as string[],
    created_at: Number(row.created_at),
  };
}
