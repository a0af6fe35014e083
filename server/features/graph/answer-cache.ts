/**
 * Serialized graph answers kept per data version. The whole-network view that opens the explorer, and the few
 * scoped views a team keeps returning to, are asked for again and again and change only when the data does: the
 * cache answers them without a database round trip or a new serialization. Requests for an answer still being
 * computed wait for that computation instead of starting their own. Least recently used answers go first once the
 * cache holds more than its byte budget.
 */
export class AnswerCache {
  private readonly entries = new Map<string, { body: Promise<string>; bytes: number }>();
  private bytes = 0;
  hits = 0;
  misses = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly maxEntries = 32,
  ) {}

  /**
   * The cached body for `key`, or the one `compute` makes. A body `compute` marks `keep: false` (one made before
   * the layout was ready, say) is returned but not kept.
   */
  async get(key: string, compute: () => Promise<string | { body: string; keep: false }>): Promise<string> {
    const found = this.entries.get(key);
    if (found) {
      this.hits++;
      // Most recently used last.
      this.entries.delete(key);
      this.entries.set(key, found);
      return found.body;
    }
    this.misses++;
    const entry: { body: Promise<string>; bytes: number } = {
      bytes: 0,
      // The callbacks run once `entry` exists: they settle or drop this very entry.
      body: compute().then((out) => {
        if (typeof out === "string") {
          this.settle(key, entry, out.length);
          return out;
        }
        this.drop(key, entry);
        return out.body;
      }),
    };
    entry.body.catch(() => this.drop(key, entry));
    this.entries.set(key, entry);
    return entry.body;
  }

  /** Bytes held by finished answers (UTF-16 code units, a close enough measure for a budget). */
  get size(): number {
    return this.bytes;
  }

  get count(): number {
    return this.entries.size;
  }

  private settle(key: string, entry: { bytes: number }, bytes: number): void {
    if (this.entries.get(key) !== entry) return;
    entry.bytes = bytes;
    this.bytes += bytes;
    if (bytes > this.maxBytes) {
      this.drop(key, entry);
      return;
    }
    for (const [k, e] of this.entries) {
      if (this.bytes <= this.maxBytes && this.entries.size <= this.maxEntries) break;
      if (k !== key) this.drop(k, e);
    }
  }

  private drop(key: string, entry: { bytes: number }): void {
    if (this.entries.get(key) !== entry) return;
    this.entries.delete(key);
    this.bytes -= entry.bytes;
  }
}
