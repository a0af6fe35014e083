/**
 * npm run bench:analytics: the analytics end to end through the API of the real server (started as its own process
 * on loopback), on the curated dataset and on synthetic networks loaded fresh into the synthetic local Neo4j, side
 * by side with python-igraph and networkx on the same graphs in the same run (when /usr/bin/python3 has them),
 * with the ratios printed. For each synthetic size: the load (offline importer and schema); for PageRank and
 * Louvain on each engine, the first answer after a data change (a fresh server: the snapshot or the projection is
 * made), later answers on other scopes, and the first answer after an edit through the app (Neo4j running);
 * betweenness as the API chooses it (exact, or an estimate with its error).
 *
 * BENCH_SIZES (default "10000:50000,100000:1000000": actors:relationships, partnerships come on top; "none" for the
 * curated dataset only),
 * BENCH_PEERS (default "igraph,networkx"; empty for none), BENCH_PORT (default 3471).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { instance, ROOT, start, status, stop, type Credentials } from "../db/local.ts";
import { loadConfig } from "../server/core/config.ts";
import { applySchema } from "../server/core/connection.ts";
import { Database } from "../server/core/db.ts";
import { readDataset } from "../seed/dataset.ts";
import { loadDataset } from "../seed/load.ts";
import { DATA_DIR } from "../seed/paths.ts";
import { generateAndLoad } from "../seed/synthetic-cli.ts";
import { machine, saveResult } from "./report.ts";
import { serve, type Target } from "./targets.ts";

// BENCH_SIZES=none: the curated dataset only (written to analytics-curated.json).
const SIZES = (process.env.BENCH_SIZES ?? "10000:50000,100000:1000000")
  .split(",")
  .filter((s) => s !== "none")
  .map((s) => {
    const [actors, relationships] = s.split(":").map(Number);
    return { actors: actors!, relationships: relationships! };
  });
const PEERS = (process.env.BENCH_PEERS ?? "igraph,networkx").split(",").filter(Boolean);
const PORT = Number(process.env.BENCH_PORT ?? 3471);
const PYTHON = process.env.BENCH_PYTHON ?? "/usr/bin/python3";

interface Row {
  graph: string;
  task: string;
  contender: string;
  seconds: number;
  note?: string;
}
const rows: Row[] = [];
const record = (row: Row) => {
  rows.push(row);
  console.log(
    `${row.graph.padEnd(18)} ${row.task.padEnd(34)} ${row.contender.padEnd(30)} ${row.seconds.toFixed(3).padStart(9)} s` +
      (row.note ? `  ${row.note}` : ""),
  );
};

async function get(url: string): Promise<{ seconds: number; body: Record<string, unknown> }> {
  const t = performance.now();
  const res = await fetch(url);
  const body = (await res.json()) as Record<string, unknown>;
  const seconds = (performance.now() - t) / 1000;
  if (!res.ok) throw new Error(`bench: ${url} answered ${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
  return { seconds, body };
}

const target = (creds: Credentials) => ({ creds }) as Target;

/** The editor's secret of the servers started here (loopback only, for the data change through curation). */
const EDITOR_TOKEN = `bench-${process.pid}-${Date.now()}-editor`;

/** Adds (POST) or deletes (DELETE) one partnership tie between the first two synthetic actors, through curation. */
async function curate(url: string, method: string): Promise<void> {
  const tie = { type: "PARTNERS_WITH", source: "syn-a0", target: "syn-a1" };
  const res = await fetch(`${url}/api/relationships`, {
    method,
    headers: { "content-type": "application/json", authorization: `Bearer ${EDITOR_TOKEN}` },
    body: JSON.stringify(method === "POST" ? { ...tie, sources: ["https://example.org/coalition-atlas-bench"] } : tie),
  });
  if (!res.ok) throw new Error(`bench: ${method} /api/relationships answered ${res.status}: ${await res.text()}`);
}

/** Scopes other than the whole network, for "later answers (any scope)". */
const LATER_SCOPES = ["from=2005", "sector=NGO&sector=Government", "region=Europe", "relType=MEMBER_OF&relType=FUNDS"];

