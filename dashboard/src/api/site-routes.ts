/**
 * The sites API ("services" in the dashboard): list, create, read, change, delete, and the
 * summary the services list shows. Deleting a site deletes its events too.
 */
import type { ConfigStore, Site } from '@vigil/core/configdb/config-store';
import type { EventStore } from '@vigil/core/store/event-store';
import { defineRoute, type RouteSpec } from '@vigil/core/http/route';
import { HttpError } from '@vigil/core/http/errors';
import { asHttpErrors } from './config-errors.ts';
import { publicUrlOf, siteJson } from './site-json.ts';
import { newSiteBody, sitePatchBody, siteReply, sitesReply, summaryReply } from './site-schemas.ts';
import { summarizeSites } from './sites-summary.ts';

export interface SiteDeps {
  sites: ConfigStore['sites'];
  store: EventStore;
  /** VIGIL_PUBLIC_URL, for the snippet */
  publicUrl: string | undefined;
  clock: () => number;
}

const errors = {
  401: { description: 'no valid token or session' },
  403: { description: 'CSRF check failed (cookie sessions must send X-CSRF-Token)' },
};
const notFound = { 404: { description: 'no such site' } };

export function siteRoutes(deps: SiteDeps): RouteSpec[] {
  const siteOf = async (id: string | undefined): Promise<Site> => {
    const site = id === undefined ? null : await deps.sites.get(id);
    if (!site) throw new HttpError(404, 'site not found', { site: id ?? null });
    return site;
  };

  return [
    defineRoute({
      method: 'GET', url: '/api/sites', tag: 'sites', access: 'private',
      summary: 'Every site, with its tracking snippet',
      responses: { 200: { description: 'sites', schema: sitesReply }, ...errors },
      async handler({ req }) {
        const publicUrl = publicUrlOf(req, deps.publicUrl);
        return { sites: (await deps.sites.list()).map((s) => siteJson(s, publicUrl)) };
      },
    }),
    defineRoute({
      method: 'POST', url: '/api/sites', tag: 'sites', access: 'private',
      summary: 'Add a site',
      body: newSiteBody,
      responses: {
        201: { description: 'created', schema: siteReply },
        400: { description: 'invalid domain, name, time zone or hostnames' },
        409: { description: 'a site for this domain exists' },
        ...errors,
      },
      async handler({ body, req, reply }) {
        const site = await asHttpErrors(() => deps.sites.create(body));
        reply.code(201);
        return { site: siteJson(site, publicUrlOf(req, deps.publicUrl)) };
      },
    }),
    defineRoute({
      method: 'GET', url: '/api/sites/summary', tag: 'sites', access: 'private',
      summary: "Every site's visitors today, live visitors, a 7-day sparkline and the change on the 7 days before",
      responses: { 200: { description: 'one entry per site', schema: summaryReply }, ...errors },
      async handler() {
        return { sites: await summarizeSites(await deps.sites.list(), deps.store, deps.clock()) };
      },
    }),
    defineRoute({
      method: 'GET', url: '/api/sites/:id', tag: 'sites', access: 'private',
      summary: 'One site',
      responses: { 200: { description: 'the site', schema: siteReply }, ...notFound, ...errors },
      async handler({ params, req }) {
        return { site: siteJson(await siteOf(params.id), publicUrlOf(req, deps.publicUrl)) };
      },
    }),
    defineRoute({
      method: 'PATCH', url: '/api/sites/:id', tag: 'sites', access: 'private',
      summary: "Change a site's domain, name, time zone or allowed hostnames",
      body: sitePatchBody,
      responses: {
        200: { description: 'the changed site', schema: siteReply },
        400: { description: 'invalid domain, name, time zone or hostnames' },
        409: { description: 'another site has this domain' },
        ...notFound,
        ...errors,
      },
      async handler({ params, body, req }) {
        const site = await asHttpErrors(() => deps.sites.update(params.id ?? '', body));
        if (!site) throw new HttpError(404, 'site not found', { site: params.id ?? null });
        return { site: siteJson(site, publicUrlOf(req, deps.publicUrl)) };
      },
    }),
    defineRoute({
      method: 'DELETE', url: '/api/sites/:id', tag: 'sites', access: 'private',
      summary: 'Delete a site and all its events',
      responses: { 204: { description: 'deleted' }, ...notFound, ...errors },
      async handler({ params, reply }) {
        const site = await siteOf(params.id);
        // events first: if that fails the site is still there to retry the delete on
        await deps.store.deleteSite(site.id);
        await deps.sites.delete(site.id);
        reply.code(204).send();
      },
    }),
  ];
}
