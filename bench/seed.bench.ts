/**
 * npm run bench:seed: generates the synthetic network (default 100,000 actors / 1,000,000 relationships) and loads
 * it into the synthetic local Neo4j; prints generation and load times and the load rate.
 */
import { generateAndLoad } from "../seed/synthetic-cli.ts";
import { saveResult } from "./report.ts";

const actors = Number(process.env.BENCH_ACTORS ?? 100_000);
const relationships = Number(process.env.BENCH_RELATIONSHIPS ?? 1_000_000);
const started = performance.now();
const { ds, generatedMs, loadMs } = await generateAndLoad({ actors, relationships, seed: 1 });
const totalMs = performance.now() - started;
const figures = {
  entities: ds.entities.length,
  relationships: ds.relationships.length,
  generateSeconds: +(generatedMs / 1000).toFixed(1),
  loadSeconds: +(loadMs / 1000).toFixed(1),
  totalSecondsIncludingDatabaseStart: +(totalMs / 1000).toFixed(1),
  relationshipsPerSecond: Math.round(ds.relationships.length / (loadMs / 1000)),
};
console.table(figures);
saveResult("seed-synthetic", figures);
