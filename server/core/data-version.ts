/**
 * The data version: changes whenever a dataset is loaded or edited (each load bumps its Dataset node). Caches of
 * derived results (layout, analytics) key on it. Read at most every two seconds.
 */
import type { Database } from "./db.ts";

const TTL_MS = 2000;

export class DataVersion {
  private cached: { value: string; at: number } | null = null;

  constructor(private readonly db: Database) {}

  async current(): Promise<string> {
    if (this.cached && Date.now() - this.cached.at < TTL_MS) return this.cached.value;
    const rows = await this.db.readRows<{ id: string; dataVersion: number }>("meta/datasets");
    const value = rows.map((r) => `${r.id}:${r.dataVersion}`).join(",");
    this.cached = { value, at: Date.now() };
    return value;
  }

  /** Forgets the cached value so the next call re-reads it (after writes). */
  invalidate(): void {
    this.cached = null;
  }
}
