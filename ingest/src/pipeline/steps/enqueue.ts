/**
 * Step 9, enqueue: the request's events go to the queue in one call, all or none, so a refused
 * request can be retried as a whole without duplicating half of it.
 */
import type { StoredEvent } from '@vigil/core/event/stored';
import type { EnqueueRefusal, EventQueue } from '@vigil/core/queue/event-queue';

export async function enqueueEvents(queue: EventQueue, events: StoredEvent[]): Promise<EnqueueRefusal | null> {
  if (events.length === 0) return null;
  return queue.enqueue(events);
}
