/**
 * Which page hostnames count for a site: its domain, the domain's subdomains, and each allowed
 * hostname with its subdomains. 'badexample.com' is not a subdomain of 'example.com'.
 */
import type { Site } from '@vigil/core/configdb/config-store';

type SiteHosts = Pick<Site, 'domain' | 'allowed_hostnames'>;

function isSameOrSubdomain(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}

/** Every event asks for its site's list; the site cache hands out the same object for ~30 s. */
const normalised = new WeakMap<SiteHosts, readonly string[]>();

export function siteHostnames(site: SiteHosts): readonly string[] {
  let hosts = normalised.get(site);
  if (!hosts) {
    hosts = [site.domain, ...site.allowed_hostnames].map((h) => h.toLowerCase().replace(/\.$/, '')).filter(Boolean);
    normalised.set(site, hosts);
  }
  return hosts;
}

/** The hostname as matching compares it: lower case, no trailing dot. */
export function normaliseHostname(hostname: string): string {
  const lower = hostname.toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

export function hostnameMatchesSite(hostname: string, site: SiteHosts): boolean {
  const host = normaliseHostname(hostname);
  return siteHostnames(site).some((domain) => isSameOrSubdomain(host, domain));
}
