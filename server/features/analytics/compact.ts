/**
 * The analysis graph as typed arrays, for the measures that must scale to 100,000+ actors: building a graphology
 * graph of a million ties costs more than PageRank or Louvain themselves, so PageRank, Louvain, betweenness and the
 * per-cluster E-I index run here on integer node indices. Each reproduces the graphology computation it replaces
 * (same node order, same neighbour order, same arithmetic), and tests hold it to graphology's results.
 */
import { availableParallelism } from "node:os";
import { SECTORS } from "../../core/model.ts";
import { runInWorker } from "../../core/worker.ts";
import type { SerializedGraph } from "../graph/payload.ts";
import { foldLeaves } from "./leaf-folding.ts";
import { mergeClosedTwins } from "./twins.ts";

/**
 * The stored graph of a scope as the analytics receive it: nodes 0..n-1 (in the scope's order), what the actor
 * projection and the sector measures need of each, and every tie as a pair of node indices (directed, parallel ties
 * kept). Built from the network snapshot without strings, and handed to a worker thread as transferred buffers.
 */
export interface TaskGraph {
  n: number;
  /** 1 for a partnership, 0 for an actor. */
  partnership: Uint8Array;
  /** Index of the actor's sector in SECTORS; NO_SECTOR when it has none. */
  sector: Uint8Array;
  source: Int32Array;
  target: Int32Array;
}

export const NO_SECTOR = 255;

/** The analysis graph: the stored graph itself, or its actor-to-actor projection. */
export interface CompactGraph {
  n: number;
  /** The task graph's index of each node (the identity for the stored graph; the actors for the projection). */
  origin: Int32Array;
  /** Stored ties are directed, parallel ties kept; the actor projection's are undirected, one per pair, weighted. */
  directed: boolean;
  source: Int32Array;
  target: Int32Array;
  weight: Float64Array;
}

/** A task graph from the serialized graph (nodes in its order, ties joining unknown nodes refused). */
export function taskGraphOf(data: SerializedGraph): TaskGraph & { keys: string[] } {
  const index = new Map<string, number>();
  data.nodes.forEach((n, i) => index.set(n.key, i));
  const m = data.edges.length;
  const source = new Int32Array(m);
  const target = new Int32Array(m);
  for (let e = 0; e < m; e++) {
    const edge = data.edges[e]!;
    const s = index.get(edge.source);
    const t = index.get(edge.target);
    if (s === undefined || t === undefined) throw new Error(`analytics: tie ${edge.key} joins an unknown node`);
    source[e] = s;
    target[e] = t;
  }
  const sectorIndex = new Map<string, number>(SECTORS.map((s, i) => [s, i]));
  return {
    n: data.nodes.length,
    keys: data.nodes.map((x) => x.key),
    partnership: Uint8Array.from(data.nodes, (x) => (x.attributes?.entity === "Partnership" ? 1 : 0)),
    sector: Uint8Array.from(data.nodes, (x) => sectorIndex.get(String(x.attributes?.sector)) ?? NO_SECTOR),
    source,
    target,
  };
}

/** The stored graph (every tie of weight 1), or its actor-to-actor projection (see actorProjection). */
export function analysisGraph(g: TaskGraph, mode: "stored" | "actors"): CompactGraph {
  if (mode === "actors") return actorProjection(g);
  return {
    n: g.n,
    origin: Int32Array.from({ length: g.n }, (_, i) => i),
    directed: true,
    source: g.source,
    target: g.target,
    weight: new Float64Array(g.source.length).fill(1),
  };
}

/** The analysis graph of a serialized graph, with its nodes' keys (what the tests compare with graphology's). */
export function compactGraph(data: SerializedGraph, mode: "stored" | "actors"): CompactGraph & { keys: string[] } {
  const t = taskGraphOf(data);
  const g = analysisGraph(t, mode);
  return { ...g, keys: Array.from(g.origin, (i) => t.keys[i]!) };
}

/**
 * Actors tied by their direct ties (one per tie) and by each partnership they share (one per partnership), in the
 * order graphology builds the same projection (measures.buildAnalysisGraph, the reference): direct ties first, then
 * partnerships in node order, each one's members as graphology lists a node's neighbours (tail ends of its incoming
 * ties, then heads of its outgoing ones).
 */
