/** The analytics API on the curated dataset in the real database, checked against the same measures run locally. */
import Graph from "graphology";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as m from "../server/features/analytics/measures.ts";
import { CENTRALITY_METRICS } from "../server/features/analytics/tasks.ts";
import { startServer, type TestServer } from "./helpers/server.ts";

let api: TestServer;
beforeAll(async () => {
  api = await startServer({ RATE_LIMIT_PER_MINUTE: "100000" });
});
afterAll(async () => {
  await api.close();
});

describe("analytics API", () => {
  it("ranks by every centrality metric and matches a local computation on the same graph", async () => {
    const graph = Graph.from((await api.get("/api/graph?limit=200000")).body);
    const local = m.pageRank(graph);
    const res = await api.get("/api/analytics/centrality?metric=pagerank&limit=5");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      metric: "pagerank",
      engine: "memory",
      nodeCount: graph.order,
      edgeCount: graph.size,
    });
    expect(res.body.results).toHaveLength(5);
    for (const r of res.body.results) expect(r.value).toBeCloseTo(local[r.id]!, 8);
    expect(res.body.results.map((r: { rank: number }) => r.rank)).toEqual([1, 2, 3, 4, 5]);
    for (const metric of CENTRALITY_METRICS.filter((x) => x !== "pagerank")) {
      const r = await api.get(`/api/analytics/centrality?metric=${metric}&limit=3`);
      expect(r.status, metric).toBe(200);
      expect(r.body.results.length, metric).toBe(3);
    }
  });

  it("runs on a scope in one request: European actors, 2015-2020, partnership ties only, as an actor projection", async () => {
    const res = await api.get(
      "/api/analytics/centrality?metric=betweenness&region=Europe&from=2015&to=2020&relType=PARTNERS_WITH&relType=MEMBER_OF&mode=actors&limit=1000",
    );
    expect(res.status).toBe(200);
    expect(res.body.scope).toMatchObject({ region: ["Europe"], from: 2015, to: 2020 });
    expect(res.body.mode).toBe("actors");
    expect(res.body.nodeCount).toBeGreaterThan(0);
    for (const r of res.body.results) expect(r.entity).toBe("Actor");
  });

  it("reports sampled betweenness, its sample size and each value's error", async () => {
    const res = await api.get("/api/analytics/centrality?metric=betweenness&sample=50&seed=3&limit=3");
    expect(res.body.sampled).toBe(50);
    expect(res.body.betweenness).toMatchObject({ method: "sampled", pivots: 50, confidence: 0.95 });
    expect(res.body.betweenness.maxError).toBeGreaterThan(0);
    for (const r of res.body.results) expect(r.error).toBeGreaterThanOrEqual(0);
    const exact = await api.get("/api/analytics/centrality?metric=betweenness&limit=3");
    expect(exact.body.betweenness).toMatchObject({ method: "exact", pivots: exact.body.nodeCount, maxError: null });
    expect(exact.body.sampled).toBeNull();
  });

  it("selects from its snapshot the same subgraph as the graph view, for every kind of scope", async () => {
    for (const scope of [
      "",
      "region=Europe&from=2015&to=2020&relType=PARTNERS_WITH&relType=MEMBER_OF",
      "sector=NGO&sector=Funder",
      "country=FRA&country=USA&country=GBR",
      "issue=forced-labour&to=2010",
      "relType=FUNDS",
      "dataset=curated&from=2020",
    ]) {
      const view = Graph.from((await api.get(`/api/graph?limit=200000&${scope}`)).body);
      expect(view.order, scope).toBeGreaterThan(0);
      const res = await api.get(`/api/analytics/centrality?metric=pagerank&limit=100000&${scope}`);
      expect(res.status, scope).toBe(200);
      expect({ nodes: res.body.nodeCount, edges: res.body.edgeCount }, scope).toEqual({
        nodes: view.order,
        edges: view.size,
      });
      const local = m.pageRank(view);
      for (const r of res.body.results) expect(r.value, `${scope} ${r.id}`).toBeCloseTo(local[r.id]!, 9);
    }
  });

  it("finds communities with sector mixes and labels, reproducibly", async () => {
    const a = await api.get("/api/analytics/communities?seed=5");
    const b = await api.get("/api/analytics/communities?seed=5");
    expect(a.status).toBe(200);
    expect(a.body.assignment).toEqual(b.body.assignment);
    expect(a.body.modularity).toBeGreaterThan(0);
    const biggest = a.body.communities[0];
    expect(biggest.size).toBeGreaterThan(1);
    expect(Object.values(biggest.sectors as Record<string, number>).reduce((x, y) => x + y, 0)).toBe(biggest.size);
    expect(biggest.label.length).toBeGreaterThan(0);
    // Krackhardt's E-I index of each cluster: Louvain's clusters hold more ties inside than they send out.
    expect(a.body.engine).toBe("memory");
    expect(a.body.ei).toBeGreaterThanOrEqual(-1);
    expect(a.body.ei).toBeLessThan(0);
    for (const c of a.body.communities) {
      expect(c.ei === null || (c.ei >= -1 && c.ei <= 1), String(c.id)).toBe(true);
    }
    expect(biggest.ei).toBeLessThan(0);
  });

  it("describes cross-sector structure and brokerage", async () => {
    const s = await api.get("/api/analytics/sectors");
    expect(s.status).toBe(200);
    expect(s.body.assortativity).toBeGreaterThanOrEqual(-1);
    expect(s.body.assortativity).toBeLessThanOrEqual(1);
    expect(Object.keys(s.body.mixing).length).toBeGreaterThan(2);
    for (const v of Object.values(s.body.ei.byGroup as Record<string, number>))
      expect(Math.abs(v)).toBeLessThanOrEqual(1);
    const b = await api.get("/api/analytics/brokerage?limit=10");
    expect(b.status).toBe(200);
    expect(b.body.results[0].total).toBeGreaterThan(0);
    expect(b.body.results[0]).toHaveProperty("liaison");
    const sum = await api.get("/api/analytics/summary");
    expect(sum.body).toMatchObject({ engine: "memory" });
    expect(sum.body.density).toBeGreaterThan(0);
    expect(sum.body.diameter).toBeGreaterThan(0);
  });

  it("answers as CSV", async () => {
    const res = await fetch(`${api.url}/api/analytics/centrality?metric=degree&limit=10&format=csv`);
    expect(res.headers.get("content-type")).toMatch(/text\/csv/);
    const rows = parse(await res.text(), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(10);
    expect(Object.keys(rows[0]!)).toEqual(["id", "name", "sector", "entity", "value", "rank"]);
  });

  it("rejects unknown metrics and bad scopes with the valid values", async () => {
    const bad = await api.get("/api/analytics/centrality?metric=fame");
    expect(bad.status).toBe(400);
    expect(bad.body.error.parameter).toBe("metric");
    expect(bad.body.error.message).toContain("pagerank");
    const region = await api.get("/api/analytics/sectors?region=Atlantis");
    expect(region.status).toBe(400);
    expect(region.body.error.parameter).toBe("region");
    expect((await api.get("/api/analytics/communities?resolution=0")).status).toBe(400);
  });
});

