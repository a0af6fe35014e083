/**
 * The compact (typed-array) measures against graphology's, which stay the reference: PageRank and Louvain must give
 * graphology's results exactly (same values, same partition for the same seed), betweenness the same values, on
 * classic networks and on synthetic ones in both modes; and the per-cluster E-I index on a graph computed by hand.
 */
import Graph, { UndirectedGraph } from "graphology";
import florentineFamilies from "graphology-generators/social/florentine-families";
import karateClub from "graphology-generators/social/karate-club";
import graphologyBetweenness from "graphology-metrics/centrality/betweenness.js";
import modularity from "graphology-metrics/graph/modularity.js";
import { describe, expect, it } from "vitest";
import type { Country } from "../../seed/dataset.ts";
import { generate, prng } from "../../seed/synthetic.ts";
import * as c from "../../server/features/analytics/compact.ts";
import { foldLeaves } from "../../server/features/analytics/leaf-folding.ts";
import * as m from "../../server/features/analytics/measures.ts";
import { mergeClosedTwins } from "../../server/features/analytics/twins.ts";
import {
  CENTRALITY_METRICS,
  runOnGraph,
  runTask,
  type Mode,
  type Task,
} from "../../server/features/analytics/tasks.ts";
import type { SerializedGraph } from "../../server/features/graph/payload.ts";

/** A graph in the API's serialized form (directed, parallel ties allowed), as the worker receives it. */
function serialize(g: Graph): SerializedGraph {
  const out = new Graph({ type: "directed", multi: true });
  g.forEachNode((n, a) => out.addNode(n, { entity: "Actor", sector: "NGO", ...a }));
  g.forEachEdge((_e, a, s, t) => out.addEdge(s, t, a));
  return out.export() as unknown as SerializedGraph;
}

const COUNTRIES: Country[] = [
  ["FRA", "250", "France", "Europe", "Western Europe"],
  ["THA", "764", "Thailand", "Asia", "South-Eastern Asia"],
  ["NGA", "566", "Nigeria", "Africa", "Western Africa"],
].map(([id, ccn3, name, region, subregion]) => ({ id, ccn3, name, region, subregion, lat: 0, lng: 0 }) as Country);

function synthetic(actors: number, relationships: number): SerializedGraph {
  const ds = generate({ actors, relationships, seed: 4, countries: COUNTRIES, issues: ["forced-labour", "migration"] });
  const g = new Graph({ type: "directed", multi: true });
  for (const e of ds.entities) g.addNode(e.id, { entity: e.kind, sector: e.sector, label: e.name });
  for (const r of ds.relationships) g.addEdge(r.source, r.target, { type: r.type });
  return g.export() as unknown as SerializedGraph;
}

const GRAPHS: [string, SerializedGraph][] = [
  ["karate club", serialize(karateClub(UndirectedGraph))],
  ["Florentine families", serialize(florentineFamilies(UndirectedGraph))],
  ["synthetic 600 / 2,400", synthetic(600, 2400)],
];

