/**
 * Loads a validated dataset into Neo4j: countries, issues, entities with their facets, relationships and the
 * dataset record, all in one write transaction, so a load either lands whole or not at all. MERGE on ids makes
 * a second load of the same files change nothing.
 */
import type { Database, Tx } from "../server/core/db.ts";
import { CURATED, entityRow, relationshipRow } from "../server/core/rows.ts";
import type { Dataset } from "./dataset.ts";

export { CURATED, entityRow, relationshipRow };

const BATCH = 1000;

export interface LoadResult {
  entities: number;
  relationships: number;
  dataVersion: number;
}

async function inBatches<T>(tx: Tx, name: string, rows: T[], size = BATCH): Promise<void> {
  for (let i = 0; i < rows.length; i += size) {
    await tx.run(name, { rows: rows.slice(i, i + size) });
  }
}

export async function deleteAll(tx: Tx, batch = 10_000): Promise<void> {
  for (;;) {
    const [row] = await tx.run<{ deleted: number }>("seed/delete-all", { batch });
    if (!row || row.deleted === 0) return;
  }
}

/** Writes the reference data (countries and issues) alone: what imports into an otherwise empty database need. */
export async function loadReference(db: Database, ds: Pick<Dataset, "countries" | "issues">): Promise<void> {
  await db.write(async (tx) => {
    await inBatches(tx, "seed/countries", ds.countries);
    await inBatches(tx, "seed/issues", ds.issues);
  });
}

export async function loadDataset(
  db: Database,
  ds: Dataset,
  opts: { reset?: boolean; onProgress?: (step: string) => void } = {},
): Promise<LoadResult> {
  const regionOf = new Map(ds.countries.map((c) => [c.id, c]));
  const say = opts.onProgress ?? (() => undefined);
  return db.write(async (tx) => {
    if (opts.reset) await deleteAll(tx);
    say(`writing ${ds.countries.length} countries and ${ds.issues.length} issues…`);
    await inBatches(tx, "seed/countries", ds.countries);
    await inBatches(tx, "seed/issues", ds.issues);
    say(`writing ${ds.entities.length} actors and partnerships…`);
    await inBatches(
      tx,
      "seed/entities",
      ds.entities.map((e) => entityRow(e, CURATED, regionOf)),
      500,
    );
    say(`writing ${ds.relationships.length} relationships…`);
    await inBatches(
      tx,
      "seed/relationships",
      ds.relationships.map((r) => relationshipRow(r, CURATED)),
    );
    const [meta] = await tx.run<{ dataVersion: number }>("seed/dataset", {
      id: CURATED,
      name: ds.name,
      version: ds.version,
    });
    const [counts] = await tx.run<{ entities: number; relationships: number }>("seed/counts", { dataset: CURATED });
    return { entities: counts!.entities, relationships: counts!.relationships, dataVersion: meta!.dataVersion };
  }, 600_000);
}
