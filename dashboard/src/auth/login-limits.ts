/**
 * Sign-in throttling: at most 20 attempts per IP and 5 failures in a row per account, each per
 * 15 minutes. An account's counter counts every attempt and is reset by a successful one, so it
 * holds exactly the failures since the last success; while it is over the limit even the right
 * password is refused, or the lock-out would only slow a guesser down.
 */
import type { RateLimiter } from '@vigil/core/ratelimit/rate-limiter';
import { HttpError } from '@vigil/core/http/errors';

export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
export const LOGIN_ATTEMPTS_PER_IP = 20;
export const LOGIN_FAILURES_PER_ACCOUNT = 5;

function tooMany(retryAfterS: number): HttpError {
  const minutes = Math.max(1, Math.ceil(retryAfterS / 60));
  return new HttpError(
    429,
    `too many sign-in attempts; try again in ${minutes} minute${minutes === 1 ? '' : 's'}`,
    { retry_after_s: retryAfterS },
    { 'retry-after': String(retryAfterS) },
  );
}

export class LoginLimits {
  constructor(
    private readonly limiter: RateLimiter,
    private readonly clock: () => number,
  ) {}

  /** Counts an attempt; throws the 429 when the IP or the account is over its limit. */
  async attempt(ip: string, email: string): Promise<void> {
    const now = this.clock();
    const byIp = await this.limiter.hit(`login:ip:${ip}`, LOGIN_ATTEMPTS_PER_IP, LOGIN_WINDOW_MS, now);
    if (!byIp.allowed) throw tooMany(byIp.retryAfterS);
    const byAccount = await this.limiter.hit(accountKey(email), LOGIN_FAILURES_PER_ACCOUNT, LOGIN_WINDOW_MS, now);
    if (!byAccount.allowed) throw tooMany(byAccount.retryAfterS);
  }

  /** After the right password: the account's failures start again from zero. */
  succeeded(email: string): Promise<void> {
    return this.limiter.reset(accountKey(email));
  }
}

/** The same account however its address is typed. */
function accountKey(email: string): string {
  return `login:account:${email.trim().toLowerCase()}`;
}