function actorProjection(g: TaskGraph): CompactGraph {
  const n = g.n;
  const actorIndex = new Int32Array(n).fill(-1);
  const origin: number[] = [];
  for (let i = 0; i < n; i++) {
    if (g.partnership[i]) continue;
    actorIndex[i] = origin.length;
    origin.push(i);
  }
  const pairs = new PairIndex(origin.length);
  for (let e = 0; e < g.source.length; e++) {
    const a = actorIndex[g.source[e]!]!;
    const b = actorIndex[g.target[e]!]!;
    if (a >= 0 && b >= 0) pairs.add(a, b, 1);
  }
  const ins = adjacencyOf(n, g.target, g.source);
  const outs = adjacencyOf(n, g.source, g.target);
  const seen = new Int32Array(n).fill(-1);
  const members: number[] = [];
  for (let p = 0; p < n; p++) {
    if (!g.partnership[p]) continue;
    members.length = 0;
    for (const list of [ins, outs])
      for (let k = list.offsets[p]!; k < list.offsets[p + 1]!; k++) {
        const v = list.adj[k]!;
        if (seen[v] === p) continue;
        seen[v] = p;
        if (actorIndex[v]! >= 0) members.push(actorIndex[v]!);
      }
    for (let i = 0; i < members.length; i++)
      for (let j = i + 1; j < members.length; j++) pairs.add(members[i]!, members[j]!, 1);
  }
  return { n: origin.length, origin: Int32Array.from(origin), directed: false, ...pairs.arrays() };
}

/**
 * Degrees as measures.degree counts them: on the stored graph ties in, out and both (parallel ties each count);
 * on the projection (undirected) in = out = total = neighbours; weighted, the sum of tie weights.
 */
export function degree(g: CompactGraph, kind: "in" | "out" | "total" | "weighted"): Float64Array {
  const out = new Float64Array(g.n);
  for (let e = 0; e < g.source.length; e++) {
    const s = g.source[e]!;
    const t = g.target[e]!;
    const w = kind === "weighted" ? g.weight[e]! : 1;
    if (!g.directed || kind !== "in") out[s]! += w;
    if (!g.directed || kind !== "out") out[t]! += w;
  }
  return out;
}

/** Lists of ties by one end, each list in tie order. */
function adjacencyOf(n: number, from: Int32Array, to: Int32Array): { offsets: Int32Array; adj: Int32Array } {
  const offsets = new Int32Array(n + 1);
  for (let e = 0; e < from.length; e++) offsets[from[e]! + 1]!++;
  for (let i = 0; i < n; i++) offsets[i + 1]! += offsets[i]!;
  const fill = offsets.slice(0, n);
  const adj = new Int32Array(from.length);
  for (let e = 0; e < from.length; e++) adj[fill[from[e]!]!++] = to[e]!;
  return { offsets, adj };
}

/** Unordered pairs in order of first appearance, summing weights; self-pairs ignored. */
class PairIndex {
  private readonly slot = new Map<number, number>();
  private readonly s: number[] = [];
  private readonly t: number[] = [];
  private readonly w: number[] = [];
  constructor(private readonly n: number) {}
  add(a: number, b: number, weight: number) {
    if (a === b) return;
    const key = a < b ? a * this.n + b : b * this.n + a;
    const at = this.slot.get(key);
    if (at !== undefined) {
      this.w[at]! += weight;
      return;
    }
    this.slot.set(key, this.s.length);
    this.s.push(a);
    this.t.push(b);
    this.w.push(weight);
  }
  arrays() {
    return { source: Int32Array.from(this.s), target: Int32Array.from(this.t), weight: Float64Array.from(this.w) };
  }
}

/** The simple undirected view (one tie per pair, weights summed): what betweenness and Louvain see. */
export interface SimpleGraph {
  n: number;
  source: Int32Array;
  target: Int32Array;
  weight: Float64Array;
}

/**
 * One tie per pair of distinct nodes, as PairIndex gives it (pairs in order of first appearance, each oriented as it
 * first appeared, weights summed in the ties' order) but without a hash map: the ties are bucketed by their lower end
 * (a counting sort), each bucket's pairs told apart by a stamp per higher end, then the pairs written out in the
 * order of their first tie. The synthetic network's million ties take 110 to 170 ms here, where a map of pairs took
 * 380 to 650.
 */
