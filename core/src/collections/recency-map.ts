/**
 * A Map of things that expire some time after they were last active (sessions, present visitors),
 * kept in the order they were last active, to within `reorderMs`.
 *
 * Keeping the exact order costs a delete and a set per activity. On a Map of a hundred thousand
 * visitors, each delete leaves a hole that V8 fills only by rehashing the whole table: a pause of
 * milliseconds every few tens of thousands of events, on the thread that answers visitors. Here an
 * entry moves to the back only when it was placed more than `reorderMs` ago, so most activity
 * changes the entry in place and the table rarely sees a delete.
 *
 * Because an entry moves whenever it is active more than `reorderMs` after its placement, its last
 * activity is always before `placedAt + reorderMs`. Entries sit in order of placement, so a sweep
 * from the front can stop at the first entry placed after the expiry cutoff: a sweep costs what
 * expired, plus at most `reorderMs` of entries, not the whole Map.
 *
 * The entries are spread over SHARDS Maps by the last characters of their keys. A Map that grows
 * past its capacity (or fills with the holes of deleted entries) is rehashed whole, at once: on a
 * hundred thousand visitors that held the event loop for 6-23 ms. Sixteen Maps of a sixteenth
 * each rehash in sixteen pauses of a sixteenth, between other requests. Keys should end in
 * random-looking characters (hashed visitor ids do); other keys still work, less evenly spread.
 */

interface Entry<V> {
  value: V;
  placedAt: number;
  /** the place in the order of placements across all shards */
  seq: number;
}

const SHARDS = 16;

export class RecencyMap<V> {
  private readonly shards = Array.from({ length: SHARDS }, () => new Map<string, Entry<V>>());
  private placements = 0;
  /** the shards' sizes together, kept as they change: the session store reads it on every event */
  private count = 0;

  constructor(private readonly reorderMs: number) {}

  private shardOf(key: string): Map<string, Entry<V>> {
    const n = key.length;
    return this.shards[((n > 1 ? key.charCodeAt(n - 2) * 7 : 0) + (n > 0 ? key.charCodeAt(n - 1) : 0)) % SHARDS]!;
  }

  get size(): number {
    return this.count;
  }

  get(key: string): V | undefined {
    return this.shardOf(key).get(key)?.value;
  }

  /**
   * Stores `value` as active at `now`: a new key goes to the back, a known one moves there when
   * it was placed more than reorderMs before `now` (or always, with `exactOrder`).
   */
  set(key: string, value: V, now: number, exactOrder = false): void {
    const shard = this.shardOf(key);
    const entry = shard.get(key);
    if (!entry) {
      shard.set(key, { value, placedAt: now, seq: this.placements++ });
      this.count++;
      return;
    }
    entry.value = value;
    if (exactOrder || now - entry.placedAt > this.reorderMs) {
      shard.delete(key);
      entry.placedAt = now;
      entry.seq = this.placements++;
      shard.set(key, entry);
    }
  }

  delete(key: string): boolean {
    const deleted = this.shardOf(key).delete(key);
    if (deleted) this.count--;
    return deleted;
  }

  /** Removes the entry that was placed longest ago (the least recently active, to within reorderMs). */
  deleteOldest(): void {
    let oldest: { shard: Map<string, Entry<V>>; key: string; seq: number } | null = null;
    for (const shard of this.shards) {
      const first = shard.entries().next();
      if (first.done) continue;
      const [key, entry] = first.value;
      if (!oldest || entry.seq < oldest.seq) oldest = { shard, key, seq: entry.seq };
    }
    if (oldest?.shard.delete(oldest.key)) this.count--;
  }

  /**
   * Removes the entries for which `expired` holds, from the front, until the first entry placed
   * after `cutoff` (everything behind it was active after the cutoff). Returns how many it removed.
   * With `everything`, it looks at every entry instead: a clock that stepped back can leave an
   * older placement behind a newer one.
   */
  sweep(cutoff: number, expired: (value: V) => boolean, everything = false): number {
    let removed = 0;
    for (const shard of this.shards) {
      for (const [key, entry] of shard) {
        if (!everything && entry.placedAt > cutoff) break;
        if (expired(entry.value)) {
          shard.delete(key);
          removed++;
        }
      }
    }
    this.count -= removed;
    return removed;
  }

  /**
   * Calls `visit` with every value, in no particular order. A plain loop: over 100,000 values a
   * generator took 5-10 times as long.
   */
  forEachValue(visit: (value: V) => void): void {
    for (const shard of this.shards) for (const entry of shard.values()) visit(entry.value);
  }

  clear(): void {
    for (const shard of this.shards) shard.clear();
    this.count = 0;
  }
}
