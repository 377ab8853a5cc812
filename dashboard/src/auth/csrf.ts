/**
 * CSRF tokens: HMAC-SHA256 of the session id under the session's own random key. Nothing extra
 * is stored, the token dies with the session, and one session's token is useless in another.
 */
import { createHmac } from 'node:crypto';
import type { AuthSession } from '@vigil/core/configdb/config-store';

export function csrfTokenOf(session: Pick<AuthSession, 'id' | 'csrf_secret'>): string {
  return createHmac('sha256', Buffer.from(session.csrf_secret, 'hex')).update(session.id).digest('base64url');
}
