/**
 * Network measures against published values for classic networks (Padgett's Florentine families, Zachary's karate
 * club), against an independent brute-force computation, and on small graphs whose answers can be checked by hand.
 */
import Graph, { UndirectedGraph } from "graphology";
import florentineFamilies from "graphology-generators/social/florentine-families";
import karateClub from "graphology-generators/social/karate-club";
import betweennessCentrality from "graphology-metrics/centrality/betweenness.js";
import { describe, expect, it } from "vitest";
import * as m from "../../server/features/analytics/measures.ts";
import { prng } from "../../seed/synthetic.ts";

const argmax = (x: Record<string, number>) => Object.entries(x).sort((a, b) => b[1] - a[1])[0]![0];
const undirectedFrom = (edges: [string, string][]) => {
  const g = new UndirectedGraph();
  for (const [a, b] of edges) g.mergeEdge(a, b);
  return g;
};

/** All-pairs shortest-path distances and path counts by brute force (Floyd-Warshall style), for cross-checking. */
function bruteForce(g: Graph) {
  const nodes = g.nodes();
  const idx = new Map(nodes.map((v, i) => [v, i]));
  const n = nodes.length;
  const d = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 0 : Infinity)));
  const c: number[][] = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  g.forEachEdge((_e, _a, s, t) => {
    const i = idx.get(s)!;
    const j = idx.get(t)!;
    d[i]![j] = d[j]![i] = 1;
    c[i]![j] = c[j]![i] = 1;
  });
  // Path counts by increasing length: count(i,j) = sum over neighbours k of j with d(i,k) = d(i,j) - 1.
  for (let k = 0; k < n; k++)
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) d[i]![j] = Math.min(d[i]![j]!, d[i]![k]! + d[k]![j]!);
  const order = Array.from({ length: n * n }, (_, x) => [Math.floor(x / n), x % n] as const).sort(
    (a, b) => d[a[0]]![a[1]]! - d[b[0]]![b[1]]!,
  );
  for (const [i, j] of order) {
    if (i === j || d[i]![j] === Infinity || d[i]![j] === 1) continue;
    let count = 0;
    g.forEachNeighbor(nodes[j]!, (k) => {
      const kk = idx.get(k)!;
      if (d[i]![kk] === d[i]![j]! - 1) count += c[i]![kk]!;
    });
    c[i]![j] = count;
  }
  const closeness: Record<string, number> = {};
  const betweenness: Record<string, number> = {};
  for (let v = 0; v < n; v++) {
    let h = 0;
    for (let u = 0; u < n; u++) if (u !== v && d[v]![u] !== Infinity) h += 1 / d[v]![u]!;
    closeness[nodes[v]!] = h / (n - 1);
    let b = 0;
    for (let s = 0; s < n; s++)
      for (let t = s + 1; t < n; t++) {
        if (s === v || t === v || d[s]![t] === Infinity) continue;
        if (d[s]![v]! + d[v]![t]! === d[s]![t]) b += (c[s]![v]! * c[v]![t]!) / c[s]![t]!;
      }
    betweenness[nodes[v]!] = b / (((n - 1) * (n - 2)) / 2);
  }
  return { closeness, betweenness };
}

describe("a graph where each centrality crowns a different node", () => {
  const g = undirectedFrom([
    ["1", "0"],
    ["2", "0"],
    ["3", "1"],
    ["4", "3"],
    ["5", "2"],
    ["6", "2"],
    ["7", "4"],
    ["8", "4"],
    ["9", "4"],
    ["10", "6"],
    ["11", "5"],
    ["1", "8"],
    ["3", "0"],
  ]);
  const brute = bruteForce(g);

  it("agrees with a brute-force computation", () => {
    const closeness = m.harmonicCloseness(g);
    const betweenness = m.betweenness(g).values;
    for (const v of g.nodes()) {
      expect(closeness[v]).toBeCloseTo(brute.closeness[v]!, 10);
      expect(betweenness[v]).toBeCloseTo(brute.betweenness[v]!, 10);
    }
  });

  it("crowns node 4 by degree, 2 by betweenness, 0 by closeness and 3 by eigenvector", () => {
    const winners = [m.degree(g, "total"), m.betweenness(g).values, m.harmonicCloseness(g), m.eigenvector(g)].map(
      argmax,
    );
    expect(winners).toEqual(["4", "2", "0", "3"]);
    expect(argmax(brute.betweenness)).toBe("2");
    expect(argmax(brute.closeness)).toBe("0");
  });
});

