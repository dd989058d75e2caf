/**
 * A Map of at most `capacity` entries that drops the least recently used one when full: the
 * per-process caches of things read on every publish (a channel's API client, its decrypted
 * credentials) are bounded by this rather than by how many channels a deployment ever had.
 */
export class LruMap<K, V> {
  // A Map iterates in insertion order; re-inserting on every use makes that use order.
  private readonly entries = new Map<K, V>();

  constructor(private readonly capacity: number) {}

  /** The value held for `key`, which becomes the most recently used; undefined when none. */
  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  /** Holds `value` as the most recently used, dropping the least recently used past capacity. */
  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  delete(key: K): void {
    this.entries.delete(key);
  }
}
