/**
 * npm run bench:overhead: the API's latency against the raw neo4j-driver running the same Cypher with the same
 * parameters on the same database, side by side, for search and neighbourhood (and node details) on the large
 * synthetic graph (BENCH_OVERHEAD_TARGET=curated for the curated one). One client, requests in sequence, so each
 * figure is a latency, not a queueing effect. Prints p50 and p99 of each and the ratio per route.
 */
import neo4j from "neo4j-driver";
import { Statements } from "../server/core/cypher.ts";
import { integerParams } from "../server/core/db.ts";
import { luceneQuery } from "../server/features/search/lucene.ts";
import { percentile, machine } from "./report.ts";
import { saveResult } from "./report.ts";
import { layoutReady, pick, prepare, serve, type Target } from "./targets.ts";

const N = Number(process.env.BENCH_OVERHEAD_REQUESTS ?? 400);
const target = await prepare((process.env.BENCH_OVERHEAD_TARGET ?? "synthetic") as Target["name"]);
const statements = new Statements();
const driver = neo4j.driver(target.creds.uri, neo4j.auth.basic(target.creds.username, target.creds.password), {
  disableLosslessIntegers: true,
});
const server = await serve(target, 3101);

type Raw = (tx: import("neo4j-driver").ManagedTransaction) => Promise<unknown>;
const run = (tx: import("neo4j-driver").ManagedTransaction, name: string, params: Record<string, unknown>) =>
  tx.run(statements.get(name).text, integerParams(params));
const ALL_TYPES = ["MEMBER_OF", "FUNDS", "PARTNERS_WITH", "COORDINATES", "HOSTS", "PART_OF"];

/** Each route: the API request, and the same statements the API runs for it, through the driver alone. */
const ROUTES: { route: string; api: (w: string, id: string) => string; raw: (w: string, id: string) => Raw }[] = [
  {
    route: "search",
    api: (w) => `/api/search?q=${encodeURIComponent(w)}&limit=10`,
    raw: (w) => (tx) => run(tx, "search/entities", { lucene: luceneQuery(w), limit: 11 }),
  },
  {
    route: "neighbourhood",
    api: (_w, id) => `/api/nodes/${id}/neighborhood?depth=1&limit=500`,
    raw: (_w, id) => async (tx) => {
      await run(tx, "graph/exists", { ids: [id] });
      const rows = await run(tx, "graph/neighbors", {
        frontier: [id],
        relTypes: ALL_TYPES,
        from: null,
        to: null,
        limit: 501,
      });
      const ids = [id, ...rows.records.map((r) => r.get("id") as string)].slice(0, 500);
      await run(tx, "graph/nodes-by-id", { ids, relTypes: ALL_TYPES });
      return run(tx, "graph/edges", { ids, relTypes: ALL_TYPES, from: null, to: null });
    },
  },
  {
    route: "node",
    api: (_w, id) => `/api/nodes/${id}`,
    raw: (_w, id) => async (tx) => {
      await run(tx, "nodes/detail", { id });
      return run(tx, "nodes/relationships", { id, limit: 1001 });
    },
  },
];

const rows: Record<string, unknown>[] = [];
try {
  // A worker thread busy with the layout would be measured as API cost.
  await layoutReady(server.url);
  for (const r of ROUTES) {
    const apiMs: number[] = [];
    const rawMs: number[] = [];
    for (let i = 0; i < N + 20; i++) {
      const w = pick(target.words);
      const id = pick(target.ids);
      // Alternate the two so both see the same cache and machine state.
      const session = driver.session({ database: target.db.database, defaultAccessMode: neo4j.session.READ });
      let t = performance.now();
      await session.executeRead(r.raw(w, id));
      const raw = performance.now() - t;
      await session.close();
      t = performance.now();
      const res = await fetch(server.url + r.api(w, id));
      await res.arrayBuffer();
      const viaApi = performance.now() - t;
      if (!res.ok) throw new Error(`bench: ${r.api(w, id)} answered ${res.status}`);
      if (i >= 20) {
        rawMs.push(raw);
        apiMs.push(viaApi);
      }
    }
    rawMs.sort((a, b) => a - b);
    apiMs.sort((a, b) => a - b);
    const row = {
      route: r.route,
      driverP50ms: +percentile(rawMs, 50).toFixed(2),
      apiP50ms: +percentile(apiMs, 50).toFixed(2),
      ratioP50: +(percentile(apiMs, 50) / percentile(rawMs, 50)).toFixed(2),
      driverP99ms: +percentile(rawMs, 99).toFixed(2),
      apiP99ms: +percentile(apiMs, 99).toFixed(2),
    };
    rows.push(row);
  }
  console.table(rows);
  saveResult("overhead", { target: target.name, requests: N, routes: rows, machineNote: machine().cpu });
} finally {
  await server.stop();
  await driver.close();
  await target.db.close();
}