export function simpleUndirected(g: CompactGraph): SimpleGraph {
  const { n, source, target, weight } = g;
  const m = source.length;
  const start = new Int32Array(n + 1);
  for (let e = 0; e < m; e++) if (source[e] !== target[e]) start[Math.min(source[e]!, target[e]!) + 1]!++;
  for (let i = 0; i < n; i++) start[i + 1]! += start[i]!;
  const fill = start.slice(0, n);
  const bucket = new Int32Array(start[n]!);
  for (let e = 0; e < m; e++) if (source[e] !== target[e]) bucket[fill[Math.min(source[e]!, target[e]!)]!++] = e;
  // first[e]: the pair's first tie, for every tie (-1 for a self-tie).
  const first = new Int32Array(m).fill(-1);
  const stamp = new Int32Array(n).fill(-1);
  const firstOf = new Int32Array(n);
  let pairs = 0;
  for (let lo = 0; lo < n; lo++) {
    for (let k = start[lo]!; k < start[lo + 1]!; k++) {
      const e = bucket[k]!;
      const hi = source[e]! === lo ? target[e]! : source[e]!;
      if (stamp[hi] !== lo) {
        stamp[hi] = lo;
        firstOf[hi] = e;
        pairs++;
      }
      first[e] = firstOf[hi]!;
    }
  }
  const slot = new Int32Array(m);
  const out = { n, source: new Int32Array(pairs), target: new Int32Array(pairs), weight: new Float64Array(pairs) };
  let p = 0;
  for (let e = 0; e < m; e++) {
    const f = first[e]!;
    if (f < 0) continue;
    if (f === e) {
      slot[e] = p;
      out.source[p] = source[e]!;
      out.target[p] = target[e]!;
      p++;
    }
    out.weight[slot[f]!]! += weight[e]!;
  }
  return out;
}

/** Neighbours of i at adj[offsets[i] .. offsets[i + 1]), filled backwards from the last tie (as graphology's index). */
export interface Adjacency {
  offsets: Int32Array;
  adj: Int32Array;
  weights: Float64Array;
}

/** Both ends' neighbours of `n` nodes from tie lists (a tie appears in both rows), as offsets into one array. */
export function undirectedRows(
  n: number,
  source: ArrayLike<number>,
  target: ArrayLike<number>,
): { offsets: Int32Array; adj: Int32Array } {
  const offsets = new Int32Array(n + 1);
  for (let k = 0; k < source.length; k++) {
    offsets[source[k]! + 1]!++;
    offsets[target[k]! + 1]!++;
  }
  for (let i = 0; i < n; i++) offsets[i + 1]! += offsets[i]!;
  const fill = offsets.slice(0, n);
  const adj = new Int32Array(2 * source.length);
  for (let k = 0; k < source.length; k++) {
    adj[fill[source[k]!]!++] = target[k]!;
    adj[fill[target[k]!]!++] = source[k]!;
  }
  return { offsets, adj };
}

export function undirectedAdjacency(s: SimpleGraph): Adjacency {
  const starts = new Int32Array(s.n + 1);
  for (let e = 0; e < s.source.length; e++) {
    starts[s.source[e]! + 1]!++;
    starts[s.target[e]! + 1]!++;
  }
  for (let i = 0; i < s.n; i++) starts[i + 1]! += starts[i]!;
  const offsets = starts.slice();
  const end = starts.slice(1);
  const adj = new Int32Array(starts[s.n]!);
  const weights = new Float64Array(starts[s.n]!);
  for (let e = 0; e < s.source.length; e++) {
    const a = s.source[e]!;
    const b = s.target[e]!;
    const at = --end[a]!;
    const bt = --end[b]!;
    adj[at] = b;
    adj[bt] = a;
    weights[at] = s.weight[e]!;
    weights[bt] = s.weight[e]!;
  }
  return { offsets, adj, weights };
}

/**
 * PageRank by power iteration, ties unweighted, dangling nodes' rank spread evenly (graphology-metrics' pagerank,
 * step for step, so the values are the same to the last bit). Throws when it does not converge.
 */
export function pageRank(
  g: CompactGraph,
  opts: { alpha: number; maxIterations: number; tolerance: number } = {
    alpha: 0.85,
    maxIterations: 200,
    tolerance: 1e-9,
  },
): Float64Array {
  const n = g.n;
  if (n === 0) return new Float64Array(0);
  // Outgoing ties of each node (both directions of an undirected tie).
  const from = g.directed ? g.source : concat(g.source, g.target);
  const to = g.directed ? g.target : concat(g.target, g.source);
  const { offsets, adj } = adjacencyOf(n, from, to);
  const { alpha, maxIterations, tolerance } = opts;
  const p = 1 / n;
  const share = new Float64Array(n);
  const dangling: number[] = [];
  for (let i = 0; i < n; i++) {
    const d = offsets[i + 1]! - offsets[i]!;
    if (d === 0) dangling.push(i);
    else share[i] = 1 / d;
  }
  let x = new Float64Array(n).fill(p);
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    const last = x;
    x = new Float64Array(n);
    let dangleSum = 0;
    for (const i of dangling) dangleSum += last[i]!;
    dangleSum *= alpha;
    for (let i = 0; i < n; i++) {
      const contribution = alpha * last[i]! * share[i]!;
      for (let k = offsets[i]!, end = offsets[i + 1]!; k < end; k++) x[adj[k]!]! += contribution;
      x[i]! += dangleSum * p + (1 - alpha) * p;
    }
    let error = 0;
    for (let i = 0; i < n; i++) error += Math.abs(x[i]! - last[i]!);
    if (error < n * tolerance) return x;
  }
  throw new Error("analytics: pagerank did not converge");
}

