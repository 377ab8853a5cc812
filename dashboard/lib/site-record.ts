'use client';
/**
 * A site's record for its dashboard, asked for as soon as the page's script runs, alongside the
 * session check rather than after it: the dashboard needs the site's time zone before it can ask
 * for any number, so each round trip before this one delays them all.
 */
import { api } from './api.ts';
import type { Site } from './types.ts';

const early = new Map<string, Promise<Site>>();

const pathOf = (id: string) => `/api/sites/${encodeURIComponent(id)}`;

/** Starts loading the record; a 401 is left to the session check, which sends the browser to sign in. */
export function prefetchSite(id: string): void {
  if (early.has(id)) return;
  const record = api<{ site: Site }>(pathOf(id), { allowUnauthenticated: true }).then((r) => r.site);
  record.catch(() => undefined);
  early.set(id, record);
}

/** The record: the early request's answer when there is one (taken once), else a new request. */
export function loadSite(id: string): Promise<Site> {
  const prefetched = early.get(id);
  early.delete(id);
  const fresh = () => api<{ site: Site }>(pathOf(id)).then((r) => r.site);
  // a failed early answer (the session was not confirmed yet, say) is asked for again, normally
  return prefetched ? prefetched.catch(fresh) : fresh();
}