describe.each(GRAPHS)("compact measures on the %s", (_name, data) => {
  describe.each(["stored", "actors"] as Mode[])("as %s", (mode) => {
    const graph = m.buildAnalysisGraph(data, mode);
    const compact = c.compactGraph(data, mode);
    const simple = c.simpleUndirected(compact);

    it("builds the same graph as graphology", () => {
      expect(compact.keys).toEqual(graph.nodes());
      expect(compact.source.length).toBe(graph.size);
      expect(simple.source.length).toBe(m.undirected(graph).size);
    });

    it("gives graphology's PageRank, to the last bit", () => {
      const ref = m.pageRank(graph);
      const ours = c.pageRank(compact);
      compact.keys.forEach((k, i) => expect(ours[i]).toBe(ref[k]));
    });

    it("gives graphology's Louvain partition for the same seed and resolution", () => {
      for (const [resolution, seed] of [
        [1, 7],
        [2.5, 3],
      ] as const) {
        const ref = m.communities(graph, { resolution, rng: prng(seed) });
        const ours = c.louvain(simple, { resolution, rng: prng(seed) });
        expect(ours.count).toBe(ref.count);
        compact.keys.forEach((k, i) => expect(ours.communities[i], k).toBe(ref.communities[k]));
        expect(ours.modularity).toBeCloseTo(ref.modularity, 12);
      }
    });

    it("gives graphology's betweenness, exact and sampled", () => {
      const ref = m.betweenness(graph).values;
      const ours = c.betweenness(simple);
      expect(ours.sampled).toBeNull();
      compact.keys.forEach((k, i) => expect(ours.values[i]).toBeCloseTo(ref[k]!, 12));
      const refSampled = m.betweenness(graph, { sample: 10, rng: prng(2) });
      const oursSampled = c.betweenness(simple, { sample: 10, rng: prng(2) });
      expect(oursSampled.sampled).toBe(10);
      compact.keys.forEach((k, i) => expect(oursSampled.values[i]).toBeCloseTo(refSampled.values[k]!, 12));
    });

    it("gives the same betweenness with its sources split over worker threads", async () => {
      const one = c.betweenness(simple, { sample: 50, rng: prng(8) });
      const two = await c.betweennessInParallel(simple, { sample: 50, rng: prng(8), threads: 2, minWork: 0 });
      expect(two.sampled).toBe(one.sampled);
      for (let i = 0; i < simple.n; i++) expect(two.values[i]).toBeCloseTo(one.values[i]!, 12);
    });

    it("answers every API task as the graphology reference does", async () => {
      const tasks: Task[] = [
        ...CENTRALITY_METRICS.map((metric) => ({ kind: "centrality", metric, seed: 1 }) as Task),
        { kind: "centrality", metric: "betweenness", sample: 12, seed: 5 },
        { kind: "communities", resolution: 1, seed: 2 },
        { kind: "sectors" },
        { kind: "brokerage" },
        { kind: "summary", seed: 1 },
      ];
      // The graphology reference of the slower measures takes minutes on the larger synthetic graph: the classic
      // networks check them, the synthetic one the typed-array measures.
      const large = graph.order > 500;
      for (const task of tasks) {
        const label = JSON.stringify(task);
        if (large && !["centrality", "communities"].includes(task.kind)) continue;
        if (large && task.kind === "centrality" && !["pagerank", "betweenness", "degree"].includes(task.metric))
          continue;
        const fast = (await runTask(data, mode, task)) as Record<string, unknown>;
        const ref = runOnGraph(graph, task) as Record<string, unknown>;
        if (task.kind === "centrality") {
          const [a, b] = [fast.values as Record<string, number>, ref.values as Record<string, number>];
          expect(Object.keys(a).sort(), label).toEqual(Object.keys(b).sort());
          for (const k of Object.keys(b)) expect(a[k], `${label} ${k}`).toBeCloseTo(b[k]!, 9);
        } else if (task.kind === "communities") {
          expect(fast.communities).toEqual(ref.communities);
          expect(fast.count).toBe(ref.count);
          expect(fast.ei).toEqual(ref.ei);
        } else if (task.kind === "sectors") {
          expect(fast.mixing).toEqual(ref.mixing);
          expect(fast.ei).toEqual(ref.ei);
          expect(fast.assortativity).toBeCloseTo(ref.assortativity as number, 12);
        } else if (task.kind === "brokerage") {
          expect(fast.roles).toEqual(ref.roles);
          for (const field of ["constraint", "effectiveSize"]) {
            const [a, b] = [fast[field] as Record<string, number>, ref[field] as Record<string, number>];
            expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
            for (const k of Object.keys(b)) expect(a[k], `${field} ${k}`).toBeCloseTo(b[k]!, 12);
          }
          expect(new Set(fast.articulationPoints as string[])).toEqual(new Set(ref.articulationPoints as string[]));
          const pairs = (x: unknown) => new Set((x as [string, string][]).map((p) => [...p].sort().join("|")));
          expect(pairs(fast.bridges)).toEqual(pairs(ref.bridges));
        } else {
          expect(fast).toEqual(ref);
        }
      }
    });
  });
});