async function synthetic(size: { actors: number; relationships: number }) {
  const label = `${Math.round(size.actors * 1.05).toLocaleString("en")} / ${size.relationships.toLocaleString("en")}`;
  console.log(`\n== synthetic ${label}`);
  const loaded = await generateAndLoad({ ...size, seed: 1 });
  record({
    graph: label,
    task: "load (offline import + schema)",
    contender: "atlas",
    seconds: loaded.loadMs / 1000,
    note: loaded.offline
      ? `files ${loaded.offline.filesS.toFixed(1)} s, import ${loaded.offline.importS.toFixed(1)} s, start ${loaded.offline.startS.toFixed(1)} s, indexes ${loaded.offline.schemaS.toFixed(1)} s`
      : "Cypher loader",
  });
  const creds = await start(instance("synthetic"));
  const big = size.relationships >= 500_000;

  const api = async (task: string, query: string, engines: string[], later = true) => {
    for (const engine of engines) {
      // A fresh server: the first answer after a data change reads the snapshot (or projects into GDS).
      const server = await serve(target(creds), PORT, { ANALYTICS_GDS_MIN_NODES: "1000000000", EDITOR_TOKEN });
      try {
        const first = await get(`${server.url}/api/analytics/${query}&engine=${engine}&limit=10`);
        record({ graph: label, task, contender: `atlas ${engine}, first answer`, seconds: first.seconds });
        if (!later) continue;
        const each: string[] = [];
        let worst = 0;
        // Each scope asked for the first time; then the whole network again (seed=2 is a new question to the cache).
        for (const scope of [...LATER_SCOPES, "seed=2"]) {
          const r = await get(`${server.url}/api/analytics/${query}&engine=${engine}&limit=10&${scope}`);
          worst = Math.max(worst, r.seconds);
          each.push(`${scope === "seed=2" ? "whole again" : scope} ${r.seconds.toFixed(2)}`);
        }
        record({
          graph: label,
          task,
          contender: `atlas ${engine}, later (worst of ${LATER_SCOPES.length + 1})`,
          seconds: worst,
          note: each.join("; "),
        });
        // A data change through the app (a tie added by curation, then deleted again), Neo4j running: the first
        // answer after each reads the new data version's snapshot (or projection).
        const changed: number[] = [];
        for (const method of ["POST", "DELETE"]) {
          await curate(server.url, method);
          changed.push((await get(`${server.url}/api/analytics/${query}&engine=${engine}&limit=10`)).seconds);
        }
        record({
          graph: label,
          task,
          contender: `atlas ${engine}, first after an edit (worst of 2)`,
          seconds: Math.max(...changed),
          note: `tie added ${changed[0]!.toFixed(2)}; deleted again ${changed[1]!.toFixed(2)}`,
        });
      } finally {
        await server.stop();
      }
    }
  };
  await api("PageRank", "centrality?metric=pagerank", ["memory", "gds"]);
  await api("Louvain", "communities?resolution=1", ["memory", "gds"]);

  // Betweenness as the API chooses it: exact within its work bound, else estimated.
  const server = await serve(target(creds), PORT, {});
  let pivots: number;
  try {
    await get(`${server.url}/api/analytics/centrality?metric=degree&limit=1`);
    const b = await get(`${server.url}/api/analytics/centrality?metric=betweenness&engine=memory&limit=10`);
    const report = b.body.betweenness as { method: string; pivots: number; maxError: number | null };
    const top = (b.body.results as { value: number; error?: number }[])[0];
    pivots = report.method === "sampled" ? report.pivots : 0;
    record({
      graph: label,
      task: `betweenness (${report.method})`,
      contender: "atlas memory, snapshot warm",
      seconds: b.seconds,
      note:
        report.method === "sampled"
          ? `${report.pivots} pivots; top value ${top?.value.toExponential(3)} ± ${top?.error?.toExponential(2)} (95%), largest error ${report.maxError?.toExponential(2)}`
          : `${report.pivots} sources`,
    });
  } finally {
    await server.stop();
  }

  if (PEERS.length) await peers(label, loaded.ds, big, pivots);
}

/** The same graph for the peers: ties as pairs of node indices. */
async function peers(
  label: string,
  ds: Awaited<ReturnType<typeof generateAndLoad>>["ds"],
  big: boolean,
  pivots: number,
) {
  const index = new Map(ds.entities.map((e, i) => [e.id, i]));
  const dir = path.join(ROOT, ".atlas", "bench");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "edges.tsv");
  writeFileSync(file, ds.relationships.map((r) => `${index.get(r.source)}\t${index.get(r.target)}`).join("\n") + "\n");
  const tasks: string[] = [];
  if (PEERS.includes("igraph")) tasks.push("igraph:pagerank", "igraph:louvain", ...(big ? [] : ["igraph:betweenness"]));
  if (PEERS.includes("networkx"))
    tasks.push("networkx:pagerank", "networkx:betweenness-sample", ...(big ? [] : ["networkx:louvain"]));
  const run = spawnSync(
    PYTHON,
    [
      path.join(ROOT, "bench", "peers.py"),
      file,
      String(ds.entities.length),
      tasks.join(","),
      String(pivots || 200),
      String(big ? 20 : 200),
    ],
    {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
      maxBuffer: 2 ** 24,
    },
  );
  rmSync(file, { force: true });
  if (run.status !== 0) {
    console.log(`peers: ${PYTHON} bench/peers.py failed (python-igraph and networkx installed?); skipped`);
    return;
  }
  const out = JSON.parse(run.stdout) as Record<
    string,
    { seconds: number; modularity?: number; pivots?: number; estimated?: boolean }
  >;
  const names: Record<string, string> = {
    pagerank: "PageRank",
    louvain: "Louvain",
    betweenness: "betweenness (exact)",
    "betweenness-sample": "betweenness (sampled)",
    "betweenness-exact-estimate": "betweenness (exact)",
  };
  for (const [key, r] of Object.entries(out)) {
    const [tool, task] = key.split(":") as [string, string];
    record({
      graph: label,
      task: names[task] ?? task,
      contender: `${tool} (load excluded)`,
      seconds: r.seconds,
      note: [
        r.modularity !== undefined ? `modularity ${r.modularity}` : "",
        r.pivots ? `${r.pivots} pivots` : "",
        r.estimated ? "time estimated from a run from fewer sources" : "",
      ]
        .filter(Boolean)
        .join(", "),
    });
  }
}

