/**
 * npm run bench:import: writes the synthetic network (default 100,000 actors / 1,000,000 relationships) as a
 * nodes CSV and an edges CSV, imports them into the synthetic local Neo4j through the importer (parse, check,
 * one transaction), and prints parse, check and write times and the rate.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { stringify } from "csv-stringify/sync";
import { applySchema } from "../server/core/connection.ts";
import { parseRequest, Importer, type ImportRequest } from "../server/features/import/service.ts";
import { readDataset } from "../seed/dataset.ts";
import { DATA_DIR } from "../seed/paths.ts";
import { loadReference } from "../seed/load.ts";
import { generateLikeCurated, syntheticDatabase } from "../seed/synthetic-cli.ts";
import { saveResult } from "./report.ts";

const actors = Number(process.env.BENCH_ACTORS ?? 100_000);
const relationships = Number(process.env.BENCH_RELATIONSHIPS ?? 1_000_000);
const curated = readDataset(DATA_DIR);
const ds = generateLikeCurated({ actors, relationships, seed: 7 }, curated);

const dir = mkdtempSync(path.join(os.tmpdir(), "atlas-import-"));
const nodesFile = path.join(dir, "nodes.csv");
const edgesFile = path.join(dir, "edges.csv");
writeFileSync(
  nodesFile,
  stringify(
    ds.entities.map((e) => ({
      id: e.id,
      name: e.name,
      entity: e.kind,
      sector: e.sector ?? "",
      kind: e.partnershipKind ?? "",
      country: e.country ?? "",
      founded: e.founded ?? "",
      issues: e.issues.join("|"),
      sources: e.sources.join("|"),
      retrieved: e.retrieved,
    })),
    { header: true },
  ),
);
writeFileSync(
  edgesFile,
  stringify(
    ds.relationships.map((r) => ({
      source: r.source,
      target: r.target,
      type: r.type,
      role: r.role ?? "",
      since: r.since ?? "",
      until: r.until ?? "",
      sources: r.sources.join("|"),
      retrieved: r.retrieved,
    })),
    { header: true },
  ),
);
const bytes = statSync(nodesFile).size + statSync(edgesFile).size;
const request: ImportRequest = {
  dataset: "bench-import",
  format: "csv",
  files: [
    { name: "nodes.csv", role: "nodes", bytes: readFileSync(nodesFile) },
    { name: "edges.csv", role: "edges", bytes: readFileSync(edgesFile) },
  ],
};

const t0 = performance.now();
parseRequest(request);
const parseMs = performance.now() - t0;

const db = await syntheticDatabase();
try {
  await applySchema(db);
  await loadReference(db, curated);
  const started = performance.now();
  let last = 0;
  const out = await new Importer(db).commit({ user: "bench", role: "admin", expiresAt: null }, request, (p) => {
    if (performance.now() - last > 5000) {
      last = performance.now();
      process.stderr.write(`bench:import: ${p.nodes + p.edges}/${p.total}\n`);
    }
  });
  const totalMs = performance.now() - started;
  const figures = {
    nodes: out.nodes,
    relationships: out.edges,
    fileMegabytes: +(bytes / 1e6).toFixed(1),
    parseSeconds: +(parseMs / 1000).toFixed(1),
    importSecondsParseCheckWrite: +(totalMs / 1000).toFixed(1),
    relationshipsPerSecond: Math.round(out.edges / (totalMs / 1000)),
  };
  console.table(figures);
  saveResult("import", figures);
} finally {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
}
