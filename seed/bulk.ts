/**
 * Bulk loading for large generated or imported graphs: many short write transactions instead of one, with
 * progress. Entities are merged on id; relationships are created, so the target must not hold them yet.
 */
import type { Database } from "../server/core/db.ts";
import type { Dataset } from "./dataset.ts";
import { entityRow, relationshipRow } from "./load.ts";

export interface BulkProgress {
  phase: "entities" | "relationships";
  done: number;
  total: number;
}

export async function bulkLoad(
  db: Database,
  ds: Dataset,
  dataset: string,
  onProgress: (p: BulkProgress) => void = () => {},
  batch = { entities: 5000, relationships: 10_000 },
): Promise<{ dataVersion: number }> {
  const regionOf = new Map(ds.countries.map((c) => [c.id, c]));
  await db.write((tx) => tx.run("seed/countries", { rows: ds.countries }));
  if (ds.issues.length) await db.write((tx) => tx.run("seed/issues", { rows: ds.issues }));
  for (let i = 0; i < ds.entities.length; i += batch.entities) {
    const rows = ds.entities.slice(i, i + batch.entities).map((e) => entityRow(e, dataset, regionOf));
    await db.write((tx) => tx.run("seed/entities", { rows }));
    onProgress({
      phase: "entities",
      done: Math.min(i + batch.entities, ds.entities.length),
      total: ds.entities.length,
    });
  }
  for (let i = 0; i < ds.relationships.length; i += batch.relationships) {
    const rows = ds.relationships.slice(i, i + batch.relationships).map((r) => relationshipRow(r, dataset));
    await db.write((tx) => tx.run("seed/create-relationships", { rows }));
    onProgress({
      phase: "relationships",
      done: Math.min(i + batch.relationships, ds.relationships.length),
      total: ds.relationships.length,
    });
  }
  const [meta] = await db.write((tx) =>
    tx.run<{ dataVersion: number }>("seed/dataset", { id: dataset, name: ds.name, version: ds.version }),
  );
  return { dataVersion: meta!.dataVersion };
}
