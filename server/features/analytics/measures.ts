/**
 * Network measures for the analytics API, in graphology's shape (`fn(graph, options) -> mapping`). Where graphology
 * has the measure (betweenness, eigenvector, PageRank, Louvain, modularity, density, components) it is used as it
 * is; what it lacks for cross-sector analysis is written here: harmonic closeness, sampled betweenness, k-core,
 * clustering, sector mixing, E-I index, assortativity, Gould-Fernandez brokerage, Burt's constraint and effective
 * size, articulation points and bridges. All treat ties as undirected unless the measure is about direction.
 *
 * Production runs each measure once: PageRank, degrees, betweenness, Louvain and the E-I index on the typed-array
 * graph (compact.ts), the rest here. The graphology versions of the former, and buildAnalysisGraph, are the
 * reference the tests hold the typed-array engine to.
 */
import Graph, { UndirectedGraph } from "graphology";
import { connectedComponents } from "graphology-components";
import louvain from "graphology-communities-louvain";
import eigenvectorCentrality from "graphology-metrics/centrality/eigenvector.js";
import pagerank from "graphology-metrics/centrality/pagerank.js";
import modularity from "graphology-metrics/graph/modularity.js";
import type { SerializedGraph } from "../graph/payload.ts";
import { brandes } from "./compact.ts";

export type Mapping = Record<string, number>;

/** The undirected simple view of a graph: one edge per pair, weight = number of ties (or the sum of weights). */
export function undirected(graph: Graph): UndirectedGraph {
  const g = new UndirectedGraph();
  graph.forEachNode((n, a) => g.addNode(n, a));
  graph.forEachEdge((_e, a, s, t) => {
    if (s === t) return;
    const w = typeof a.weight === "number" ? a.weight : 1;
    if (g.hasEdge(s, t)) g.updateEdgeAttribute(s, t, "weight", (x: number) => x + w);
    else g.addEdge(s, t, { weight: w });
  });
  return g;
}

export function degree(graph: Graph, kind: "in" | "out" | "total" | "weighted"): Mapping {
  const out: Mapping = {};
  graph.forEachNode((n) => {
    if (kind === "in") out[n] = graph.inDegree(n) + graph.undirectedDegree(n);
    else if (kind === "out") out[n] = graph.outDegree(n) + graph.undirectedDegree(n);
    else if (kind === "total") out[n] = graph.degree(n);
    else {
      let w = 0;
      graph.forEachEdge(n, (_e, a) => (w += typeof a.weight === "number" ? a.weight : 1));
      out[n] = w;
    }
  });
  return out;
}

/** Compressed adjacency (CSR) of the undirected view: neighbours of node i are adj[offsets[i] .. offsets[i+1]). */
function csr(g: UndirectedGraph): { nodes: string[]; offsets: Int32Array; adj: Int32Array } {
  const nodes = g.nodes();
  const index = new Map(nodes.map((v, i) => [v, i]));
  const offsets = new Int32Array(nodes.length + 1);
  nodes.forEach((v, i) => (offsets[i + 1] = offsets[i]! + g.degree(v)));
  const adj = new Int32Array(offsets[nodes.length]!);
  const fill = offsets.slice(0, nodes.length);
  g.forEachEdge((_e, _a, s, t) => {
    const i = index.get(s)!;
    const j = index.get(t)!;
    adj[fill[i]!++] = j;
    adj[fill[j]!++] = i;
  });
  return { nodes, offsets, adj };
}

/**
 * Breadth-first distances from a source over a compressed adjacency (unweighted): visits every reachable node once,
 * calling `visit(node, distance)`; `dist` is scratch space of the graph's size, filled with -1 and left so.
 */
function bfs(
  offsets: Int32Array,
  adj: Int32Array,
  source: number,
  dist: Int32Array,
  queue: Int32Array,
  visit: (node: number, d: number) => void,
) {
  let head = 0;
  let tail = 0;
  dist[source] = 0;
  queue[tail++] = source;
  while (head < tail) {
    const v = queue[head++]!;
    const next = dist[v]! + 1;
    for (let k = offsets[v]!, end = offsets[v + 1]!; k < end; k++) {
      const w = adj[k]!;
      if (dist[w]! < 0) {
        dist[w] = next;
        queue[tail++] = w;
        visit(w, next);
      }
    }
  }
  for (let i = 0; i < tail; i++) dist[queue[i]!] = -1;
}

/** Harmonic closeness: the mean of 1/distance to every other node (0 for unreachable), so it works on disconnected graphs. */
export function harmonicCloseness(graph: Graph): Mapping {
  const { nodes, offsets, adj } = csr(undirected(graph));
  const n = nodes.length;
  const dist = new Int32Array(n).fill(-1);
  const queue = new Int32Array(n);
  const out: Mapping = {};
  nodes.forEach((v, i) => {
    let sum = 0;
    bfs(offsets, adj, i, dist, queue, (_w, d) => (sum += 1 / d));
    out[v] = n > 1 ? sum / (n - 1) : 0;
  });
  return out;
}

