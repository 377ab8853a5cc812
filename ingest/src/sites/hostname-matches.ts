/**
 * Which page hostnames count for a site: its domain, the domain's subdomains, and each allowed
 * hostname with its subdomains. 'badexample.com' is not a subdomain of 'example.com'.
 */
import type { Site } from '@vigil/core/configdb/config-store';

function isSameOrSubdomain(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}

export function siteHostnames(site: Pick<Site, 'domain' | 'allowed_hostnames'>): string[] {
  return [site.domain, ...site.allowed_hostnames].map((h) => h.toLowerCase().replace(/\.$/, '')).filter(Boolean);
}

export function hostnameMatchesSite(hostname: string, site: Pick<Site, 'domain' | 'allowed_hostnames'>): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return siteHostnames(site).some((domain) => isSameOrSubdomain(host, domain));
}
