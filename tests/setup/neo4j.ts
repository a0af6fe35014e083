/**
 * Starts the test Neo4j (its own port and data folder, so a developer's instance is untouched), applies the schema
 * and loads the curated dataset fresh; hands the connection to the tests through vitest's provide/inject.
 */
import type { TestProject } from "vitest/node";
import { instance, start, stop } from "../../db/local.ts";
import { loadConfig } from "../../server/core/config.ts";
import { applySchema } from "../../server/core/connection.ts";
import { Database } from "../../server/core/db.ts";
import { readDataset } from "../../seed/dataset.ts";
import { DATA_DIR } from "../../seed/paths.ts";
import { loadDataset } from "../../seed/load.ts";

export default async function setup(project: TestProject) {
  const inst = instance("test");
  const creds = await start(inst);
  const db = Database.fromConfig(loadConfig({}), creds);
  try {
    await applySchema(db);
    await loadDataset(db, readDataset(DATA_DIR), { reset: true });
  } finally {
    await db.close();
  }
  project.provide("neo4j", creds);
  return async () => {
    if (!process.env.ATLAS_KEEP_TEST_DB) await stop(inst);
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    neo4j: { uri: string; username: string; password: string };
  }
}