describe("betweenness above its exact bound", () => {
  it("is estimated from the sources that fit the bound, and says so", async () => {
    process.env.ANALYTICS_BETWEENNESS_EXACT_WORK = "100000";
    process.env.ANALYTICS_BETWEENNESS_SAMPLE_WORK = "1000000";
    const small = await startServer({ RATE_LIMIT_PER_MINUTE: "100000" });
    delete process.env.ANALYTICS_BETWEENNESS_EXACT_WORK;
    delete process.env.ANALYTICS_BETWEENNESS_SAMPLE_WORK;
    try {
      const res = await small.get("/api/analytics/centrality?metric=betweenness&limit=5");
      expect(res.status).toBe(200);
      expect(res.body.betweenness.method).toBe("sampled");
      expect(res.body.betweenness.pivots).toBeLessThan(res.body.nodeCount);
      expect(res.body.sampled).toBe(res.body.betweenness.pivots);
      // The stated error covers the exact value for most of the top nodes (95% intervals).
      const exact = await api.get("/api/analytics/centrality?metric=betweenness&limit=100000");
      const truth = Object.fromEntries(exact.body.results.map((r: { id: string; value: number }) => [r.id, r.value]));
      const covered = res.body.results.filter(
        (r: { id: string; value: number; error: number }) => Math.abs(r.value - truth[r.id]) <= r.error,
      );
      expect(covered.length).toBeGreaterThanOrEqual(3);
    } finally {
      await small.close();
    }
  });
});
