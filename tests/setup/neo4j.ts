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

type Credentials = { uri: string; username: string; password: string };

/** The integration and browser projects each name this setup; the first starts and loads the database, both use
 * it, the last to finish stops it. Kept on globalThis because each project may load this module afresh. */
const shared = globalThis as typeof globalThis & { atlasTestNeo4j?: { ready: Promise<Credentials>; users: number } };

async function startAndLoad(): Promise<Credentials> {
  const creds = await start(instance("test"));
  const db = Database.fromConfig(loadConfig({}), creds);
  try {
    await applySchema(db);
    await loadDataset(db, readDataset(DATA_DIR), { reset: true });
  } finally {
    await db.close();
  }
  return creds;
}

export default async function setup(project: TestProject) {
  const state = (shared.atlasTestNeo4j ??= { ready: startAndLoad(), users: 0 });
  state.users++;
  project.provide("neo4j", await state.ready);
  return async () => {
    if (--state.users > 0) return;
    shared.atlasTestNeo4j = undefined;
    if (!process.env.ATLAS_KEEP_TEST_DB) await stop(instance("test"));
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    neo4j: { uri: string; username: string; password: string };
  }
}
