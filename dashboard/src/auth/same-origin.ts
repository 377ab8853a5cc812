/**
 * Login and setup run before there is a session (so before there is a CSRF token): they accept
 * only requests from our own pages, proven by the Origin header (or, from a browser that omits
 * it, Sec-Fetch-Site: same-origin), with a JSON body, which a cross-site form cannot send.
 */
import type { FastifyRequest } from 'fastify';
import { HttpError } from '@vigil/core/http/errors';

function originHost(origin: string): string | null {
  try {
    return new URL(origin).host.toLowerCase();
  } catch {
    return null;
  }
}

/**
 * The host part decides: behind a TLS proxy without VIGIL_TRUST_PROXY the request looks like
 * http:// while the page is https://, and the host is what another site cannot fake.
 */
export function assertSameOrigin(req: FastifyRequest, publicUrl: string | undefined): void {
  const origin = req.headers.origin;
  if (typeof origin === 'string' && origin !== 'null') {
    const host = originHost(origin);
    const ours = new Set([req.host.toLowerCase()]);
    if (publicUrl) ours.add(new URL(publicUrl).host.toLowerCase());
    if (!host || !ours.has(host)) throw new HttpError(403, 'cross-origin request refused', 'sign in from the Vigil dashboard itself');
  } else if (req.headers['sec-fetch-site'] !== 'same-origin') {
    throw new HttpError(403, 'cross-origin request refused', 'send an Origin header (browsers do) or Sec-Fetch-Site: same-origin');
  }
  const type = req.headers['content-type'];
  if (typeof type !== 'string' || type.split(';')[0]!.trim().toLowerCase() !== 'application/json') {
    throw new HttpError(415, 'unsupported content type', 'send the body as application/json');
  }
}
