/**
 * The sign-in session behind a request's cookie, looked up once per request: the authenticator
 * and GET /api/auth/state both ask, and the second asks for free.
 */
import type { FastifyRequest } from 'fastify';
import type { AuthSession, ConfigStore, User } from '@vigil/core/configdb/config-store';
import { readCookie, SESSION_COOKIE } from './cookie.ts';

export interface CurrentSession {
  session: AuthSession;
  user: User;
  /** the cookie's value, so logout can revoke exactly this session */
  secret: string;
}

export interface SessionLookup {
  authSessions: ConfigStore['authSessions'];
  clock: () => number;
}

const looked = new WeakMap<FastifyRequest, Promise<CurrentSession | null>>();

export function currentSession(req: FastifyRequest, deps: SessionLookup): Promise<CurrentSession | null> {
  let found = looked.get(req);
  if (!found) {
    found = lookUp(req, deps);
    looked.set(req, found);
  }
  return found;
}

async function lookUp(req: FastifyRequest, deps: SessionLookup): Promise<CurrentSession | null> {
  const secret = readCookie(req, SESSION_COOKIE);
  if (!secret) return null;
  const found = await deps.authSessions.verify(secret, deps.clock());
  return found ? { ...found, secret } : null;
}

/** After logout the same request must no longer count as signed in. */
export function forgetSession(req: FastifyRequest): void {
  looked.set(req, Promise.resolve(null));
}
