/** `vigil site add|list|remove`. */
import { parseArgs } from 'node:util';
import { readConfig } from '../../config/env.ts';
import { ConfigError, type NewSite, type Site } from '../../configdb/config-store.ts';
import { UsageError } from '../usage-error.ts';
import { withStore } from '../with-store.ts';
import { formatTable } from '../table.ts';

export async function siteCommand(args: string[]): Promise<void> {
  const [action, ...rest] = args;
  switch (action) {
    case 'add': return siteAdd(rest);
    case 'list': return siteList(rest);
    case 'remove': return siteRemove(rest);
    default: throw new UsageError(action ? `unknown site command '${action}'` : 'site needs a command: add, list or remove');
  }
}

async function siteAdd(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { name: { type: 'string' }, timezone: { type: 'string' }, allow: { type: 'string' } },
  });
  const [domain, extra] = positionals;
  if (!domain || extra !== undefined) throw new UsageError('site add takes exactly one domain');
  const input: NewSite = { domain };
  if (values.name !== undefined) input.name = values.name;
  if (values.timezone !== undefined) input.timezone = values.timezone;
  if (values.allow !== undefined) input.allowed_hostnames = values.allow.split(',').map((h) => h.trim()).filter((h) => h !== '');
  const site = await withStore((store) => store.sites.create(input));
  process.stdout.write(JSON.stringify({ ...site, snippet: snippetFor(site) }, null, 2) + '\n');
}

async function siteList(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean', default: false } } });
  const sites = await withStore((store) => store.sites.list());
  if (values.json) {
    process.stdout.write(JSON.stringify(sites, null, 2) + '\n');
    return;
  }
  if (sites.length === 0) {
    process.stdout.write('no sites yet; add one with: vigil site add <domain>\n');
    return;
  }
  const rows = sites.map((s) => [s.id, s.domain, s.name, s.timezone, s.allowed_hostnames.join(',')]);
  process.stdout.write(formatTable(['ID', 'DOMAIN', 'NAME', 'TIMEZONE', 'ALSO ALLOWED'], rows));
}

async function siteRemove(args: string[]): Promise<void> {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  const [id, extra] = positionals;
  if (!id || extra !== undefined) throw new UsageError('site remove takes exactly one site id');
  const removed = await withStore((store) => store.sites.delete(id));
  if (!removed) throw new ConfigError('not_found', `no site with id '${id}'`);
  process.stdout.write(`removed site ${id}\n`);
}

/** The tag to paste into the site's pages. */
export function snippetFor(site: Site): string {
  const config = readConfig();
  const publicUrl = config.VIGIL_PUBLIC_URL ?? `http://localhost:${config.PORT}`;
  return `<script defer src="${publicUrl}/track.js" data-site="${site.id}"></script>`;
}