describe("Padgett's Florentine families (published values)", () => {
  const g = florentineFamilies(UndirectedGraph);
  it("gives the Medici the highest betweenness, 47.5 unnormalized", () => {
    const b = m.betweenness(g).values;
    expect(argmax(b)).toBe("Medici");
    const pairs = ((g.order - 1) * (g.order - 2)) / 2;
    expect(b.Medici! * pairs).toBeCloseTo(47.5, 6);
    expect(b.Guadagni! * pairs).toBeCloseTo(23.1667, 3);
  });
  it("gives the Medici degree 6 and the highest closeness", () => {
    expect(m.degree(g, "total").Medici).toBe(6);
    expect(argmax(m.harmonicCloseness(g))).toBe("Medici");
  });
});

describe("Zachary's karate club (published values)", () => {
  const g = karateClub(UndirectedGraph);
  it("has the known degrees, betweenness leaders, 4-core and clustering", () => {
    const d = m.degree(g, "total");
    expect(d["33"]).toBe(17);
    expect(d["0"]).toBe(16);
    const b = m.betweenness(g).values;
    expect(b["0"]).toBeCloseTo(0.43763, 4);
    expect(b["33"]).toBeCloseTo(0.30408, 4);
    expect(Math.max(...Object.values(m.kCore(g)))).toBe(4);
    expect(m.clustering(g).average).toBeCloseTo(0.5706, 3);
  });
  it("agrees with graphology's own betweenness everywhere", () => {
    const ours = m.betweenness(g).values;
    const theirs = betweennessCentrality(g, { normalized: true });
    for (const v of g.nodes()) expect(ours[v]).toBeCloseTo(theirs[v]!, 10);
  });
  it("finds Louvain communities with modularity near the best known 0.42, the same for the same seed", () => {
    const a = m.communities(g, { resolution: 1, rng: prng(7) });
    const b = m.communities(g, { resolution: 1, rng: prng(7) });
    expect(a.communities).toEqual(b.communities);
    expect(a.modularity).toBeGreaterThan(0.38);
    expect(a.modularity).toBeLessThanOrEqual(0.42);
    expect(m.communities(g, { resolution: 3, rng: prng(7) }).count).toBeGreaterThan(a.count);
  });
  it("estimates betweenness from sampled sources, and reports the sample", () => {
    const exact = m.betweenness(g).values;
    const all = m.betweenness(g, { sample: 34, rng: prng(1) });
    expect(all.sampled).toBeNull();
    const est = m.betweenness(g, { sample: 30, rng: prng(1) });
    expect(est.sampled).toBe(30);
    expect(est.values["0"]).toBeGreaterThan(exact["0"]! * 0.7);
    expect(est.values["0"]).toBeLessThan(exact["0"]! * 1.3);
  });
});

