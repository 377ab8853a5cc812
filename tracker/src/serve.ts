/**
 * GET/HEAD /track.js and /track-clicks.js: tracker/dist as written by `npm run build`, or an
 * in-memory build when dist is missing. Everything is prepared once at startup (the gzip body, the
 * ETags), so serving a request is a header lookup.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { constants, gzipSync } from 'node:zlib';
import { TRACKER_FILES, buildTracker, type TrackerBundle } from './build.ts';

export interface TrackerScriptOptions {
  /** where built scripts are read from; tracker/dist by default */
  distDir?: string;
}

interface Representation {
  body: Buffer;
  etag: string;
}

const DEFAULT_DIST = fileURLToPath(new URL('../dist/', import.meta.url));

const COMMON_HEADERS = {
  'Content-Type': 'application/javascript; charset=utf-8',
  'Cache-Control': 'public, max-age=3600, stale-while-revalidate=86400',
  'Access-Control-Allow-Origin': '*',
  // Sites that set Cross-Origin-Embedder-Policy can only load a cross-origin script that allows it.
  'Cross-Origin-Resource-Policy': 'cross-origin',
  'X-Content-Type-Options': 'nosniff',
  Vary: 'Accept-Encoding',
};

export async function loadTrackerBundles(distDir = DEFAULT_DIST): Promise<TrackerBundle[]> {
  try {
    return await Promise.all(
      TRACKER_FILES.map(async (fileName) => ({ fileName, code: await readFile(join(distDir, fileName), 'utf8') })),
    );
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    return buildTracker();
  }
}

export async function registerTrackerScripts(app: FastifyInstance, opts: TrackerScriptOptions = {}): Promise<void> {
  for (const bundle of await loadTrackerBundles(opts.distDir)) {
    const plain = Buffer.from(bundle.code);
    const hash = createHash('sha256').update(plain).digest('base64url').slice(0, 27);
    // Two bodies, two strong ETags: a strong ETag names exact bytes.
    const identity: Representation = { body: plain, etag: `"${hash}"` };
    const gzip: Representation = {
      body: gzipSync(plain, { level: constants.Z_BEST_COMPRESSION }),
      etag: `"${hash}-gz"`,
    };
    app.route({
      method: ['GET', 'HEAD'],
      url: `/${bundle.fileName}`,
      handler: async (req: FastifyRequest, reply: FastifyReply) => {
        const gzipped = acceptsGzip(req.headers['accept-encoding']);
        const chosen = gzipped ? gzip : identity;
        reply.headers(COMMON_HEADERS).header('ETag', chosen.etag);
        if (matchesEtag(req.headers['if-none-match'], chosen.etag)) return reply.code(304).send();
        if (gzipped) reply.header('Content-Encoding', 'gzip');
        return reply.send(chosen.body);
      },
    });
  }
}

/** RFC 9110 content negotiation for one coding: gzip (or *) listed with a non-zero q. */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  let star = false;
  for (const item of header.toLowerCase().split(',')) {
    const [coding = '', ...params] = item.split(';').map((s) => s.trim());
    const q = params.find((p) => p.startsWith('q='));
    const accepted = q === undefined || Number(q.slice(2)) > 0;
    if (coding === 'gzip' || coding === 'x-gzip') return accepted;
    if (coding === '*') star = accepted;
  }
  return star;
}

/** If-None-Match uses the weak comparison: W/ prefixes do not matter. */
export function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}
