/**
 * The one error every Redis-backed piece throws when Redis cannot answer (down, restarting,
 * too slow). Callers catch this type to degrade: ingest falls back to its local session store,
 * login rate limiting falls back to memory, live features pause.
 */
export class RedisUnavailableError extends Error {
  override readonly name = 'RedisUnavailableError';

  constructor(
    /** what was being done, e.g. 'session get'; never holds keys or values */
    readonly operation: string,
    cause: unknown,
  ) {
    super(`redis unavailable during ${operation}: ${describeCause(cause)}`, { cause });
  }
}

/** A short reason that never carries data: an error code or class name, not a message. */
export function describeCause(cause: unknown): string {
  if (cause instanceof Error) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (typeof code === 'string') return code;
    // node-redis error classes leave `name` as 'Error'; the class name says what happened
    return cause.constructor.name !== 'Error' ? cause.constructor.name : cause.name;
  }
  return typeof cause;
}

export function isRedisUnavailable(e: unknown): e is RedisUnavailableError {
  return e instanceof RedisUnavailableError;
}