/**
 * Normalized betweenness (Brandes' algorithm on a compressed adjacency, several times faster than a map-based
 * one, shared with the compact engine), exact, or estimated from `sample` random source nodes (pivots) and scaled up, reporting the sample size.
 */
export function betweenness(
  graph: Graph,
  opts: { sample?: number; rng?: () => number } = {},
): { values: Mapping; sampled: number | null } {
  const g = undirected(graph);
  const { nodes, offsets, adj } = csr(g);
  const n = nodes.length;
  const sampled = opts.sample !== undefined && opts.sample < n;
  let sources = Int32Array.from({ length: n }, (_, i) => i);
  if (sampled) {
    const rng = opts.rng ?? Math.random;
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [sources[i], sources[j]] = [sources[j]!, sources[i]!];
    }
    sources = sources.slice(0, opts.sample);
  }
  const cb = brandes({ offsets, adj }, sources);
  // Each undirected pair is counted from both ends: halve; scale pivots up to all sources; normalize.
  const norm = n > 2 ? ((n - 1) * (n - 2)) / 2 : 1;
  const scale = (sampled ? n / sources.length : 1) / 2 / norm;
  const values: Mapping = {};
  nodes.forEach((v, i) => (values[v] = cb[i]! * scale));
  return { values, sampled: sampled ? sources.length : null };
}

export function eigenvector(graph: Graph): Mapping {
  const g = undirected(graph);
  if (g.size === 0) return Object.fromEntries(g.nodes().map((v) => [v, 0]));
  return eigenvectorCentrality(g, { getEdgeWeight: null, maxIterations: 1000, tolerance: 1e-8 });
}

export function pageRank(graph: Graph): Mapping {
  return pagerank(graph, { getEdgeWeight: null, alpha: 0.85, maxIterations: 200, tolerance: 1e-9 });
}

/** k-core number of every node (Batagelj and Zaversnik's peeling). */
export function kCore(graph: Graph): Mapping {
  const g = undirected(graph);
  const deg = new Map(g.nodes().map((v) => [v, g.degree(v)]));
  const core: Mapping = {};
  const remaining = new Set(g.nodes());
  let k = 0;
  while (remaining.size) {
    let peeled = true;
    while (peeled) {
      peeled = false;
      for (const v of remaining) {
        if (deg.get(v)! <= k) {
          core[v] = k;
          remaining.delete(v);
          g.forEachNeighbor(v, (w) => {
            if (remaining.has(w)) deg.set(w, deg.get(w)! - 1);
          });
          peeled = true;
        }
      }
    }
    k++;
  }
  return core;
}

/** Local clustering coefficient of every node, and the network's average. */
export function clustering(graph: Graph): { local: Mapping; average: number } {
  const g = undirected(graph);
  const local: Mapping = {};
  g.forEachNode((v) => {
    const nb = g.neighbors(v);
    const k = nb.length;
    if (k < 2) return void (local[v] = 0);
    let links = 0;
    for (let i = 0; i < k; i++) for (let j = i + 1; j < k; j++) if (g.hasEdge(nb[i]!, nb[j]!)) links++;
    local[v] = (2 * links) / (k * (k - 1));
  });
  const values = Object.values(local);
  return { local, average: values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0 };
}

export interface Communities {
  communities: Record<string, number>;
  count: number;
  modularity: number;
}

/** Louvain with a resolution and seeded randomness (same seed, same partition). */
export function communities(graph: Graph, opts: { resolution: number; rng: () => number }): Communities {
  const g = undirected(graph);
  if (g.size === 0) {
    const communities = Object.fromEntries(g.nodes().map((v, i) => [v, i]));
    return { communities, count: g.order, modularity: 0 };
  }
  const details = louvain.detailed(g, { resolution: opts.resolution, rng: opts.rng, getEdgeWeight: "weight" });
  return {
    communities: details.communities,
    count: details.count,
    modularity: modularity(g, { getNodeCommunity: (n: string) => details.communities[n]!, getEdgeWeight: "weight" }),
  };
}

/** Sector of a node: actors' sector, partnerships grouped as "Partnership". */
export const groupOf = (a: Record<string, unknown>) =>
  a.entity === "Partnership" ? "Partnership" : String(a.sector ?? "Other");

/** Ties between each pair of groups (undirected: each tie counted once, in the [a][b] and [b][a] cells alike). */
export function mixingMatrix(graph: Graph, group = groupOf): Record<string, Record<string, number>> {
  const m: Record<string, Record<string, number>> = {};
  const add = (a: string, b: string) => {
    m[a] ??= {};
    m[a][b] = (m[a][b] ?? 0) + 1;
  };
  graph.forEachEdge((_e, _a, _s, _t, sa, ta) => {
    const x = group(sa);
    const y = group(ta);
    add(x, y);
    if (x !== y) add(y, x);
  });
  return m;
}

