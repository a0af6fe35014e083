/**
 * The stable layout the explorer opens with: ForceAtlas2 over the whole network, from a seeded start, so the same
 * data always gives the same picture. Pure; run in a worker thread by layout.ts.
 */
import forceAtlas2 from "graphology-layout-forceatlas2";
import DEFAULTS from "graphology-layout-forceatlas2/defaults.js";
import iterate from "graphology-layout-forceatlas2/iterate.js";
import { spiralPoint } from "../../../shared/appearance.ts";

/** The network to lay out: `n` nodes (by index, in id order) and its ties as pairs of node indices. */
export interface LayoutInput {
  n: number;
  source: Int32Array;
  target: Int32Array;
}
export type Positions = Record<string, [number, number]>;

/** Iterations by size: many for a small network, a few with Barnes-Hut for a large one. */
export function iterationsFor(order: number): number {
  if (order <= 2000) return 600;
  if (order <= 20_000) return 150;
  return 40;
}

/** Entries per node and per edge in ForceAtlas2's matrices (graphology-layout-forceatlas2's helpers.js). */
const PPN = 10;
const PPE = 3;

/**
 * ForceAtlas2's node and edge matrices, as the library's `graphToByteArrays` makes them from a graphology graph,
 * straight from the tie arrays (building the graph first took 7 s at 105,000 / 1,000,000): each node at its seeded
 * spiral start with mass 1 plus its degree, each tied pair once in the order first tied, unit weights, self-ties and
 * stray indices left out.
 */
function layoutMatrices(input: LayoutInput, seed: number): { nodes: Float32Array; edges: Float32Array } {
  const nodes = new Float32Array(input.n * PPN);
  for (let i = 0; i < input.n; i++) {
    const { x, y } = spiralPoint(i, 10, seed);
    nodes.set([x, y, 0, 0, 0, 0, 1, 1, 1, 0], i * PPN);
  }
  const seen = new Set<number>();
  const pairs: number[] = [];
  for (let e = 0; e < input.source.length; e++) {
    const s = input.source[e]!;
    const t = input.target[e]!;
    if (s === t || s < 0 || t < 0 || s >= input.n || t >= input.n) continue;
    const key = Math.min(s, t) * input.n + Math.max(s, t);
    if (seen.has(key)) continue;
    seen.add(key);
    pairs.push(s, t);
  }
  const edges = new Float32Array((pairs.length / 2) * PPE);
  for (let k = 0; k < pairs.length; k += 2) {
    const [s, t] = [pairs[k]! * PPN, pairs[k + 1]! * PPN];
    nodes[s + 6]! += 1;
    nodes[t + 6]! += 1;
    edges.set([s, t, 1], (k / 2) * PPE);
  }
  return { nodes, edges };
}

/**
 * Positions by node index, x and y interleaved (rounded to hundredths): the library's ForceAtlas2 `assign`, its
 * settings inferred from the size. `between` runs before each iteration: a layout in the background yields there to
 * work a researcher waits for.
 */
export function computeLayout(input: LayoutInput, seed = 7, between: () => void = () => {}): Float64Array {
  const settings = { ...DEFAULTS, ...forceAtlas2.inferSettings(input.n), barnesHutOptimize: input.n > 2000 };
  const matrices = layoutMatrices(input, seed);
  for (let i = iterationsFor(input.n); i > 0; i--) {
    between();
    iterate(settings, matrices.nodes, matrices.edges);
  }
  const out = new Float64Array(2 * input.n);
  for (let i = 0; i < input.n; i++) {
    out[2 * i] = Math.round(matrices.nodes[i * PPN]! * 100) / 100;
    out[2 * i + 1] = Math.round(matrices.nodes[i * PPN + 1]! * 100) / 100;
  }
  return out;
}
