/**
 * npm run bench:analytics: times the analytics on synthetic graphs from the generator and on the curated dataset,
 * each from the serialized graph the worker thread receives to its result (building whatever graph the task needs:
 * typed arrays for PageRank, betweenness and Louvain, graphology for the rest); prints seconds and heap used.
 */
import Graph from "graphology";
import { readDataset } from "../seed/dataset.ts";
import { DATA_DIR } from "../seed/paths.ts";
import { generateLikeCurated } from "../seed/synthetic-cli.ts";
import { loadConfig } from "../server/core/config.ts";
import { DataVersion } from "../server/core/data-version.ts";
import { Database } from "../server/core/db.ts";
import { ScopeQuery } from "../server/core/scope.ts";
import { Analytics, type Engine } from "../server/features/analytics/service.ts";
import { runTask, type Task } from "../server/features/analytics/tasks.ts";
import type { SerializedGraph } from "../server/features/graph/payload.ts";
import type { Dataset } from "../seed/dataset.ts";
import { saveResult } from "./report.ts";

const curated = readDataset(DATA_DIR);

function serialized(ds: Dataset): SerializedGraph {
  const g = new Graph({ type: "directed", multi: false });
  for (const e of ds.entities) g.addNode(e.id, { entity: e.kind, sector: e.sector, label: e.name });
  for (const r of ds.relationships) g.mergeEdge(r.source, r.target, { type: r.type });
  return g.export() as unknown as SerializedGraph;
}

async function time(label: string, data: SerializedGraph, task: Task, mode: "stored" | "actors" = "stored") {
  global.gc?.();
  const before = process.memoryUsage().heapUsed;
  const t = performance.now();
  await runTask(data, mode, task);
  const seconds = (performance.now() - t) / 1000;
  const heapMiB = Math.round((process.memoryUsage().heapUsed - before) / 2 ** 20);
  console.log(`${label.padEnd(52)} ${seconds.toFixed(2).padStart(7)} s, graph build included  heap +${heapMiB} MiB`);
  return { analysis: label, seconds: +seconds.toFixed(3), heapDeltaMiB: heapMiB };
}

const rows = [];
const cur = serialized(curated);
console.log(`curated: ${cur.nodes.length} nodes, ${cur.edges.length} edges`);
for (const metric of [
  "degree",
  "betweenness",
  "closeness",
  "eigenvector",
  "pagerank",
  "kcore",
  "constraint",
] as const) {
  rows.push(await time(`curated ${metric}`, cur, { kind: "centrality", metric, seed: 1 }));
}
rows.push(await time("curated communities (Louvain)", cur, { kind: "communities", resolution: 1, seed: 1 }));
rows.push(await time("curated sectors (mixing, E-I, assortativity)", cur, { kind: "sectors" }));
rows.push(await time("curated brokerage", cur, { kind: "brokerage" }));
rows.push(await time("curated summary", cur, { kind: "summary", seed: 1 }));
rows.push(
  await time(
    "curated betweenness, actor projection",
    cur,
    { kind: "centrality", metric: "betweenness", seed: 1 },
    "actors",
  ),
);

const mid = serialized(generateLikeCurated({ actors: 10_000, relationships: 50_000, seed: 1 }, curated));
rows.push(await time("10,000 / 50,000 exact betweenness", mid, { kind: "centrality", metric: "betweenness", seed: 1 }));

const big = serialized(generateLikeCurated({ actors: 100_000, relationships: 1_000_000, seed: 1 }, curated));
rows.push(await time("100,000 / 1,000,000 PageRank", big, { kind: "centrality", metric: "pagerank", seed: 1 }));
rows.push(await time("100,000 / 1,000,000 Louvain", big, { kind: "communities", resolution: 1, seed: 1 }));
rows.push(
  await time("100,000 / 1,000,000 betweenness, 200 sampled sources", big, {
    kind: "centrality",
    metric: "betweenness",
    sample: 200,
    seed: 1,
  }),
);
/**
 * Both engines end to end through the service, as the API runs them (Cypher reads the scope, then a worker thread;
 * or GDS projects, computes and drops inside Neo4j), when BENCH_NEO4J_URI names a Neo4j with GDS holding the
 * synthetic network (e.g. the local test instance after `seed:synthetic` into it): BENCH_NEO4J_PASSWORD, its password.
 */
async function engines() {
  const uri = process.env.BENCH_NEO4J_URI;
  if (!uri) {
    console.log("engines: set BENCH_NEO4J_URI (a Neo4j with GDS and the synthetic network) to compare them");
    return [];
  }
  const db = Database.fromConfig(loadConfig({ QUERY_TIMEOUT_MS: "120000" }), {
    uri,
    username: "neo4j",
    password: process.env.BENCH_NEO4J_PASSWORD ?? "",
  });
  const out = [];
  try {
    const analytics = new Analytics(db, new DataVersion(db));
    const scope = ScopeQuery.parse({});
    for (const [label, task] of [
      ["PageRank", { kind: "centrality", metric: "pagerank", seed: 1 }],
      ["Louvain", { kind: "communities", resolution: 1, seed: 1 }],
    ] as [string, Task][]) {
      for (const engine of ["gds", "graphology"] as Engine[]) {
        const t = performance.now();
        const answer = await analytics.run(scope, "stored", task, engine);
        const seconds = (performance.now() - t) / 1000;
        const name = `${answer.nodeCount.toLocaleString("en")} / ${answer.edgeCount.toLocaleString("en")} ${label}, ${engine} engine from Neo4j`;
        console.log(`${name.padEnd(52)} ${seconds.toFixed(2).padStart(7)} s, reading the scope included`);
        out.push({ analysis: name, seconds: +seconds.toFixed(3) });
      }
    }
  } finally {
    await db.close();
  }
  return out;
}
rows.push(...(await engines()));

saveResult("analytics", {
  engine:
    "graphology engine, in-process (the server runs the same code in a worker thread); seconds include building " +
    "the graph from the serialized form, typed arrays for PageRank, betweenness and Louvain",
  results: rows,
});
