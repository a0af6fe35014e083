/**
 * The cluster overview API on the curated dataset in the real database: reproducible (same seed and filters, same
 * clusters, ids and labels, also on a filtered scope), consistent (sizes, sector mixes, ties, the opened cluster),
 * refusing bad parameters by name, and carried into the exports.
 */
import { parse as parseCsv } from "csv-parse/sync";
import { unzipSync, strFromU8 } from "fflate";
import Graph from "graphology";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClustersSchema } from "../shared/api.ts";
import { startServer, type TestServer } from "./helpers/server.ts";

let api: TestServer;
beforeAll(async () => {
  api = await startServer({ RATE_LIMIT_PER_MINUTE: "100000" });
});
afterAll(async () => {
  await api.close();
});

const clusters = async (query: string) => {
  const res = await api.get(`/api/analytics/clusters?${query}`);
  expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(200);
  return ClustersSchema.parse(res.body);
};

describe("cluster overview API", () => {
  it("describes every cluster: sizes and sector mixes add up, ids by size, a label and its rule", async () => {
    const graph = Graph.from((await api.get("/api/graph?limit=200000")).body);
    const o = await clusters("assignment=true&limit=1000");
    expect(o.nodeCount).toBe(graph.order);
    expect(o.count).toBe(o.clusters.length);
    expect(o.count).toBeGreaterThan(5);
    const assignment = o.assignment!;
    expect(Object.keys(assignment).sort()).toEqual(graph.nodes().sort());
    o.clusters.forEach((c, i) => {
      expect(c.id).toBe(i + 1);
      if (i > 0) expect(c.size).toBeLessThanOrEqual(o.clusters[i - 1]!.size);
      expect(Object.values(assignment).filter((x) => x === c.id)).toHaveLength(c.size);
      expect(Object.values(c.sectors).reduce((a, b) => a + b, 0)).toBe(c.size);
      expect(c.actors + c.partnerships).toBe(c.size);
      expect(c.label.length).toBeGreaterThan(3);
      expect(c.rule).toMatch(/coalition|network/);
      if (c.ei !== null) expect(Math.abs(c.ei)).toBeLessThanOrEqual(1);
      for (const m of c.central) expect(assignment[m.id]).toBe(c.id);
    });
    // Labels are told apart.
    expect(new Set(o.clusters.map((c) => c.label)).size).toBe(o.clusters.length);
    // Every tie of the network is inside a cluster or between two.
    const inside = o.clusters.reduce((a, c) => a + c.internalTies, 0);
    const between = o.ties.reduce((a, t) => a + t.ties, 0);
    expect(inside + between).toBe(graph.size);
    for (const t of o.ties) {
      expect(t.source).toBeLessThan(t.target);
      expect(Object.values(t.bySector).reduce((a, b) => a + b, 0)).toBe(t.ties);
      expect(t.crossSector).toBeLessThanOrEqual(t.ties);
    }
    // Recount one pair of clusters from the graph itself.
    const pair = o.ties[0]!;
    let counted = 0;
    graph.forEachEdge((_e, _a, s, t) => {
      const x = assignment[s];
      const y = assignment[t];
      if ((x === pair.source && y === pair.target) || (x === pair.target && y === pair.source)) counted++;
    });
    expect(counted).toBe(pair.ties);
  });

  it("gives the same clusters and labels for the same seed and filters, also on a filtered scope", async () => {
    const a = await clusters("seed=1");
    const b = await clusters("seed=1");
    expect(b.clusters).toEqual(a.clusters);
    expect(b.ties).toEqual(a.ties);
    const scope = "sector=NGO,Government&seed=1&assignment=true";
    const f1 = await clusters(scope);
    const f2 = await clusters(scope);
    expect(f2.clusters.map((c) => c.label)).toEqual(f1.clusters.map((c) => c.label));
    expect(f2.assignment).toEqual(f1.assignment);
    expect(f1.nodeCount).toBeLessThan(a.nodeCount);
    expect(f1.scope).toMatchObject({ sector: ["Government", "NGO"] });
    // Only NGOs, governments and their partnerships are in the filtered clusters.
    for (const c of f1.clusters)
      for (const s of Object.keys(c.sectors)) expect(["NGO", "Government", "Partnership"]).toContain(s);
  });

  it("opens a cluster: its members, the ties among them, its brokers with their roles", async () => {
    const o = await clusters("open=2&assignment=true");
    const opened = o.opened!;
    const c = o.clusters[1]!;
    expect(opened.id).toBe(2);
    expect(opened.label).toBe(c.label);
    expect(opened.nodes).toHaveLength(c.size);
    const members = new Set(opened.nodes.map((n) => n.id));
    for (const n of opened.nodes) expect(o.assignment![n.id]).toBe(2);
    for (const e of opened.edges) expect(members.has(e.source) && members.has(e.target)).toBe(true);
    expect(opened.edges).toHaveLength(c.internalTies);
    expect(opened.edges.filter((e) => e.crossSector)).toHaveLength(c.crossSectorTies);
    const brokers = opened.nodes.filter((n) => n.broker);
    expect(brokers.length).toBeGreaterThan(0);
    expect(brokers.length).toBeLessThanOrEqual(c.brokers);
    for (const b of brokers) expect(b.external).toBeGreaterThan(0);
    expect((await clusters("")).opened).toBeNull();
  });

  it("finds the brokers between NGOs and governments", async () => {
    const o = await clusters("");
    expect(o.ngoGovernmentBrokers.length).toBeGreaterThan(0);
    for (const b of o.ngoGovernmentBrokers) {
      expect(b.ngos).toBeGreaterThan(0);
      expect(b.governments).toBeGreaterThan(0);
      expect(b.paths).toBeGreaterThan(0);
    }
  });

  it("refuses bad parameters, naming them", async () => {
    for (const [q, parameter] of [
      ["open=0", "open"],
      ["seed=-1", "seed"],
      ["limit=abc", "limit"],
      ["sector=Pirates", "sector"],
    ] as const) {
      const res = await api.get(`/api/analytics/clusters?${q}`);
      expect(res.status, q).toBe(400);
      expect(res.body.error.parameter, q).toBe(parameter);
      expect(res.body.error.message).toContain(parameter);
    }
  });

  it("exports each node's cluster id and label (GEXF and CSV)", async () => {
    const o = await clusters("assignment=true&limit=1000");
    const labels = new Map(o.clusters.map((c) => [c.id, c.label]));
    const res = await fetch(`${api.url}/api/export?format=csv`);
    expect(res.status).toBe(200);
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    const rows = parseCsv(strFromU8(files["nodes.csv"]!), { columns: true }) as Record<string, string>[];
    expect(rows.length).toBe(Object.keys(o.assignment!).length);
    for (const r of rows) {
      const id = r.id ?? r.key ?? Object.values(r)[0]!;
      expect(Number(r.cluster), id).toBe(o.assignment![id]);
      expect(r.clusterLabel).toBe(labels.get(Number(r.cluster)));
    }
    const gexf = await (await fetch(`${api.url}/api/export?format=gexf`)).text();
    expect(gexf).toContain('title="clusterLabel"');
    expect(gexf).toContain(labels.get(1)!.replace(/&/g, "&amp;"));
  });
});
