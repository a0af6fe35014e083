/**
 * The filters mean the same in the explorer and in the API: for each scope, the explorer's visible set (the whole
 * network loaded once, filtered in the browser by shared/filters.ts) equals the server's /api/graph answer for
 * that scope (Cypher in cypher/graph/), node for node and relationship for relationship, on the curated data.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildGraph } from "../client/src/graph/build.ts";
import { NO_FILTERS, scopeQuery, visibleElements, type Filters } from "../shared/filters.ts";
import type Graph from "graphology";
import { startServer, type TestServer } from "./helpers/server.ts";

let api: TestServer;
let whole: Graph;
beforeAll(async () => {
  api = await startServer();
  whole = buildGraph((await api.get("/api/graph?limit=200000")).body);
});
afterAll(async () => {
  await api.close();
});

const scopes: Partial<Filters>[] = [
  {},
  { sectors: ["NGO"] },
  { sectors: ["IGO", "Funder"] },
  { relTypes: ["MEMBER_OF"] },
  { relTypes: ["FUNDS", "COORDINATES"] },
  { regions: ["Europe"] },
  { regions: ["South-Eastern Asia"] },
  { countries: ["FRA", "THA"] },
  { issues: ["forced-labour"] },
  { datasets: ["curated"] },
  { from: 2005, to: 2005 },
  { to: 2000 },
  { sectors: ["NGO"], relTypes: ["MEMBER_OF", "FUNDS"], from: 2010 },
  { sectors: ["Government"], regions: ["Africa"], issues: ["child-trafficking", "forced-labour"] },
  // Only actors with a dated relationship in the years.
  { from: 2005, to: 2010, active: true },
  { to: 2000, active: true },
  { sectors: ["NGO"], from: 2012, active: true },
];

describe("the explorer's filters and the API's scope", () => {
  it.each(scopes.map((s) => [JSON.stringify(s), s] as const))("agree for %s", async (_name, scope) => {
    const filters: Filters = { ...NO_FILTERS, ...scope };
    const res = await api.get(`/api/graph?limit=200000&${scopeQuery(filters)}`);
    expect(res.status).toBe(200);
    const server = buildGraph(res.body);
    const client = visibleElements(whole, filters);
    // A scope that answers nothing would agree trivially: every scope here holds part of the network.
    expect(server.order).toBeGreaterThan(0);
    expect([...client.nodes].sort()).toEqual(server.nodes().sort());
    expect([...client.edges].sort()).toEqual(server.edges().sort());
  });

  it("hides actors without ties in the years when asked, and only then", async () => {
    const years: Filters = { ...NO_FILTERS, from: 2005, to: 2010 };
    const all = visibleElements(whole, years).nodes.size;
    const active = visibleElements(whole, { ...years, active: true }).nodes.size;
    expect(active).toBeGreaterThan(0);
    expect(active).toBeLessThan(all);
    expect(scopeQuery({ ...years, active: true })).toBe("from=2005&to=2010&active=1");
    // The analyses read the same scope.
    const graph = (await api.get("/api/graph?limit=200000&from=2005&to=2010&active=1")).body;
    const summary = (await api.get("/api/analytics/summary?from=2005&to=2010&active=1")).body;
    expect(graph.nodes.length).toBe(active);
    expect(summary.nodeCount).toBe(active);
    // Without a year bound there is nothing to hide.
    expect(visibleElements(whole, { ...NO_FILTERS, active: true }).nodes.size).toBe(whole.order);
  });

  it("reads the scope's parameters as the explorer writes them (comma lists and the shared names)", async () => {
    const filters: Filters = { ...NO_FILTERS, sectors: ["NGO", "IGO"], relTypes: ["MEMBER_OF"] };
    expect(scopeQuery(filters)).toBe("sector=NGO,IGO&relType=MEMBER_OF");
    const res = await api.get(`/api/graph?limit=200000&${scopeQuery(filters)}`);
    const g = buildGraph(res.body);
    g.forEachEdge((_e, a) => expect(a.type).toBe("MEMBER_OF"));
    g.forEachNode((_n, a) => {
      if (a.entity === "Actor") expect(["NGO", "IGO"]).toContain(a.sector);
    });
  });
});