function concat(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/**
 * Brandes' betweenness over a range of sources on the simple undirected graph, unnormalized and counted from both
 * ends of each pair. Predecessors are kept in each node's own slice of the adjacency array, so the backward pass
 * visits only shortest-path edges. With weights, a source counts for `weight[s]` sources and a target for
 * `weight[t]` targets (the trees folded into them, the twins merged into them); with multiplicities, a path through
 * node v counts `mult[v]` times (the twins merged into v, any of which it can take) and v's dependency is its class's.
 */
export function brandes(
  a: Pick<Adjacency, "offsets" | "adj"> & {
    /** Nodes each node stands for (a folded core, see leaf-folding.ts); 1 each when absent. */
    weight?: Float64Array | null;
    /** Alternative nodes each node stands for on a path (merged twins, see twins.ts); 1 each when absent. */
    mult?: Float64Array | null;
  },
  sources: ArrayLike<number>,
  /** Also sums each node's squared dependencies (for a sample's error), in a second array returned after the first. */
  squares = false,
  /** Where to add the sums (a fresh array when not given). */
  into?: Float64Array,
): Float64Array {
  const { offsets, adj } = a;
  const n = offsets.length - 1;
  const cb = into ?? new Float64Array(squares ? 2 * n : n);
  const sigma = new Float64Array(n);
  const delta = new Float64Array(n);
  const dist = new Int32Array(n).fill(-1);
  const order = new Int32Array(n);
  const predCount = new Int32Array(n);
  const preds = new Int32Array(adj.length);
  const weight = a.weight ?? new Float64Array(n).fill(1);
  const mult = a.mult ?? null;
  for (let si = 0; si < sources.length; si++) {
    const s = sources[si]!;
    const ws = weight[s]!;
    sigma[s] = 1;
    dist[s] = 0;
    let head = 0;
    let tail = 0;
    order[tail++] = s;
    while (head < tail) {
      const v = order[head++]!;
      const next = dist[v]! + 1;
      // Paths to one member of v, times the members a path can pass through (the source stands for itself).
      const sv = mult && v !== s ? sigma[v]! * mult[v]! : sigma[v]!;
      for (let k = offsets[v]!, end = offsets[v + 1]!; k < end; k++) {
        const w = adj[k]!;
        let dw = dist[w]!;
        if (dw < 0) {
          dist[w] = dw = next;
          order[tail++] = w;
        }
        if (dw === next) {
          sigma[w]! += sv;
          preds[offsets[w]! + predCount[w]!++] = v;
        }
      }
    }
    for (let i = tail - 1; i > 0; i--) {
      const w = order[i]!;
      const coeff = (weight[w]! + (mult ? mult[w]! * delta[w]! : delta[w]!)) / sigma[w]!;
      for (let k = offsets[w]!, end = k + predCount[w]!; k < end; k++) {
        const v = preds[k]!;
        delta[v]! += sigma[v]! * coeff;
      }
      cb[w]! += ws * delta[w]!;
      if (squares) cb[n + w]! += delta[w]! * delta[w]!;
    }
    for (let i = 0; i < tail; i++) {
      const v = order[i]!;
      sigma[v] = 0;
      delta[v] = 0;
      dist[v] = -1;
      predCount[v] = 0;
    }
  }
  return cb;
}

/** The sources Brandes' algorithm starts from: all, or `sample` of them drawn by a Fisher-Yates shuffle. */
function betweennessSources(n: number, opts: { sample?: number; rng?: () => number }): Int32Array {
  const sources = Int32Array.from({ length: n }, (_, i) => i);
  if (opts.sample === undefined || opts.sample >= n) return sources;
  const rng = opts.rng ?? Math.random;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [sources[i], sources[j]] = [sources[j]!, sources[i]!];
  }
  return sources.slice(0, opts.sample);
}

/** Halves (each pair is counted from both ends), scales sampled sources up to all sources, normalizes by pairs. */
function betweennessScale(n: number, sources: number): number {
  const norm = n > 2 ? ((n - 1) * (n - 2)) / 2 : 1;
  return n / sources / 2 / norm;
}