/**
 * Krackhardt and Stern's E-I index per group: (external - internal) / (external + internal) ties of its members,
 * a tie inside the group counting for both its members. Groups are sectors by default; any node grouping works
 * (communities: `(_a, key) => community[key]`).
 */
export function eiIndex(
  graph: Graph,
  group: (attributes: Record<string, unknown>, key: string) => string = groupOf,
): { byGroup: Record<string, number>; overall: number } {
  const ext: Record<string, number> = {};
  const int: Record<string, number> = {};
  let e = 0;
  let i = 0;
  graph.forEachEdge((_k, _a, s, t, sa, ta) => {
    const x = group(sa, s);
    const y = group(ta, t);
    if (x === y) {
      int[x] = (int[x] ?? 0) + 2;
      i++;
    } else {
      ext[x] = (ext[x] ?? 0) + 1;
      ext[y] = (ext[y] ?? 0) + 1;
      e++;
    }
  });
  const byGroup: Record<string, number> = {};
  for (const g of new Set([...Object.keys(ext), ...Object.keys(int)])) {
    const E = ext[g] ?? 0;
    const I = int[g] ?? 0;
    byGroup[g] = (E - I) / (E + I);
  }
  return { byGroup, overall: e + i ? (e - i) / (e + i) : 0 };
}

/** Newman's nominal assortativity coefficient for a node category (1: ties only within groups). */
export function assortativity(graph: Graph, group = groupOf): number {
  const g = undirected(graph);
  const m = g.size;
  if (m === 0) return 0;
  const e: Record<string, Record<string, number>> = {};
  const add = (x: string, y: string, w: number) => {
    e[x] ??= {};
    e[x][y] = (e[x][y] ?? 0) + w;
  };
  g.forEachEdge((_k, _a, s, t) => {
    const x = group(g.getNodeAttributes(s));
    const y = group(g.getNodeAttributes(t));
    add(x, y, 0.5 / m);
    add(y, x, 0.5 / m);
  });
  const groups = Object.keys(e);
  const trace = groups.reduce((sum, x) => sum + (e[x]![x] ?? 0), 0);
  const a = (x: string) => Object.values(e[x] ?? {}).reduce((s, v) => s + v, 0);
  const sumSq = groups.reduce((sum, x) => sum + a(x) * a(x), 0);
  return sumSq === 1 ? 1 : (trace - sumSq) / (1 - sumSq);
}

export type BrokerageRole = "coordinator" | "consultant" | "gatekeeper" | "representative" | "liaison";

/**
 * Gould and Fernandez brokerage roles, counted for each broker b over open two-paths a -> b -> c (directed ties,
 * a and c distinct and not tied a -> c): coordinator (a, b, c in one group), consultant (a, c in one group, b in
 * another), gatekeeper (b with c, a outside), representative (b with a, c outside), liaison (all different).
 */
export function brokerage(graph: Graph, group = groupOf): Record<string, Record<BrokerageRole, number>> {
  const out: Record<string, Record<BrokerageRole, number>> = {};
  graph.forEachNode((b, ba) => {
    const roles = { coordinator: 0, consultant: 0, gatekeeper: 0, representative: 0, liaison: 0 };
    const gb = group(ba);
    const ins = graph.inNeighbors(b);
    const outs = graph.outNeighbors(b);
    for (const a of ins)
      for (const c of outs) {
        if (a === c || graph.hasDirectedEdge(a, c)) continue;
        const ga = group(graph.getNodeAttributes(a));
        const gc = group(graph.getNodeAttributes(c));
        if (ga === gb && gb === gc) roles.coordinator++;
        else if (ga === gc) roles.consultant++;
        else if (gb === gc) roles.gatekeeper++;
        else if (ga === gb) roles.representative++;
        else roles.liaison++;
      }
    out[b] = roles;
  });
  return out;
}

/** Burt's structural holes on unweighted ties: effective size and constraint of every node. */
export function structuralHoles(graph: Graph): { effectiveSize: Mapping; constraint: Mapping } {
  const g = undirected(graph);
  const effectiveSize: Mapping = {};
  const constraint: Mapping = {};
  g.forEachNode((i) => {
    const nb = g.neighbors(i);
    const n = nb.length;
    if (n === 0) {
      effectiveSize[i] = 0;
      constraint[i] = 0;
      return;
    }
    let t = 0;
    for (let x = 0; x < n; x++) for (let y = x + 1; y < n; y++) if (g.hasEdge(nb[x]!, nb[y]!)) t++;
    effectiveSize[i] = n - (2 * t) / n;
    const p = (u: string, v: string) => (g.hasEdge(u, v) ? 1 / g.degree(u) : 0);
    let c = 0;
    for (const j of nb) {
      let indirect = 0;
      for (const q of nb) if (q !== j) indirect += p(i, q) * p(q, j);
      c += (p(i, j) + indirect) ** 2;
    }
    constraint[i] = c;
  });
  return { effectiveSize, constraint };
}

