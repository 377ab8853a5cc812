/**
 * Listeners per site, shared by the bus implementations. A listener that throws must not stop
 * delivery to the others, nor escape into the publisher.
 */
import type { LiveUpdate } from './live-update.ts';
import type { LiveListener } from './live-bus.ts';

export class ListenerRegistry {
  private readonly bySite = new Map<string, Set<LiveListener>>();

  /** Adds a listener; returns true when it is the site's first. */
  add(siteId: string, listener: LiveListener): boolean {
    let set = this.bySite.get(siteId);
    const first = !set;
    if (!set) {
      set = new Set();
      this.bySite.set(siteId, set);
    }
    set.add(listener);
    return first;
  }

  /** Removes a listener; returns true when the site has none left. */
  remove(siteId: string, listener: LiveListener): boolean {
    const set = this.bySite.get(siteId);
    if (!set || !set.delete(listener)) return false;
    if (set.size > 0) return false;
    this.bySite.delete(siteId);
    return true;
  }

  has(siteId: string): boolean {
    return this.bySite.has(siteId);
  }

  sites(): string[] {
    return [...this.bySite.keys()];
  }

  deliver(siteId: string, update: LiveUpdate, onListenerError: (e: unknown) => void): void {
    const set = this.bySite.get(siteId);
    if (!set) return;
    // a copy: a listener may unsubscribe itself while being called
    for (const listener of [...set]) {
      try {
        listener(update);
      } catch (e) {
        onListenerError(e);
      }
    }
  }

  clear(): void {
    this.bySite.clear();
  }
}