describe("compact modularity", () => {
  it("equals graphology's for any partition", () => {
    const g = karateClub(UndirectedGraph);
    const compact = c.compactGraph(serialize(g), "stored");
    const simple = c.simpleUndirected(compact);
    const rng = prng(11);
    const partition = compact.keys.map(() => Math.floor(rng() * 4));
    const ref = modularity(m.undirected(m.buildAnalysisGraph(serialize(g), "stored")), {
      getNodeCommunity: (n: string) => partition[compact.keys.indexOf(n)]!,
      getEdgeWeight: "weight",
    });
    expect(c.modularity(simple, partition)).toBeCloseTo(ref, 12);
  });
});

describe("E-I index per cluster, by hand", () => {
  // Two clusters: a triangle {a, b, c} and a pair {d, e}, one tie c -> d between them, and a second (parallel) tie
  // a -> b. Ties of cluster 0's members: inside a-b twice, b-c, a-c (4 ties, each counted for both ends: I = 8),
  // outside c-d (E = 1): E-I = (1 - 8) / 9. Cluster 1: inside d-e (I = 2), outside c-d (E = 1): (1 - 2) / 3.
  // Whole network: 5 internal ties, 1 external: (1 - 5) / 6.
  const data = {
    attributes: {},
    options: { type: "directed", multi: true, allowSelfLoops: false },
    nodes: ["a", "b", "c", "d", "e"].map((key) => ({ key, attributes: { entity: "Actor", sector: "NGO" } })),
    edges: [
      ["a", "b"],
      ["a", "b"],
      ["b", "c"],
      ["c", "a"],
      ["c", "d"],
      ["d", "e"],
    ].map(([source, target], i) => ({ key: String(i), source: source!, target: target!, attributes: {} })),
  } as SerializedGraph;
  const cluster = { a: 0, b: 0, c: 0, d: 1, e: 1 } as Record<string, number>;

  it("counts each cluster's internal and external ties", () => {
    const g = c.compactGraph(data, "stored");
    const ei = c.eiIndex(
      g.source,
      g.target,
      g.keys.map((k) => cluster[k]!),
    );
    expect(ei.byGroup.get(0)).toBeCloseTo(-7 / 9, 12);
    expect(ei.byGroup.get(1)).toBeCloseTo(-1 / 3, 12);
    expect(ei.overall).toBeCloseTo(-4 / 6, 12);
    const ref = m.eiIndex(m.buildAnalysisGraph(data, "stored"), (_a, key) => String(cluster[key]));
    expect(ref.byGroup).toEqual({ "0": ei.byGroup.get(0), "1": ei.byGroup.get(1) });
  });

  it("comes with the communities Louvain finds", async () => {
    const result = (await runTask(data, "stored", { kind: "communities", resolution: 1, seed: 1 })) as {
      communities: Record<string, number>;
      ei: { byCommunity: Record<string, number>; overall: number };
    };
    // Louvain separates the triangle from the pair.
    expect(result.communities.a).toBe(result.communities.c);
    expect(result.communities.d).toBe(result.communities.e);
    expect(result.communities.a).not.toBe(result.communities.d);
    expect(result.ei.byCommunity[result.communities.a!]).toBeCloseTo(-7 / 9, 12);
    expect(result.ei.byCommunity[result.communities.d!]).toBeCloseTo(-1 / 3, 12);
    expect(result.ei.overall).toBeCloseTo(-4 / 6, 12);
  });
});