/** Articulation points and bridges (Tarjan's low-link, iterative so deep graphs do not overflow the stack). */
export function cutPointsAndBridges(graph: Graph): { articulationPoints: string[]; bridges: [string, string][] } {
  const g = undirected(graph);
  const disc = new Map<string, number>();
  const low = new Map<string, number>();
  const points = new Set<string>();
  const bridges: [string, string][] = [];
  let time = 0;
  for (const root of g.nodes()) {
    if (disc.has(root)) continue;
    let rootChildren = 0;
    const stack: { v: string; parent: string | null; nb: string[]; i: number }[] = [];
    disc.set(root, time);
    low.set(root, time++);
    stack.push({ v: root, parent: null, nb: g.neighbors(root), i: 0 });
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      if (top.i < top.nb.length) {
        const w = top.nb[top.i++]!;
        if (!disc.has(w)) {
          disc.set(w, time);
          low.set(w, time++);
          if (top.v === root) rootChildren++;
          stack.push({ v: w, parent: top.v, nb: g.neighbors(w), i: 0 });
        } else if (w !== top.parent) {
          low.set(top.v, Math.min(low.get(top.v)!, disc.get(w)!));
        }
      } else {
        stack.pop();
        const parent = stack[stack.length - 1];
        if (parent) {
          low.set(parent.v, Math.min(low.get(parent.v)!, low.get(top.v)!));
          if (low.get(top.v)! > disc.get(parent.v)!) bridges.push([parent.v, top.v]);
          if (parent.v !== root && low.get(top.v)! >= disc.get(parent.v)!) points.add(parent.v);
        }
      }
    }
    if (rootChildren > 1) points.add(root);
  }
  return { articulationPoints: [...points], bridges };
}

/** Whole-network figures: size, density, components, diameter and average path length of the largest component. */
export function summary(graph: Graph) {
  const g = undirected(graph);
  const n = g.order;
  const components = connectedComponents(g).sort((a, b) => b.length - a.length);
  const largest = components[0] ?? [];
  // Exact all-pairs BFS on the largest component up to 5,000 nodes; above that, from 500 sampled sources.
  const sources =
    largest.length <= 5000 ? largest : largest.filter((_v, i) => i % Math.ceil(largest.length / 500) === 0);
  const { nodes, offsets, adj } = csr(g);
  const index = new Map(nodes.map((v, i) => [v, i]));
  const dist = new Int32Array(n).fill(-1);
  const queue = new Int32Array(n);
  let diameter = 0;
  let total = 0;
  let pairs = 0;
  for (const s of sources) {
    bfs(offsets, adj, index.get(s)!, dist, queue, (_w, d) => {
      if (d > diameter) diameter = d;
      total += d;
      pairs++;
    });
  }
  return {
    nodes: n,
    edges: g.size,
    density: n > 1 ? (2 * g.size) / (n * (n - 1)) : 0,
    components: components.length,
    largestComponent: largest.length,
    diameter,
    averagePathLength: pairs ? total / pairs : 0,
    pathsSampled: sources.length < largest.length,
    averageClustering: clustering(g).average,
  };
}

/**
 * Reference (tests only): the stored graph, or the actor-to-actor projection (actors tied by shared partnerships,
 * weighted, and by direct ties) built with graphology. Production builds it once, in compact.analysisGraph.
 */
export function buildAnalysisGraph(data: SerializedGraph, mode: "stored" | "actors"): Graph {
  const stored = Graph.from(data as never) as Graph;
  if (mode === "stored") return stored;
  const g = new Graph({ type: "undirected" });
  stored.forEachNode((n, a) => {
    if (a.entity === "Actor") g.addNode(n, a);
  });
  const bump = (s: string, t: string) => {
    if (s === t) return;
    if (g.hasEdge(s, t)) g.updateEdgeAttribute(s, t, "weight", (w: number) => w + 1);
    else g.addEdge(s, t, { weight: 1 });
  };
  stored.forEachEdge((_e, _a, s, t) => {
    if (g.hasNode(s) && g.hasNode(t)) bump(s, t);
  });
  stored.forEachNode((p, a) => {
    if (a.entity !== "Partnership") return;
    const members = stored.neighbors(p).filter((x) => g.hasNode(x));
    for (let i = 0; i < members.length; i++)
      for (let j = i + 1; j < members.length; j++) bump(members[i]!, members[j]!);
  });
  return g;
}
