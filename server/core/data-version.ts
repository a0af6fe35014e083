/**
 * The data version: changes whenever a dataset is loaded or edited. Every loader and edit bumps its Dataset node's
 * counter and writes a fresh random token with it, so the version is unique across reloads (a database emptied and
 * loaded again counts from 1 again, with a new token). Caches of derived results (graph answers, layouts, analytics,
 * the analytics snapshot) key on it. Read at most every `ttlMs` (two seconds by default); writes through this server
 * call invalidate().
 */
import type { Database, Tx } from "./db.ts";

type VersionRow = {
  id: string;
  dataVersion: number;
  token: string | null;
  loadedAt: string | null;
  editedAt: string | null;
};

/** The data version made of the rows of cypher/meta/data-version.cypher. */
const versionOf = (rows: VersionRow[]) =>
  rows.map((r) => `${r.id}:${r.dataVersion}:${r.token ?? `${r.loadedAt}/${r.editedAt}`}`).join(",");

/** The data version as a transaction sees it (a write that must not act on a stale view checks it first). */
export async function dataVersionIn(tx: Tx): Promise<string> {
  return versionOf(await tx.run<VersionRow>("meta/data-version"));
}

export class DataVersion {
  private cached: { value: string; at: number } | null = null;
  private last: string | null = null;
  private readonly listeners: ((version: string, before: string) => void)[] = [];

  constructor(
    private readonly db: Database,
    private readonly ttlMs = 2000,
  ) {}

  async current(): Promise<string> {
    if (this.cached && Date.now() - this.cached.at < this.ttlMs) return this.cached.value;
    const value = versionOf(await this.db.readRows<VersionRow>("meta/data-version"));
    this.cached = { value, at: Date.now() };
    const before = this.last;
    this.last = value;
    if (before !== null && before !== value) for (const listener of this.listeners) listener(value, before);
    return value;
  }

  /**
   * Hears each change of the version this server reads (a write through it, or one from elsewhere seen at the next
   * read): work for the version before, which nobody will ask for again, can stop.
   */
  onChange(listener: (version: string, before: string) => void): void {
    this.listeners.push(listener);
  }

  /** Forgets the cached value so the next call re-reads it (after writes). */
  invalidate(): void {
    this.cached = null;
  }
}