function normalizeBetweenness(cb: Float64Array, n: number, sources: number): Float64Array {
  const scale = betweennessScale(n, sources);
  const out = cb.length === n ? cb : cb.slice(0, n);
  for (let i = 0; i < n; i++) out[i]! *= scale;
  return out;
}

/** How a betweenness was computed: exactly, or from a sample of sources with its measured error. */
export interface BetweennessMethod {
  method: "exact" | "sampled";
  /** Sources (pivots) the shortest paths were counted from. */
  pivots: number;
  nodes: number;
  /** Sampled: the confidence of `error` (0.95). */
  confidence: number | null;
  /**
   * Sampled: the half-width of the 95% confidence interval of each node's value, from the spread of its per-source
   * dependencies in the sample (a standard error with finite-population correction, times 1.96).
   */
  error: Float64Array | null;
}

export interface BetweennessResult {
  values: Float64Array;
  sampled: number | null;
  method: BetweennessMethod;
}

/** Turns summed dependencies (and their squares) into normalized values and, for a sample, each value's error. */
function betweennessResult(sums: Float64Array, n: number, pivots: number): BetweennessResult {
  const sampled = pivots < n;
  const scale = betweennessScale(n, pivots);
  const values = new Float64Array(n);
  const error = sampled && sums.length === 2 * n ? new Float64Array(n) : null;
  for (let i = 0; i < n; i++) {
    values[i] = sums[i]! * scale;
    if (error && pivots > 1) {
      // One source's contribution to the mean, as the estimator scales it.
      const unit = scale * pivots;
      const mean = sums[i]! / pivots;
      const variance = Math.max(0, (sums[n + i]! - pivots * mean * mean) / (pivots - 1));
      const fpc = (n - pivots) / Math.max(1, n - 1);
      error[i] = 1.96 * unit * Math.sqrt((variance / pivots) * fpc);
    }
  }
  return {
    values,
    sampled: sampled ? pivots : null,
    method: {
      method: sampled ? "sampled" : "exact",
      pivots,
      nodes: n,
      confidence: error ? 0.95 : null,
      error,
    },
  };
}

/**
 * Normalized betweenness of the simple undirected graph, exact or from `sample` random sources (scaled up to all
 * sources), reporting the sample size.
 */
export function betweenness(
  s: SimpleGraph,
  opts: { sample?: number; rng?: () => number } = {},
): { values: Float64Array; sampled: number | null } {
  const sources = betweennessSources(s.n, opts);
  const cb = brandes(undirectedAdjacency(s), sources);
  return {
    values: normalizeBetweenness(cb, s.n, sources.length),
    sampled: sources.length < s.n ? sources.length : null,
  };
}

/**
 * Below this much work (sources times adjacency entries, about 0.1 s on one core), a second thread costs more than it
 * saves (a job to a started thread costs about a millisecond).
 */
const PARALLEL_WORK = 20_000_000;
/** The worker threads that run Brandes' algorithm beside the calling thread. */
export const BRANDES_WORKER = new URL("./brandes-worker.ts", import.meta.url);

/**
 * Work of an exact betweenness (sources times adjacency entries and nodes) above which the default becomes a
 * sampled estimate: 10,500 / 50,000 (1.1 × 10⁹) stays exact. A unit costs 40 ns at 10,000 nodes and about 100 ns at
 * 100,000 (memory locality) on one busy core of the reference machine.
 */
export const DEFAULT_EXACT_WORK = 2_500_000_000;
/** Work of the default estimate: as many sources as fit it, at least 100 (100 at 105,000 / 1,000,000). */
export const DEFAULT_SAMPLE_WORK = 150_000_000;

/** Sources taken from the shared counter at a time: small enough to even out threads of unequal speed. */
const CHUNK = 16;

/**
 * The sources a thread takes, a chunk at a time, from a counter shared with the other threads, until none is left:
 * a thread slowed by other work on its core simply takes fewer chunks.
 */
export function brandesShared(job: {
  offsets: Int32Array;
  adj: Int32Array;
  weight: Float64Array | null;
  mult?: Float64Array | null;
  sources: Int32Array;
  counter: Int32Array;
  squares: boolean;
}): Float64Array {
  const n = job.offsets.length - 1;
  const sums = new Float64Array(job.squares ? 2 * n : n);
  for (;;) {
    const at = Atomics.add(job.counter, 0, CHUNK);
    if (at >= job.sources.length) return sums;
    brandes(job, job.sources.subarray(at, Math.min(at + CHUNK, job.sources.length)), job.squares, sums);
  }
}

