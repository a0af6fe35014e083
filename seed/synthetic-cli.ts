/**
 * npm run seed:synthetic -- --actors N --relationships M --seed S
 * Generates a synthetic network and loads it into the synthetic database: the project's second local Neo4j
 * (its own port and data folder; replaced through Neo4j's offline importer), or the server named by
 * SYNTHETIC_NEO4J_URI / SYNTHETIC_NEO4J_DATABASE (emptied, then loaded through Cypher). The curated database is
 * never touched.
 */
import { rmSync } from "node:fs";
import path from "node:path";
import { instance, type LocalInstance, start, stop } from "../db/local.ts";
import { loadConfig } from "../server/core/config.ts";
import { applySchema } from "../server/core/connection.ts";
import { Database } from "../server/core/db.ts";
import { deleteAll } from "./load.ts";
import { bulkLoad } from "./bulk.ts";
import { DATA_DIR } from "./paths.ts";
import { type Dataset, readDataset } from "./dataset.ts";
import { generate } from "./synthetic.ts";
import { command, type Values } from "../scripts/args.ts";
import { importDataset } from "./synthetic-import.ts";

function arg(values: Values, name: string): number {
  const v = Number(values[name]);
  if (!Number.isInteger(v) || v < 0) {
    console.error(`seed:synthetic: --${name} expects a whole number, not '${String(values[name])}'`);
    process.exit(2);
  }
  return v;
}

/** Connects to the synthetic database, emptied: the server SYNTHETIC_NEO4J_URI names, else the local synthetic
 * instance, or the local instance given (a benchmark's own). */
export async function syntheticDatabase(local?: LocalInstance): Promise<Database> {
  const config = loadConfig();
  const uri = process.env.SYNTHETIC_NEO4J_URI;
  if (uri && !local) {
    const db = Database.fromConfig(
      { ...config, NEO4J_DATABASE: process.env.SYNTHETIC_NEO4J_DATABASE ?? config.NEO4J_DATABASE },
      { uri, username: config.NEO4J_USERNAME, password: config.NEO4J_PASSWORD ?? "" },
    );
    await db.write((tx) => deleteAll(tx), 600_000);
    return db;
  }
  // Local: the quickest way to empty a database is a fresh data folder.
  const inst = local ?? instance("synthetic");
  await stop(inst);
  rmSync(path.join(inst.home, "data"), { recursive: true, force: true });
  return Database.fromConfig(config, await start(inst));
}

type Size = { actors: number; relationships: number; seed: number };

/** A synthetic network in the curated dataset's countries and issues. */
export function generateLikeCurated(size: Size, curated: Dataset = readDataset(DATA_DIR)): Dataset {
  const ds = generate({ ...size, countries: curated.countries, issues: curated.issues.map((i) => i.id) });
  ds.issues = curated.issues;
  return ds;
}

/**
 * Generates a synthetic network and loads it into an emptied synthetic database: the local instance (or the one
 * given) through Neo4j's offline importer, then the schema; a server named by SYNTHETIC_NEO4J_URI through Cypher
 * writes (see syntheticDatabase and bulkLoad).
 */
export async function generateAndLoad(size: Size, local?: LocalInstance) {
  const t0 = performance.now();
  const ds = generateLikeCurated(size);
  const generatedMs = performance.now() - t0;
  if (!process.env.SYNTHETIC_NEO4J_URI || local) {
    const inst = local ?? instance("synthetic");
    const t1 = performance.now();
    const load = await importDataset(inst, ds, "synthetic");
    process.stderr.write(
      `seed:synthetic: offline import: files ${load.filesS.toFixed(1)}s, import ${load.importS.toFixed(1)}s, ` +
        `start ${load.startS.toFixed(1)}s, schema ${load.schemaS.toFixed(1)}s\n`,
    );
    return { ds, generatedMs, loadMs: performance.now() - t1, offline: load };
  }
  const db = await syntheticDatabase(local);
  try {
    await applySchema(db);
    const t1 = performance.now();
    let last = 0;
    await bulkLoad(db, ds, "synthetic", (p) => {
      if (performance.now() - last > 2000 || p.done === p.total) {
        last = performance.now();
        process.stderr.write(`seed:synthetic: ${p.phase} ${p.done}/${p.total}\n`);
      }
    });
    const loadMs = performance.now() - t1;
    return { ds, generatedMs, loadMs, offline: null };
  } finally {
    await db.close();
  }
}

async function main() {
  const { values } = command("seed:synthetic", {
    usage: "npm run seed:synthetic --",
    summary:
      "Generates a synthetic network and loads it into the synthetic database (emptied first; the curated\n" +
      "database is never touched).",
    options: {
      actors: { type: "string", default: "10000", value: "N", description: "number of actors" },
      relationships: { type: "string", default: "50000", value: "M", description: "number of relationships" },
      seed: { type: "string", default: "1", value: "S", description: "random seed" },
    },
  });
  const opts = {
    actors: arg(values, "actors"),
    relationships: arg(values, "relationships"),
    seed: arg(values, "seed"),
  };
  const { ds, generatedMs, loadMs } = await generateAndLoad(opts);
  const rate = Math.round(ds.relationships.length / (loadMs / 1000));
  console.log(
    `seed:synthetic: ${ds.entities.length} entities, ${ds.relationships.length} relationships; ` +
      `generated in ${(generatedMs / 1000).toFixed(1)}s, loaded in ${(loadMs / 1000).toFixed(1)}s (${rate} relationships/s)`,
  );
}

if (process.argv[1]?.endsWith("synthetic-cli.ts")) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
