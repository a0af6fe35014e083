/**
 * npm run bench:isolation: does heavy work starve light work? 100 clients (BENCH_ISOLATION_CONNECTIONS) ask for the
 * whole graph, analytics, exports and a console query for 30 s (BENCH_ISOLATION_SECONDS) against the real server on
 * loopback over the curated dataset, while a probe asks for search and node details one request at a time, as a
 * researcher clicking around would. The same run is made twice, side by side: with the heavy lane as configured
 * (HEAVY_CONCURRENCY, default 2) and with it wide open (as before the lanes), so the figures compare on one machine.
 * Prints the probe's p50/p95/max and the heavy requests' answers by status.
 */
import autocannon from "autocannon";
import { percentile, saveResult } from "./report.ts";
import { layoutReady, pick, prepare, serve, type Target } from "./targets.ts";

const SECONDS = Number(process.env.BENCH_ISOLATION_SECONDS ?? 30);
const CONNECTIONS = Number(process.env.BENCH_ISOLATION_CONNECTIONS ?? 100);

const HEAVY: { route: string; share: number; method?: "POST"; body?: string; path: (t: Target) => string }[] = [
  { route: "whole graph", share: 0.3, path: () => "/api/graph" },
  { route: "analytics", share: 0.3, path: (t) => `/api/analytics/summary?country=${pick(t.countries)}` },
  { route: "export", share: 0.3, path: () => "/api/export?format=gexf" },
  {
    route: "console",
    share: 0.1,
    method: "POST",
    body: JSON.stringify({ query: "MATCH (a:Entity)-[r]-(b:Entity) RETURN a.sector, b.sector, count(*) AS ties" }),
    path: () => "/api/cypher",
  },
];

const LIGHT = [
  (t: Target) => `/api/search?q=${encodeURIComponent(pick(t.words))}`,
  (t: Target) => `/api/nodes/${pick(t.ids)}`,
];

function heavy(url: string, t: Target, m: (typeof HEAVY)[number]): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        connections: Math.max(1, Math.round(CONNECTIONS * m.share)),
        duration: SECONDS,
        timeout: 60,
        requests: [
          {
            method: m.method ?? "GET",
            headers: { "content-type": "application/json" },
            ...(m.body ? { body: m.body } : {}),
            setupRequest: (req) => ({ ...req, path: m.path(t) }),
          },
        ],
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
  });
}

async function probe(url: string, t: Target, until: number) {
  const ms: number[] = [];
  let failed = 0;
  for (let i = 0; Date.now() < until; i++) {
    const started = performance.now();
    const res = await fetch(url + LIGHT[i % LIGHT.length]!(t), { signal: AbortSignal.timeout(30_000) }).catch(
      () => null,
    );
    await res?.arrayBuffer();
    if (!res?.ok) failed++;
    ms.push(performance.now() - started);
    await new Promise((r) => setTimeout(r, 100));
  }
  const sorted = ms.sort((a, b) => a - b);
  const round = (v: number) => Math.round(v);
  return {
    requests: ms.length,
    failed,
    p50ms: round(percentile(sorted, 50)),
    p95ms: round(percentile(sorted, 95)),
    maxMs: round(sorted.at(-1) ?? NaN),
  };
}

const target = await prepare("curated");
const results: Record<string, unknown> = {};
for (const [mode, env] of [
  ["lanes open (HEAVY_CONCURRENCY=1000)", { HEAVY_CONCURRENCY: "1000", CONSOLE_CONCURRENCY: "1000" }],
  ["heavy lane (defaults)", {}],
] as const) {
  const server = await serve(target, 3110, { ...env, CONSOLE_QUEUE: "64" });
  try {
    await layoutReady(server.url);
    for (const m of HEAVY) await fetch(server.url + m.path(target), m.method ? { method: "POST", body: m.body } : {});
    console.log(`\n== ${mode}: ${CONNECTIONS} heavy clients for ${SECONDS}s, one light client`);
    const until = Date.now() + SECONDS * 1000;
    const [light, ...perRoute] = await Promise.all([
      probe(server.url, target, until),
      ...HEAVY.map((m) => heavy(server.url, target, m)),
    ]);
    const heavyRows = HEAVY.map((m, i) => {
      const r = perRoute[i]!;
      return {
        route: m.route,
        requests: r.requests.total,
        "2xx": r["2xx"],
        "503 busy": r.non2xx,
        timeouts: r.timeouts,
        p50ms: r.latency.p50,
        p99ms: r.latency.p99,
      };
    });
    console.log("light probe (search, node details):", light);
    console.table(heavyRows);
    results[mode] = { light, heavy: heavyRows };
  } finally {
    await server.stop();
  }
}
await target.db.close();
saveResult("isolation", { seconds: SECONDS, connections: CONNECTIONS, dataset: "curated", results });
