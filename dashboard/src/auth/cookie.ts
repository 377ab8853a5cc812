/**
 * The session cookie. Written by hand (two headers' worth of syntax) rather than pulling in a
 * cookie plugin for one cookie.
 */
import type { FastifyRequest } from 'fastify';

export const SESSION_COOKIE = 'vigil_session';
export const SESSION_TTL_MS = 30 * 24 * 3600 * 1000;

/** The value of cookie `name` in the request, or null. */
export function readCookie(req: FastifyRequest, name: string): string | null {
  const header = req.headers.cookie;
  if (typeof header !== 'string') return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    const value = part.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
    return value === '' ? null : value;
  }
  return null;
}

/** Secure only over HTTPS: a browser drops a Secure cookie set over plain http://localhost. */
function attributes(req: FastifyRequest): string {
  return `Path=/; HttpOnly; SameSite=Lax${req.protocol === 'https' ? '; Secure' : ''}`;
}

export function sessionCookie(req: FastifyRequest, secret: string, expiresAt: number): string {
  return `${SESSION_COOKIE}=${secret}; ${attributes(req)}; Max-Age=${SESSION_TTL_MS / 1000}; Expires=${new Date(expiresAt).toUTCString()}`;
}

export function clearedSessionCookie(req: FastifyRequest): string {
  return `${SESSION_COOKIE}=; ${attributes(req)}; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT`;
}
