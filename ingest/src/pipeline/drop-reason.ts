/**
 * Why an event did not reach the queue. Every reason has its own counter, so an operator can tell
 * a misconfigured snippet (hostname_mismatch) from a bot wave or a full queue.
 */
export const DROP_REASONS = [
  /** the request body was rejected with a 400 (counted once per request) */
  'invalid_body',
  'unknown_site',
  'hostname_mismatch',
  'bot',
  'queue_full',
  'queue_unavailable',
] as const;

export type DropReason = (typeof DROP_REASONS)[number];

/** What a step returns instead of the event when the event goes no further. */
export interface Dropped {
  readonly dropped: DropReason;
}

export function drop(reason: DropReason): Dropped {
  return { dropped: reason };
}

export function isDropped(value: object): value is Dropped {
  return 'dropped' in value;
}