describe("exact betweenness with the degree-1 trees folded", () => {
  /**
   * A graph made of what folding must get right: a core (a cycle with a chord) with trees of several depths hanging
   * off it, a star, a path and a pair as components of their own, isolated nodes, and random extra trees.
   */
  function treeHeavy(seed: number): UndirectedGraph {
    const g = new UndirectedGraph();
    const rng = prng(seed);
    const add = (a: string, b: string) => {
      g.mergeNode(a);
      g.mergeNode(b);
      if (a !== b && !g.hasEdge(a, b)) g.addEdge(a, b);
    };
    for (let i = 0; i < 12; i++) add(`c${i}`, `c${(i + 1) % 12}`);
    add("c0", "c6");
    // Trees hanging off the core: each new node hangs from a random core or tree node.
    const hang = ["c0", "c1", "c3", "c6", "c7"];
    for (let i = 0; i < 60; i++) {
      const at = hang[Math.floor(rng() * hang.length)]!;
      add(at, `t${i}`);
      hang.push(`t${i}`);
    }
    for (let i = 1; i < 7; i++) add("star", `s${i}`);
    for (let i = 0; i < 5; i++) add(`p${i}`, `p${i + 1}`);
    add("pair-a", "pair-b");
    g.mergeNode("alone-1");
    g.mergeNode("alone-2");
    return g;
  }

  const oracle = (g: UndirectedGraph) => graphologyBetweenness(g, { normalized: true });

  it.each([1, 2, 3])("equals graphology's betweenness on a tree-heavy graph (seed %i)", async (seed) => {
    const g = treeHeavy(seed);
    const compact = c.compactGraph(serialize(g), "stored");
    const simple = c.simpleUndirected(compact);
    const folded = await c.betweennessInParallel(simple, { threads: 1 });
    expect(folded.method.method).toBe("exact");
    const ref = oracle(m.undirected(m.buildAnalysisGraph(serialize(g), "stored")));
    compact.keys.forEach((k, i) => expect(folded.values[i], k).toBeCloseTo(ref[k]!, 12));
  });

  /**
   * What merging closed twins must get right: actors tied through partnerships (projected, each partnership a clique
   * of its members), some of them members of one partnership only (twins), some of two, some with direct ties, and
   * trees hanging off them; classes of every size from 2 to 40, and a clique that is a component of its own.
   */
  function cliqueHeavy(seed: number): SerializedGraph {
    const rng = prng(seed);
    const g = new Graph({ type: "directed", multi: true });
    const actor = (k: number) => g.mergeNode(`a${k}`, { entity: "Actor", sector: "NGO" })[0];
    for (let p = 0; p < 12; p++) {
      g.addNode(`p${p}`, { entity: "Partnership" });
      const size = 2 + Math.floor(rng() * 39);
      for (let i = 0; i < size; i++) g.addEdge(actor(Math.floor(rng() * 160)), `p${p}`);
    }
    // Direct ties between two actors (the network holds no tie of a node to itself).
    for (let i = 0; i < 30; i++) {
      const x = Math.floor(rng() * 160);
      g.addEdge(actor(x), actor((x + 1 + Math.floor(rng() * 159)) % 160));
    }
    for (let i = 0; i < 25; i++) g.addEdge(actor(200 + i), actor(Math.floor(rng() * 160)));
    g.addNode("island", { entity: "Partnership" });
    for (let i = 0; i < 6; i++) g.addEdge(actor(300 + i), "island");
    actor(400);
    return g.export() as unknown as SerializedGraph;
  }

  it.each([1, 2, 3])(
    "merges twins and gives graphology's betweenness on a clique-heavy projection (seed %i)",
    async (seed) => {
      const data = cliqueHeavy(seed);
      const compact = c.compactGraph(data, "actors");
      const simple = c.simpleUndirected(compact);
      const a = c.undirectedAdjacency(simple);
      const folded = foldLeaves(a.offsets, a.adj);
      const merged = mergeClosedTwins(folded.core.offsets, folded.core.adj, folded.weight);
      // The case under test: many twins, so the classes are far fewer than the core's nodes.
      expect(merged).not.toBeNull();
      expect(merged!.mult.length).toBeLessThan(folded.coreNodes.length * 0.8);
      const fast = await c.betweennessInParallel(simple, { threads: 2, minWork: 0 });
      const unfolded = await c.betweennessInParallel(simple, { threads: 1, unfolded: true });
      // Shortest paths count ties, not the projection's weights (how many partnerships two actors share).
      const ref = graphologyBetweenness(m.undirected(m.buildAnalysisGraph(data, "actors")), {
        normalized: true,
        getEdgeWeight: null,
      });
      expect(fast.method.method).toBe("exact");
      compact.keys.forEach((k, i) => {
        expect(fast.values[i], k).toBeCloseTo(ref[k]!, 12);
        expect(fast.values[i], k).toBeCloseTo(unfolded.values[i]!, 12);
      });
    },
  );

  it("finds closed twins only: same neighbours and tied to each other", () => {
    // 0, 1 and 2 form a triangle and are each tied to 3: closed twins (3, tied to 4 and 5 as well, is not one of
    // them). 4 and 5 share their only neighbour, 3, but are not tied to each other: open twins, not merged. 6 is alone.
    const edges = [
      [0, 1],
      [0, 2],
      [1, 2],
      [0, 3],
      [1, 3],
      [2, 3],
      [3, 4],
      [3, 5],
    ];
    const rows: number[][] = Array.from({ length: 7 }, () => []);
    for (const [x, y] of edges) {
      rows[x!]!.push(y!);
      rows[y!]!.push(x!);
    }
    const offsets = Int32Array.from([0, ...rows.map((_, i) => rows.slice(0, i + 1).flat().length)]);
    const merged = mergeClosedTwins(offsets, Int32Array.from(rows.flat()), new Float64Array(7).fill(1))!;
    expect(Array.from(merged.classOf)).toEqual([0, 0, 0, 1, 2, 3, 4]);
    expect(Array.from(merged.mult)).toEqual([3, 1, 1, 1, 1]);
    // 0-1-2 merged, 3 tied to the class, 4 and 5 each tied to 3 only.
    const neighbours = (c: number) =>
      Array.from(merged.graph.adj.subarray(merged.graph.offsets[c], merged.graph.offsets[c + 1]));
    expect(neighbours(0)).toEqual([1]);
    expect(neighbours(1).sort()).toEqual([0, 2, 3]);
    expect(neighbours(4)).toEqual([]);
    expect(
      mergeClosedTwins(Int32Array.from([0, 1, 2]), Int32Array.from([1, 0]), new Float64Array(2).fill(1)),
    ).not.toBeNull();
    expect(
      mergeClosedTwins(Int32Array.from([0, 1, 2, 2]), Int32Array.from([1, 0]), new Float64Array(3).fill(1)),
    ).not.toBeNull();
    expect(
      mergeClosedTwins(Int32Array.from([0, 1, 3, 4]), Int32Array.from([1, 0, 2, 1]), new Float64Array(3).fill(1)),
    ).toBeNull();
  });

  it.each(GRAPHS)("equals the unfolded computation on the %s, on two threads too", async (_name, data) => {
    for (const mode of ["stored", "actors"] as Mode[]) {
      const simple = c.simpleUndirected(c.compactGraph(data, mode));
      const unfolded = await c.betweennessInParallel(simple, { threads: 1, unfolded: true });
      const folded = await c.betweennessInParallel(simple, { threads: 2, minWork: 0 });
      expect(folded.method).toEqual(unfolded.method);
      for (let i = 0; i < simple.n; i++) expect(folded.values[i]).toBeCloseTo(unfolded.values[i]!, 12);
    }
  });
});