/** A copy of a typed array in shared memory, which worker threads read where it is. */
function shared<T extends Int32Array | Float64Array>(a: T): T {
  const out = new (a.constructor as new (b: SharedArrayBuffer) => T)(new SharedArrayBuffer(a.byteLength));
  out.set(a);
  return out;
}

/**
 * Betweenness over the machine's cores: exact when its work (sources times adjacency entries) is at most
 * `exactWork`, else (or when `sample` is given) from random sources, as many as fit `sampleWork`, with
 * each value's measured error. An exact betweenness first folds the graph's degree-1 trees (leaf-folding.ts), merges
 * the closed twins of the core that remains (twins.ts) and runs Brandes' algorithm on its classes. This thread and
 * worker threads take sources from one shared counter, so an idle core doubles the speed and a busy one costs
 * nothing; the adjacency is shared with them, not copied.
 */
export async function betweennessInParallel(
  s: SimpleGraph,
  opts: {
    sample?: number;
    rng?: () => number;
    threads?: number;
    minWork?: number;
    exactWork?: number;
    sampleWork?: number;
    minPivots?: number;
    /** Exact betweenness without folding the degree-1 trees (the reference the folded one is tested against). */
    unfolded?: boolean;
  } = {},
): Promise<BetweennessResult> {
  const a = undirectedAdjacency(s);
  let sample = opts.sample;
  const exactLimit = opts.exactWork ?? DEFAULT_EXACT_WORK;
  let folded = sample === undefined && !opts.unfolded ? foldLeaves(a.offsets, a.adj) : null;
  // Merging twins shrinks cliques (a projection's partnerships); a core far beyond the exact bound stays sampled.
  const merged =
    folded &&
    folded.coreNodes.length * (folded.core.adj.length + folded.coreNodes.length) <= 20 * exactLimit &&
    mergeClosedTwins(folded.core.offsets, folded.core.adj, folded.weight);
  // A source's work: its breadth-first search visits every adjacency entry and every node.
  const exactWork = merged
    ? merged.mult.length * (merged.graph.adj.length + merged.mult.length)
    : folded
      ? folded.coreNodes.length * (folded.core.adj.length + folded.coreNodes.length)
      : s.n * (a.adj.length + s.n);
  if (sample === undefined && exactWork > exactLimit) {
    const fit = Math.floor((opts.sampleWork ?? DEFAULT_SAMPLE_WORK) / Math.max(1, a.adj.length + s.n));
    sample = Math.min(s.n, Math.max(opts.minPivots ?? 100, fit));
    folded = null;
  }
  const graph = !folded
    ? { ...a, weight: null, mult: null }
    : merged
      ? { ...merged.graph, weight: merged.weight, mult: merged.mult }
      : { ...folded.core, weight: folded.weight, mult: null };
  const sources = folded
    ? Int32Array.from({ length: graph.offsets.length - 1 }, (_, i) => i)
    : betweennessSources(s.n, { sample, rng: opts.rng });
  const squares = sources.length < s.n && !folded;
  const threads = Math.max(1, Math.min(opts.threads ?? availableParallelism(), 8));
  const job = {
    offsets: shared(graph.offsets),
    adj: shared(graph.adj),
    weight: graph.weight && shared(graph.weight),
    mult: graph.mult && shared(graph.mult),
    sources: shared(sources),
    squares,
  };
  const counter = new Int32Array(new SharedArrayBuffer(4));
  let sums: Float64Array;
  if (threads === 1 || sources.length * graph.adj.length < (opts.minWork ?? PARALLEL_WORK)) {
    sums = brandesShared({ ...job, counter });
  } else {
    const others = Array.from({ length: threads - 1 }, () =>
      runInWorker<Float64Array>(BRANDES_WORKER, { ...job, counter }),
    );
    sums = brandesShared({ ...job, counter });
    for (const part of await Promise.all(others)) for (let i = 0; i < sums.length; i++) sums[i]! += part[i]!;
  }
  if (!folded) return betweennessResult(sums, s.n, sources.length);
  const all = folded.treePairs;
  for (let c = 0; c < folded.coreNodes.length; c++)
    all[folded.coreNodes[c]!]! += sums[merged ? merged.classOf[c]! : c]!;
  return betweennessResult(all, s.n, s.n);
}

export interface LouvainResult {
  /** Community of each node, numbered 0.. in order of first appearance by node index. */
  communities: Int32Array;
  count: number;
  /** Newman's modularity (resolution 1) of the partition on the weighted graph. */
  modularity: number;
}

/**
 * Louvain on the simple undirected weighted graph: local moves from a queue started at a random node (one draw of
 * `rng` per level), ties between equal gains broken towards the higher community id, then aggregation of each
 * community into one node, until no node moves. This is graphology-communities-louvain's algorithm with its default
 * options, in the same order of operations, so the same seed gives graphology's own partition.
 */
