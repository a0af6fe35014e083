/**
 * Distance and neighbourhood measures on the typed-array graph (the simple undirected adjacency of compact.ts):
 * harmonic closeness, the whole-network path and clustering figures, and Burt's structural holes. They give what
 * measures.ts's graphology versions give (the tests hold them to it), in typed arrays: no graph object to build, no
 * string keys, no callback per visited node, and neighbours marked in an array instead of looked up edge by edge.
 */
import type { Adjacency } from "./compact.ts";

type Rows = Pick<Adjacency, "offsets" | "adj">;

/**
 * Breadth-first search from `s`: fills queue[0..tail) with the nodes reached, in order, and their distances in
 * `dist` (which must hold -1 for every node before, and is left so by clearDistances). Returns tail.
 */
function reach({ offsets, adj }: Rows, s: number, dist: Int32Array, queue: Int32Array): number {
  let head = 0;
  let tail = 0;
  dist[s] = 0;
  queue[tail++] = s;
  while (head < tail) {
    const v = queue[head++]!;
    const next = dist[v]! + 1;
    for (let k = offsets[v]!, end = offsets[v + 1]!; k < end; k++) {
      const w = adj[k]!;
      if (dist[w]! < 0) {
        dist[w] = next;
        queue[tail++] = w;
      }
    }
  }
  return tail;
}

const clearDistances = (dist: Int32Array, queue: Int32Array, tail: number) => {
  for (let i = 0; i < tail; i++) dist[queue[i]!] = -1;
};

/** Harmonic closeness: the mean of 1/distance to every other node (0 for unreachable ones). */
export function harmonicCloseness(a: Rows): Float64Array {
  const n = a.offsets.length - 1;
  const out = new Float64Array(n);
  if (n < 2) return out;
  const dist = new Int32Array(n).fill(-1);
  const queue = new Int32Array(n);
  const inverse = Float64Array.from({ length: n + 1 }, (_, d) => (d ? 1 / d : 0));
  for (let s = 0; s < n; s++) {
    const tail = reach(a, s, dist, queue);
    let sum = 0;
    for (let i = 1; i < tail; i++) sum += inverse[dist[queue[i]!]!]!;
    clearDistances(dist, queue, tail);
    out[s] = sum / (n - 1);
  }
  return out;
}

/** Connected components: each component's nodes (in breadth-first order), largest first. */
function components(a: Rows): Int32Array[] {
  const n = a.offsets.length - 1;
  // Distances are kept, not cleared: a node reached once is never a new start.
  const dist = new Int32Array(n).fill(-1);
  const queue = new Int32Array(n);
  const out: Int32Array[] = [];
  for (let s = 0; s < n; s++) if (dist[s]! < 0) out.push(queue.slice(0, reach(a, s, dist, queue)));
  return out.sort((x, y) => y.length - x.length);
}

/** Ties among each node's neighbours (the triangles through it), neighbours marked in one array. */
export function neighbourLinks({ offsets, adj }: Rows): Float64Array {
  const n = offsets.length - 1;
  const links = new Float64Array(n);
  const mark = new Int32Array(n).fill(-1);
  for (let v = 0; v < n; v++) {
    const start = offsets[v]!;
    const end = offsets[v + 1]!;
    if (end - start < 2) continue;
    for (let k = start; k < end; k++) mark[adj[k]!] = v;
    let twice = 0;
    for (let k = start; k < end; k++) {
      const u = adj[k]!;
      for (let j = offsets[u]!, e = offsets[u + 1]!; j < e; j++) if (mark[adj[j]!] === v) twice++;
    }
    links[v] = twice / 2;
  }
  return links;
}

/** Local clustering coefficients' mean over all nodes (0 for nodes with fewer than two neighbours). */
function averageClustering(a: Rows): number {
  const n = a.offsets.length - 1;
  if (n === 0) return 0;
  const links = neighbourLinks(a);
  let sum = 0;
  for (let v = 0; v < n; v++) {
    const k = a.offsets[v + 1]! - a.offsets[v]!;
    sum += k < 2 ? 0 : (2 * links[v]!) / (k * (k - 1));
  }
  return sum / n;
}