describe("distance and neighbourhood measures on the typed-array graph", () => {
  const [, data] = GRAPHS[2]!;
  it.each(["stored", "actors"] as Mode[])("give graphology's on the synthetic graph as %s", async (mode) => {
    const graph = m.buildAnalysisGraph(data, mode);
    const closeness = m.harmonicCloseness(graph);
    const holes = m.structuralHoles(graph);
    for (const [metric, ref] of [
      ["closeness", closeness],
      ["eigenvector", m.eigenvector(graph)],
      ["constraint", holes.constraint],
      ["effectiveSize", holes.effectiveSize],
    ] as const) {
      const fast = (await runTask(data, mode, { kind: "centrality", metric, seed: 1 })) as {
        values: Record<string, number>;
      };
      expect(Object.keys(fast.values).sort()).toEqual(Object.keys(ref).sort());
      for (const k of Object.keys(ref)) expect(fast.values[k], `${metric} ${k}`).toBeCloseTo(ref[k]!, 12);
    }
    const summary = (await runTask(data, mode, { kind: "summary", seed: 1 })) as Record<string, number>;
    const ref = m.summary(graph);
    for (const [field, value] of Object.entries(ref)) expect(summary[field], field).toBeCloseTo(Number(value), 12);
  });
});

describe("the analytics threads' warm-up network", () => {
  it("is a valid task graph on which PageRank and Louvain find something to do", async () => {
    const { warmUpGraph } = await import("../../server/features/analytics/worker.ts");
    const { runIndexed } = await import("../../server/features/analytics/tasks.ts");
    const g = warmUpGraph(500, 2_500);
    expect(g.source.length).toBe(2_500);
    for (let e = 0; e < g.source.length; e++) {
      expect(g.source[e]).not.toBe(g.target[e]);
      expect(g.target[e]).toBeGreaterThanOrEqual(0);
      expect(g.target[e]).toBeLessThan(500);
    }
    const found = await runIndexed(g, "stored", { kind: "communities", resolution: 1, seed: 1 }, {});
    expect(found.kind === "communities" && found.count).toBeGreaterThan(1);
    expect(found.kind === "communities" && found.count).toBeLessThan(100);
  });
});

