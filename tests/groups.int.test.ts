/**
 * Group views beyond clusters on the curated dataset in the real database: the overview grouped by sector and by
 * region (`by=sector|region` on /api/analytics/clusters) counts exactly the actors /api/graph shows for the same
 * filters, its ties between groups split by sector pair add up, a group opens like a cluster (from the cached
 * overview, its members at their places in the network's layout), and a bad grouping is refused by name.
 */
import Graph from "graphology";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClustersSchema } from "../shared/api.ts";
import { SECTOR_LABELS } from "../shared/palette.ts";
import { layoutReady, startServer, type TestServer } from "./helpers/server.ts";

let api: TestServer;
beforeAll(async () => {
  api = await startServer({ RATE_LIMIT_PER_MINUTE: "100000" });
});
afterAll(async () => {
  await api.close();
});

const groups = async (query: string) => {
  const res = await api.get(`/api/analytics/clusters?${query}`);
  expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(200);
  return ClustersSchema.parse(res.body);
};
const graph = async (scope: string) => Graph.from((await api.get(`/api/graph?limit=200000&${scope}`)).body);

/** What each node of the graph answer is grouped by. */
const sectorOf = (a: Record<string, any>) =>
  a.entity === "Partnership" || a.kind === "Partnership" || !a.sector
    ? "Partnerships"
    : SECTOR_LABELS[a.sector as keyof typeof SECTOR_LABELS];
const regionOf = (a: Record<string, any>) =>
  a.entity === "Partnership" || a.kind === "Partnership" || a.partnership
    ? "Partnerships"
    : (a.subregion ?? a.region ?? "No location");

const tally = (g: Graph, of: (a: Record<string, any>) => string) => {
  const counts: Record<string, number> = {};
  g.forEachNode((_n, a) => (counts[of(a)] = (counts[of(a)] ?? 0) + 1));
  return counts;
};

describe("group overview API", () => {
  for (const scope of ["", "sector=NGO,Government,Funder&relType=FUNDS,PARTNERS_WITH,MEMBER_OF"]) {
    it(`groups by sector: one group per sector present, sized as /api/graph counts them (${scope || "no filters"})`, async () => {
      const g = await graph(scope);
      const o = await groups(`by=sector&limit=1000&assignment=true${scope ? `&${scope}` : ""}`);
      expect(o.by).toBe("sector");
      expect(o.nodeCount).toBe(g.order);
      const counted = tally(g, sectorOf);
      expect(Object.fromEntries(o.clusters.map((c) => [c.label, c.size]))).toEqual(counted);
      expect(o.clusters.reduce((a, c) => a + c.size, 0)).toBe(g.order);
      // Each group is one sector: its mix has one slice, and its E-I index is its ties leaving against staying.
      for (const c of o.clusters) {
        expect(Object.keys(c.sectors)).toHaveLength(1);
        const total = c.internalTies + c.externalTies;
        if (total) expect(c.ei).toBeCloseTo((c.externalTies - c.internalTies) / total, 10);
        expect(c.rule).toContain("leave the group");
      }
      // Every tie is inside a group or between two; the sector-pair strands of a bundle add up to it.
      const inside = o.clusters.reduce((a, c) => a + c.internalTies, 0);
      expect(inside + o.ties.reduce((a, t) => a + t.ties, 0)).toBe(g.size);
      for (const t of o.ties) expect(Object.values(t.bySector).reduce((a, b) => a + b, 0)).toBe(t.ties);
      // Recount one bundle between two sectors from the graph.
      const [pair] = [...o.ties].sort((a, b) => b.ties - a.ties);
      const label = new Map(o.clusters.map((c) => [c.id, c.label]));
      let recount = 0;
      g.forEachEdge((_e, _a, _s, _t, sa, ta) => {
        const x = sectorOf(sa);
        const y = sectorOf(ta);
        const [p, q] = [label.get(pair!.source), label.get(pair!.target)];
        if ((x === p && y === q) || (x === q && y === p)) recount++;
      });
      expect(recount).toBe(pair!.ties);
    });
  }

  it("groups by region: sub-regions of the actors' countries, a 'No location' group, sized as /api/graph counts", async () => {
    const scope = "relType=FUNDS,PARTNERS_WITH,MEMBER_OF,COORDINATES";
    const g = await graph(scope);
    const o = await groups(`by=region&limit=1000&${scope}`);
    expect(o.by).toBe("region");
    expect(Object.fromEntries(o.clusters.map((c) => [c.label, c.size]))).toEqual(tally(g, regionOf));
    expect(o.clusters.map((c) => c.label)).toContain("No location");
    expect(o.clusters.length).toBeGreaterThan(5);
    expect(o.modularity).toBeGreaterThan(-0.5);
    expect(o.modularity).toBeLessThan(1);
    expect(o.labelRule).toMatch(/sub-region/);
  });

  it("opens a group: its members and their brokers to other groups; the same request gives the same groups", async () => {
    const o = await groups("by=sector&open=1&assignment=true");
    const c = o.clusters[0]!;
    expect(o.opened!.label).toBe(c.label);
    expect(o.opened!.nodes).toHaveLength(c.size);
    for (const n of o.opened!.nodes) expect(o.assignment![n.id]).toBe(1);
    expect(o.opened!.nodes.some((n) => n.broker)).toBe(true);
    const again = await groups("by=sector&open=1&assignment=true");
    expect(again.clusters).toEqual(o.clusters);
    // The default grouping is still the clusters.
    expect((await groups("")).by).toBe("cluster");
  });

  it("opens a group from its cached overview, its members at their places in the network's layout", async () => {
    // The overview first (cached), then two of its groups opened from it: the same as each asked for in one go.
    const o = await groups("by=region");
    const second = await groups("by=region&open=2");
    expect(second.clusters).toEqual(o.clusters);
    expect(second.opened!.label).toBe(o.clusters[1]!.label);
    expect(second.opened!.nodes).toHaveLength(o.clusters[1]!.size);
    const first = await groups("by=region&open=1");
    expect(first.opened!.nodes).toHaveLength(o.clusters[0]!.size);
    expect((await groups("by=region&open=2")).opened).toEqual(second.opened);
    // Once the whole network's layout is ready, every member carries its place in it, as /api/graph gives it.
    await layoutReady(api);
    const placed = (await groups("by=region&open=1")).opened!;
    const g = await graph("");
    for (const n of placed.nodes) {
      expect([n.x, n.y], n.id).toEqual([g.getNodeAttribute(n.id, "x"), g.getNodeAttribute(n.id, "y")]);
      expect(typeof n.x).toBe("number");
    }
  });

  it("refuses an unknown grouping, naming the parameter", async () => {
    const res = await api.get("/api/analytics/clusters?by=continent");
    expect(res.status).toBe(400);
    expect(res.body.error.parameter).toBe("by");
  });
});
