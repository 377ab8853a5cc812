/**
 * The dashboard's second source of callers (after API tokens): the sign-in cookie. The principal
 * carries the session's CSRF token, so the route runner makes state-changing calls echo it.
 */
import type { Authenticate, Principal } from '@vigil/core/http/route';
import { currentSession, type SessionLookup } from './current-session.ts';
import { csrfTokenOf } from './csrf.ts';

export function sessionAuthenticator(deps: SessionLookup): Authenticate {
  return async (req): Promise<Principal | null> => {
    const current = await currentSession(req, deps);
    if (!current) return null;
    return { kind: 'user', id: current.user.id, csrfToken: csrfTokenOf(current.session) };
  };
}
