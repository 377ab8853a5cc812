/**
 * Runs tasks that share a key one after another. A page view and its engagement report often
 * arrive together; without this, both could miss the visitor's session and open two.
 */
export class KeyedSerializer {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key);
    // nothing queued for the key (the usual case): start now rather than a microtask later
    const result = previous ? previous.then(task, task) : task();
    // forget the key once nothing queued behind this task, so the map only holds busy keys
    const tail: Promise<unknown> = result.then(
      () => this.release(key, tail),
      () => this.release(key, tail),
    );
    this.tails.set(key, tail);
    return result;
  }

  private release(key: string, tail: Promise<unknown>): void {
    if (this.tails.get(key) === tail) this.tails.delete(key);
  }
}