export function louvain(s: SimpleGraph, opts: { resolution: number; rng: () => number }): LouvainResult {
  const N = s.n;
  if (s.source.length === 0) {
    return { communities: Int32Array.from({ length: N }, (_, i) => i), count: N, modularity: 0 };
  }
  const { offsets, adj, weights } = undirectedAdjacency(s);
  let starts = offsets;
  let neighborhood = adj;
  let edgeWeights = weights;
  const resolution = opts.resolution;
  let M = 0;
  for (let e = 0; e < s.weight.length; e++) M += s.weight[e]!;
  let C = N;
  const belongings = Int32Array.from({ length: N }, (_, i) => i);
  const counts = new Int32Array(N).fill(1);
  const unused = new Int32Array(N);
  let U = 0;
  const loops = new Float64Array(N);
  const totalWeights = new Float64Array(N);
  for (let e = 0; e < s.source.length; e++) {
    totalWeights[s.source[e]!]! += s.weight[e]!;
    totalWeights[s.target[e]!]! += s.weight[e]!;
  }
  const mapping = Int32Array.from({ length: N }, (_, i) => i);
  // The neighbouring communities of the node being moved, in order of first sight, and the weight towards each.
  const towards = new Float64Array(N);
  const seenAt = new Int32Array(N).fill(-1);
  const dense = new Int32Array(N);
  // A FIFO queue without duplicates, kept across levels.
  const queue = new Int32Array(N);
  const queued = new Uint8Array(N);
  let qStart = 0;
  let qSize = 0;
  const enqueue = (v: number) => {
    if (queued[v]) return;
    queued[v] = 1;
    queue[(qStart + qSize) % N] = v;
    qSize++;
  };
  let visit = 0;

  for (let moveWasMade = true; moveWasMade;) {
    moveWasMade = false;
    const l = C;
    const M2 = 2 * M;
    let ri = Math.floor(opts.rng() * l);
    for (let k = 0; k < l; k++, ri++) enqueue(ri % l);
    while (qSize > 0) {
      const i = queue[qStart]!;
      qStart = (qStart + 1) % N;
      qSize--;
      queued[i] = 0;
      visit++;
      let size = 0;
      let degree = 0;
      const current = belongings[i]!;
      for (let k = starts[i]!, end = starts[i + 1]!; k < end; k++) {
        const c = belongings[neighborhood[k]!]!;
        const w = edgeWeights[k]!;
        degree += w;
        if (seenAt[c] !== visit) {
          seenAt[c] = visit;
          towards[c] = 0;
          dense[size++] = c;
        }
        towards[c]! += w;
      }
      const own = degree + loops[i]!;
      const towardsCurrent = seenAt[current] === visit ? towards[current]! : 0;
      let bestDelta = towardsCurrent - (own * (totalWeights[current]! - own) * resolution) / M2;
      let best = current;
      for (let k = 0; k < size; k++) {
        const c = dense[k]!;
        if (c === current) continue;
        const delta = towards[c]! - (own * totalWeights[c]! * resolution) / M2;
        const better = Math.abs(delta - bestDelta) < 1e-10 ? best !== current && c > best : delta > bestDelta;
        if (better) {
          bestDelta = delta;
          best = c;
        }
      }
      if (bestDelta < 0) {
        // Better alone than in its own community (possible with a resolution other than 1): back to a singleton.
        if (counts[current] === 1) continue;
        best = unused[--U]!;
        totalWeights[current]! -= own;
        totalWeights[best]! += own;
        belongings[i] = best;
        counts[current]!--;
        counts[best]!++;
      } else {
        if (best === current) continue;
        totalWeights[current]! -= own;
        totalWeights[best]! += own;
        belongings[i] = best;
        if (counts[current]!-- === 1) unused[U++] = current;
        counts[best]!++;
      }
      moveWasMade = true;
      for (let k = starts[i]!, end = starts[i + 1]!; k < end; k++) {
        const j = neighborhood[k]!;
        if (belongings[j] !== best) enqueue(j);
      }
    }
    if (!moveWasMade) break;

    // Aggregate: communities become nodes, numbered in order of first appearance.
    const label = new Int32Array(N).fill(-1);
    const before = new Int32Array(C);
    let next = 0;
    for (let i = 0; i < C; i++) {
      const c = belongings[i]!;
      if (label[c] === -1) {
        before[next] = c;
        label[c] = next++;
      }
      belongings[i] = label[c]!;
    }
    for (let i = 0; i < N; i++) mapping[i] = belongings[mapping[i]!]!;
    // Members of each community in node order, then each community's ties to the others, by ascending id.
    const memberStart = new Int32Array(next + 1);
    for (let i = 0; i < C; i++) memberStart[belongings[i]! + 1]!++;
    for (let c = 0; c < next; c++) memberStart[c + 1]! += memberStart[c]!;
    const members = new Int32Array(C);
    const fill = memberStart.slice(0, next);
    for (let i = 0; i < C; i++) members[fill[belongings[i]!]!++] = i;
    const newStarts = new Int32Array(next + 1);
    const newNeighborhood: number[] = [];
    const newWeights: number[] = [];
    const newLoops = new Float64Array(next);
    const newTotals = new Float64Array(next);
    for (let c = 0; c < next; c++) {
      newStarts[c] = newNeighborhood.length;
      visit++;
      let size = 0;
      let internal = 0;
      for (let m = memberStart[c]!; m < memberStart[c + 1]!; m++) {
        const i = members[m]!;
        internal += loops[i]!;
        for (let k = starts[i]!, end = starts[i + 1]!; k < end; k++) {
          const d = belongings[neighborhood[k]!]!;
          if (d === c) {
            internal += edgeWeights[k]!;
            continue;
          }
          if (seenAt[d] !== visit) {
            seenAt[d] = visit;
            towards[d] = 0;
            dense[size++] = d;
          }
          towards[d]! += edgeWeights[k]!;
        }
      }
      const ids = Array.from(dense.subarray(0, size)).sort((x, y) => x - y);
      for (const d of ids) {
        newNeighborhood.push(d);
        newWeights.push(towards[d]!);
      }
      newLoops[c] = internal;
      newTotals[c] = totalWeights[before[c]!]!;
    }
    newStarts[next] = newNeighborhood.length;
    C = next;
    starts = newStarts;
    neighborhood = Int32Array.from(newNeighborhood);
    edgeWeights = Float64Array.from(newWeights);
    for (let c = 0; c < C; c++) {
      loops[c] = newLoops[c]!;
      totalWeights[c] = newTotals[c]!;
      counts[c] = 1;
      belongings[c] = c;
    }
    U = 0;
  }
  return { communities: mapping, count: C, modularity: modularity(s, mapping) };
}