async function curated() {
  console.log("\n== curated");
  const creds = await start(instance("main"));
  const db = Database.fromConfig(loadConfig({}), creds);
  try {
    await applySchema(db);
    const [count] = await db.readRows<{ nodes: number }>("meta/counts");
    if (Number(count?.nodes ?? 0) === 0) await loadDataset(db, readDataset(DATA_DIR));
  } finally {
    await db.close();
  }
  const server = await serve(target(creds), PORT, {});
  try {
    // A server reads the network and answers the whole network's analyses as it starts (health says `warming`);
    // the analyses below are asked of a server that is serving.
    const warming = await server.ready();
    record({
      graph: "curated",
      task: "start: network read, analyses warmed",
      contender: "atlas memory",
      seconds: warming,
      note: "from the server's process started to its health saying ready",
    });
    let k = 0;
    // Each answer on a scope of its own (a from-year before any tie: the same graph), so none comes from the cache.
    for (const query of [
      ...["degree", "betweenness", "closeness", "eigenvector", "pagerank", "kcore", "constraint", "effectiveSize"].map(
        (m) => `centrality?metric=${m}`,
      ),
      "centrality?metric=betweenness&mode=actors",
      "communities?resolution=1",
      "sectors?mode=stored",
      "brokerage?mode=stored",
      "summary?mode=stored",
    ]) {
      const r = await get(`${server.url}/api/analytics/${query}&from=${1800 + k++}&limit=10`);
      record({ graph: "curated", task: query, contender: "atlas memory", seconds: r.seconds });
    }
  } finally {
    await server.stop();
  }
}

// The curated dataset's Neo4j is stopped before the synthetic networks when this run started it: a second server's
// background work would otherwise share the two cores with what is measured.
const mainWasRunning = (await status(instance("main"))).running;
await curated();
if (SIZES.length > 0) {
  if (!mainWasRunning) await stop(instance("main"));
  else console.log("bench: the main Neo4j was running before the bench and is left running beside the measurements");
}
for (const size of SIZES) await synthetic(size);

// Ratios: each atlas figure against igraph's on the same graph and task.
console.log("\nratios (atlas / igraph, same graph, same run):");
const ratios: Record<string, unknown>[] = [];
const base = (task: string) => task.split(" (")[0]!;
const peerOf = (r: Row, tool: string) =>
  rows.find(
    (p) =>
      p.graph === r.graph &&
      p.contender.startsWith(tool) &&
      base(p.task) === base(r.task) &&
      (!p.task.includes("(") || p.task === r.task),
  );
for (const r of rows) {
  if (!r.contender.startsWith("atlas")) continue;
  const ig = peerOf(r, "igraph");
  const nx = peerOf(r, "networkx");
  if (!ig && !nx) continue;
  const entry = {
    graph: r.graph,
    task: r.task,
    contender: r.contender,
    vsIgraph: ig ? +(r.seconds / ig.seconds).toFixed(2) : null,
    vsNetworkx: nx ? +(r.seconds / nx.seconds).toFixed(3) : null,
  };
  ratios.push(entry);
  console.log(
    `${r.graph.padEnd(18)} ${r.task.padEnd(34)} ${r.contender.padEnd(30)}` +
      (ig ? ` ${entry.vsIgraph}× igraph` : "") +
      (nx ? ` ${entry.vsNetworkx}× networkx` : ""),
  );
}

saveResult(SIZES.length ? "analytics" : "analytics-curated", {
  engine:
    "end to end through the API (HTTP on loopback, the real server as its own process, Neo4j local); peers in " +
    "/usr/bin/python3 with the graph already loaded",
  host: machine(),
  results: rows,
  ratios,
});
process.exit(0);
