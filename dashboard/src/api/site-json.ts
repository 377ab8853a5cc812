/** A site as the API shows it: the stored fields plus the tracking snippet to paste. */
import type { FastifyRequest } from 'fastify';
import type { Site } from '@vigil/core/configdb/config-store';

export interface SiteJson extends Site {
  snippet: string;
}

/** VIGIL_PUBLIC_URL when set, else the origin the request reached us on. */
export function publicUrlOf(req: FastifyRequest, configured: string | undefined): string {
  return configured ?? `${req.protocol}://${req.host}`;
}

export function siteJson(site: Site, publicUrl: string): SiteJson {
  return {
    id: site.id,
    domain: site.domain,
    name: site.name,
    timezone: site.timezone,
    allowed_hostnames: site.allowed_hostnames,
    created_at: site.created_at,
    snippet: `<script defer src="${publicUrl}/track.js" data-site="${site.id}"></script>`,
  };
}