/** Newman's modularity of a partition of the simple undirected weighted graph (resolution 1). */
export function modularity(s: SimpleGraph, community: ArrayLike<number>): number {
  let M = 0;
  const internal = new Map<number, number>();
  const total = new Map<number, number>();
  for (let e = 0; e < s.source.length; e++) {
    const w = s.weight[e]!;
    const a = community[s.source[e]!]!;
    const b = community[s.target[e]!]!;
    M += w;
    total.set(a, (total.get(a) ?? 0) + w);
    total.set(b, (total.get(b) ?? 0) + w);
    if (a === b) internal.set(a, (internal.get(a) ?? 0) + 2 * w);
  }
  if (M === 0) return 0;
  let q = 0;
  for (const [c, t] of total) q += (internal.get(c) ?? 0) / (2 * M) - (t / (2 * M)) ** 2;
  return q;
}

/**
 * Krackhardt and Stern's E-I index of each group over a tie list, as measures.eiIndex counts it: a tie inside a
 * group counts once for each of its two members (internal), a tie between groups once for each side (external).
 * `ties[k]`, when given, says how many ties the k-th entry stands for.
 */
export function eiIndex(
  source: ArrayLike<number>,
  target: ArrayLike<number>,
  group: ArrayLike<number>,
  ties?: ArrayLike<number>,
): { byGroup: Map<number, number>; overall: number } {
  const ext = new Map<number, number>();
  const int = new Map<number, number>();
  let e = 0;
  let i = 0;
  for (let k = 0; k < source.length; k++) {
    const x = group[source[k]!]!;
    const y = group[target[k]!]!;
    const t = ties ? ties[k]! : 1;
    if (x === y) {
      int.set(x, (int.get(x) ?? 0) + 2 * t);
      i += t;
    } else {
      ext.set(x, (ext.get(x) ?? 0) + t);
      ext.set(y, (ext.get(y) ?? 0) + t);
      e += t;
    }
  }
  const byGroup = new Map<number, number>();
  for (const g of new Set([...ext.keys(), ...int.keys()])) {
    const E = ext.get(g) ?? 0;
    const I = int.get(g) ?? 0;
    byGroup.set(g, (E - I) / (E + I));
  }
  return { byGroup, overall: e + i ? (e - i) / (e + i) : 0 };
}
