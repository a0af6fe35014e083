/**
 * npm run bench:load: 100 concurrent clients for 60 s (BENCH_LOAD_SECONDS, BENCH_LOAD_CONNECTIONS) against the real
 * server on loopback, over the curated dataset and over the synthetic 100,000 / 1,000,000 graph, with a mix of
 * search, graph, node, neighbourhood, path and analytics requests. Prints errors, p50, p99 and throughput per route.
 * Every route runs its own autocannon instance at the same time, with its share of the connections.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import autocannon from "autocannon";
import { ROOT } from "../db/local.ts";
import { saveResult } from "./report.ts";
import { layoutReady, pick, prepare, serve, type Target } from "./targets.ts";

const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 60);
const CONNECTIONS = Number(process.env.BENCH_LOAD_CONNECTIONS ?? 100);
const TARGETS = (process.env.BENCH_LOAD_TARGETS ?? "curated,synthetic").split(",") as Target["name"][];

/** Share of the connections per route, and how a request on it is drawn. */
const MIX: { route: string; share: number; path: (t: Target) => string }[] = [
  { route: "search", share: 0.25, path: (t) => `/api/search?q=${encodeURIComponent(pick(t.words))}` },
  { route: "node", share: 0.25, path: (t) => `/api/nodes/${pick(t.ids)}` },
  { route: "neighbourhood", share: 0.2, path: (t) => `/api/nodes/${pick(t.ids)}/neighborhood?depth=1` },
  {
    route: "path",
    share: 0.1,
    path: (t) => {
      const from = pick(t.ids);
      const to = pick(t.ids.filter((id) => id !== from));
      return `/api/paths?from=${from}&to=${to}&maxHops=4`;
    },
  },
  { route: "graph", share: 0.05, path: (t) => `/api/graph?country=${pick(t.countries)}&limit=500` },
  {
    route: "analytics",
    share: 0.15,
    path: (t) => `/api/analytics/centrality?metric=degree&country=${pick(t.countries)}&limit=20`,
  },
];

function run(url: string, t: Target, m: (typeof MIX)[number]): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections: Math.max(1, Math.round(CONNECTIONS * m.share)),
        duration: SECONDS,
        timeout: 30,
        requests: [{ setupRequest: (req) => ({ ...req, path: m.path(t) }) }],
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
    void instance;
  });
}

const results: Record<string, unknown> = {};
for (const name of TARGETS) {
  const target = await prepare(name);
  const server = await serve(target, 3100);
  try {
    // The layout computed once for this data version, then one pass over every route to warm caches and the JIT.
    await layoutReady(server.url);
    for (const m of MIX) await fetch(server.url + m.path(target));
    console.log(`\n== ${name}: ${CONNECTIONS} connections for ${SECONDS}s`);
    const started = performance.now();
    const perRoute = await Promise.all(MIX.map((m) => run(server.url, target, m)));
    const wall = (performance.now() - started) / 1000;
    const rows = MIX.map((m, i) => {
      const r = perRoute[i]!;
      return {
        route: m.route,
        connections: Math.max(1, Math.round(CONNECTIONS * m.share)),
        requests: r.requests.total,
        errors: r.errors + r.timeouts + r.non2xx,
        p50ms: r.latency.p50,
        p99ms: r.latency.p99,
        perSecond: Math.round(r.requests.total / wall),
      };
    });
    console.table(rows);
    const total = rows.reduce((n, r) => n + r.requests, 0);
    results[name] = {
      measuredAt: new Date().toISOString(),
      seconds: SECONDS,
      connections: CONNECTIONS,
      totalRequests: total,
      totalErrors: rows.reduce((n, r) => n + r.errors, 0),
      requestsPerSecond: Math.round(total / wall),
      routes: rows,
    };
  } finally {
    await server.stop();
    await target.db.close();
  }
}
// Targets measured separately (BENCH_LOAD_TARGETS) keep the other target's last figures.
const file = path.join(ROOT, "bench", "results", "load.json");
const previous = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>) : {};
const kept = Object.fromEntries(Object.entries(previous).filter(([k]) => k === "curated" || k === "synthetic"));
saveResult("load", { ...kept, ...results });
