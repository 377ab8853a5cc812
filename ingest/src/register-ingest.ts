/**
 * Mounts ingest on a Fastify app: POST /api/track (and its CORS preflight) in an encapsulated
 * scope with its own body parsers, so the 64 KB text/JSON rules do not leak onto other routes.
 */
import type { FastifyInstance } from 'fastify';
import type { ConfigStore } from '@vigil/core/configdb/config-store';
import type { SaltKeeper } from '@vigil/core/privacy/salts';
import type { SessionStore } from '@vigil/core/session/session-store';
import type { EventQueue } from '@vigil/core/queue/event-queue';
import { registerRoutes } from '@vigil/core/http/route';
import type { StoredEvent } from '@vigil/core/event/stored';
import { LIMITS } from '@vigil/core/event/wire';
import { DropCounters } from './pipeline/drop-counters.ts';
import { createPipeline } from './pipeline/run-pipeline.ts';
import { ingestSteps } from './pipeline/ingest-steps.ts';
import { openCountryLookup, type CountryLookup } from './geo/country-reader.ts';
import { SiteCache, type SiteCacheOptions } from './sites/site-cache.ts';
import { ingestRoutes, servePipeline, TRACK_CONTENT_TYPES, TRACK_URL } from './track-route.ts';

export interface IngestDeps {
  /** believe CDN country headers (the app's own Fastify trustProxy decides req.ip) */
  trustProxy: boolean;
  sites: ConfigStore['sites'];
  salts: SaltKeeper;
  sessions: SessionStore;
  queue: EventQueue;
  clock?: () => number;
  /** the country database; the bundled DB-IP file by default */
  countries?: CountryLookup;
  siteCache?: SiteCacheOptions;
  /** how often the drop-counter summary is logged; 60 s by default */
  summaryEveryMs?: number;
  /** sees the events of every accepted request, and which opened a visit (the live fan-out) */
  onAccepted?: (events: StoredEvent[], opensVisit: readonly StoredEvent[]) => void;
}

export interface Ingest {
  counters: DropCounters;
  close(): Promise<void>;
}

const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'POST, OPTIONS',
  'access-control-allow-headers': 'Content-Type',
  'access-control-max-age': '86400',
};

export async function registerIngest(app: FastifyInstance, deps: IngestDeps): Promise<Ingest> {
  const clock = deps.clock ?? Date.now;
  const countries = deps.countries ?? (await openCountryLookup());
  const siteCache = new SiteCache(deps.sites, deps.siteCache);
  const counters = new DropCounters({ log: app.log, summaryEveryMs: deps.summaryEveryMs });
  const pipeline = createPipeline({
    steps: ingestSteps({ sites: siteCache, trustProxy: deps.trustProxy, countries, salts: deps.salts, sessions: deps.sessions }),
    queue: deps.queue,
    counters,
    onAccepted: deps.onAccepted,
  });

  await app.register(async (scope) => {
    servePipeline(scope, pipeline, clock);
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(TRACK_CONTENT_TYPES, { parseAs: 'string', bodyLimit: LIMITS.maxBodyBytes }, (_req, body, done) => {
      done(null, body);
    });
    // Set before anything can fail: an error reply keeps the headers already set, so a
    // 400/413/415/429 is readable by the page's script. A callback hook costs no promise.
    scope.addHook('onRequest', (_req, reply, done) => {
      reply.header('access-control-allow-origin', '*');
      done();
    });
    scope.options(TRACK_URL, async (_req, reply) => reply.code(204).headers(CORS_HEADERS).send());
    // POST /api/track is public and cheap: no caller identity is looked up for it
    registerRoutes(scope, ingestRoutes, null);
  });

  return {
    counters,
    async close() {
      counters.close();
      siteCache.clear();
    },
  };
}