/**
 * Whole-network figures: size, density, components, and the diameter and average path length of the largest
 * component (exact up to 5,000 nodes, else from about 500 of its nodes), and the average clustering.
 */
export function pathSummary(a: Rows) {
  const n = a.offsets.length - 1;
  const edges = a.adj.length / 2;
  const comps = components(a);
  const largest = comps[0] ?? new Int32Array(0);
  const step = largest.length <= 5000 ? 1 : Math.ceil(largest.length / 500);
  const dist = new Int32Array(n).fill(-1);
  const queue = new Int32Array(n);
  let diameter = 0;
  let total = 0;
  let pairs = 0;
  for (let i = 0; i < largest.length; i += step) {
    const tail = reach(a, largest[i]!, dist, queue);
    for (let j = 1; j < tail; j++) total += dist[queue[j]!]!;
    if (tail > 1 && dist[queue[tail - 1]!]! > diameter) diameter = dist[queue[tail - 1]!]!;
    pairs += tail - 1;
    clearDistances(dist, queue, tail);
  }
  return {
    nodes: n,
    edges,
    density: n > 1 ? (2 * edges) / (n * (n - 1)) : 0,
    components: comps.length,
    largestComponent: largest.length,
    diameter,
    averagePathLength: pairs ? total / pairs : 0,
    pathsSampled: step > 1,
    averageClustering: averageClustering(a),
  };
}

/** Burt's structural holes on unweighted ties: each node's effective size and constraint. */
export function structuralHoles(a: Rows): { effectiveSize: Float64Array; constraint: Float64Array } {
  const { offsets, adj } = a;
  const n = offsets.length - 1;
  const links = neighbourLinks(a);
  const effectiveSize = new Float64Array(n);
  const constraint = new Float64Array(n);
  const mark = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    const start = offsets[i]!;
    const end = offsets[i + 1]!;
    const k = end - start;
    if (k === 0) continue;
    effectiveSize[i] = k - (2 * links[i]!) / k;
    for (let x = start; x < end; x++) mark[adj[x]!] = i;
    // p(i, q) p(q, j) summed over the neighbours q that i and j share: (1 / k) Σ 1 / degree(q).
    let c = 0;
    for (let x = start; x < end; x++) {
      const j = adj[x]!;
      let shared = 0;
      for (let y = offsets[j]!, e = offsets[j + 1]!; y < e; y++) {
        const q = adj[y]!;
        if (mark[q] === i) shared += 1 / (offsets[q + 1]! - offsets[q]!);
      }
      const p = (1 + shared) / k;
      c += p * p;
    }
    constraint[i] = c;
  }
  return { effectiveSize, constraint };
}

/**
 * Eigenvector centrality by power iteration on the unweighted ties (graphology-metrics' eigenvector centrality,
 * step for step: x ← x + A·x, normalized, until the total change is under n × tolerance). Throws when it does not
 * converge.
 */
export function eigenvector({ offsets, adj }: Rows, maxIterations = 1000, tolerance = 1e-8): Float64Array {
  const n = offsets.length - 1;
  if (adj.length === 0) return new Float64Array(n);
  let x = new Float64Array(n).fill(1 / n);
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    const last = x;
    x = new Float64Array(last);
    for (let i = 0; i < n; i++) {
      const xi = last[i]!;
      for (let k = offsets[i]!, end = offsets[i + 1]!; k < end; k++) x[adj[k]!]! += xi;
    }
    const norm = hypot(x);
    for (let i = 0; i < n; i++) x[i]! /= norm;
    let error = 0;
    for (let i = 0; i < n; i++) error += Math.abs(x[i]! - last[i]!);
    if (error < n * tolerance) return x;
  }
  throw new Error("analytics: eigenvector centrality did not converge");
}

/** The Euclidean norm, scaled as graphology-metrics computes it (no overflow, the same rounding). */
function hypot(x: Float64Array): number {
  let max = 0;
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    const v = Math.abs(x[i]!);
    if (v > max) {
      s *= (max / v) * (max / v);
      max = v;
    }
    s += v === 0 && max === 0 ? 0 : (v / max) * (v / max);
  }
  return max === Infinity ? 1 : max * Math.sqrt(s);
}