describe("the simple undirected view", () => {
  /** One tie per pair through a map, in order of first appearance, weights summed in order: the reference. */
  function byMap(g: c.CompactGraph): c.SimpleGraph {
    const slot = new Map<string, number>();
    const s: number[] = [];
    const t: number[] = [];
    const w: number[] = [];
    for (let e = 0; e < g.source.length; e++) {
      const a = g.source[e]!;
      const b = g.target[e]!;
      if (a === b) continue;
      const key = a < b ? `${a},${b}` : `${b},${a}`;
      const at = slot.get(key);
      if (at !== undefined) w[at]! += g.weight[e]!;
      else {
        slot.set(key, s.length);
        s.push(a);
        t.push(b);
        w.push(g.weight[e]!);
      }
    }
    return { n: g.n, source: Int32Array.from(s), target: Int32Array.from(t), weight: Float64Array.from(w) };
  }
  it("equals a map of pairs, tie for tie, with duplicates, reversed ties, self-ties and fractional weights", () => {
    for (const [n, m, seed] of [
      [1, 3, 1],
      [5, 40, 2],
      [60, 900, 3],
      [2_000, 30_000, 4],
    ] as const) {
      const rand = prng(seed);
      const source = Int32Array.from({ length: m }, () => Math.floor(rand() * n));
      const target = Int32Array.from({ length: m }, () => Math.floor(rand() * n));
      const weight = Float64Array.from({ length: m }, () => (rand() < 0.5 ? 1 : rand()));
      const g: c.CompactGraph = {
        n,
        origin: Int32Array.from({ length: n }, (_, i) => i),
        directed: false,
        source,
        target,
        weight,
      };
      const fast = c.simpleUndirected(g);
      const ref = byMap(g);
      expect(Array.from(fast.source)).toEqual(Array.from(ref.source));
      expect(Array.from(fast.target)).toEqual(Array.from(ref.target));
      expect(Array.from(fast.weight)).toEqual(Array.from(ref.weight));
    }
  });
});