describe("cross-sector structure", () => {
  const withSectors = (edges: [string, string][], sectors: Record<string, string>) => {
    const g = new Graph({ type: "directed" });
    for (const [k, s] of Object.entries(sectors)) g.addNode(k, { entity: "Actor", sector: s });
    for (const [a, b] of edges) g.addEdge(a, b);
    return g;
  };

  it("scores segregated and mixed networks at the ends of E-I and assortativity", () => {
    const apart = withSectors(
      [
        ["a", "b"],
        ["c", "d"],
      ],
      { a: "NGO", b: "NGO", c: "IGO", d: "IGO" },
    );
    expect(m.eiIndex(apart).overall).toBe(-1);
    expect(m.assortativity(apart)).toBeCloseTo(1, 10);
    const mixed = withSectors(
      [
        ["a", "c"],
        ["b", "d"],
      ],
      { a: "NGO", b: "NGO", c: "IGO", d: "IGO" },
    );
    expect(m.eiIndex(mixed).overall).toBe(1);
    expect(m.assortativity(mixed)).toBeCloseTo(-1, 10);
    expect(m.mixingMatrix(mixed)).toEqual({ NGO: { IGO: 2 }, IGO: { NGO: 2 } });
  });

  it("names each Gould-Fernandez role", () => {
    const g = withSectors(
      [
        ["a1", "b"],
        ["b", "a2"],
        ["x", "b"],
        ["b", "y"],
        ["a1", "n"],
        ["n", "a3"],
      ],
      { a1: "NGO", a2: "NGO", a3: "NGO", b: "NGO", x: "IGO", y: "Funder", n: "Government" },
    );
    const roles = m.brokerage(g);
    // b: a1->b->a2 coordinator; x->b->a2 gatekeeper; a1->b->y representative; x->b->y liaison.
    expect(roles.b).toEqual({ coordinator: 1, consultant: 0, gatekeeper: 1, representative: 1, liaison: 1 });
    // n brokers between two NGOs from outside: consultant.
    expect(roles.n!.consultant).toBe(1);
  });

  it("computes Burt's effective size and constraint on a star", () => {
    const star = undirectedFrom([
      ["c", "1"],
      ["c", "2"],
      ["c", "3"],
      ["c", "4"],
    ]);
    const h = m.structuralHoles(star);
    expect(h.effectiveSize.c).toBe(4);
    expect(h.constraint.c).toBeCloseTo(0.25, 10);
    expect(h.constraint["1"]).toBeCloseTo(1, 10);
  });

  it("finds articulation points and bridges", () => {
    const g = undirectedFrom([
      ["a", "b"],
      ["b", "c"],
      ["c", "a"],
      ["c", "d"],
      ["d", "e"],
    ]);
    const r = m.cutPointsAndBridges(g);
    expect(r.articulationPoints.sort()).toEqual(["c", "d"]);
    expect(r.bridges.map((b) => b.sort().join("-")).sort()).toEqual(["c-d", "d-e"]);
  });
});

describe("two-mode projection", () => {
  it("ties actors that share partnerships, weighted by how many", () => {
    const data = {
      attributes: {},
      nodes: [
        { key: "a", attributes: { entity: "Actor", sector: "NGO" } },
        { key: "b", attributes: { entity: "Actor", sector: "IGO" } },
        { key: "c", attributes: { entity: "Actor", sector: "NGO" } },
        { key: "p", attributes: { entity: "Partnership" } },
        { key: "q", attributes: { entity: "Partnership" } },
      ],
      edges: [
        { key: "1", source: "a", target: "p", attributes: { type: "MEMBER_OF" } },
        { key: "2", source: "b", target: "p", attributes: { type: "MEMBER_OF" } },
        { key: "3", source: "a", target: "q", attributes: { type: "MEMBER_OF" } },
        { key: "4", source: "b", target: "q", attributes: { type: "MEMBER_OF" } },
        { key: "5", source: "c", target: "a", attributes: { type: "PARTNERS_WITH" } },
      ],
    };
    const g = m.buildAnalysisGraph(data as never, "actors");
    expect(g.order).toBe(3);
    expect(g.getEdgeAttribute("a", "b", "weight")).toBe(2);
    expect(g.getEdgeAttribute("a", "c", "weight")).toBe(1);
    expect(m.summary(g)).toMatchObject({ nodes: 3, edges: 2, components: 1, diameter: 2 });
  });
});
