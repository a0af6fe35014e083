/**
 * The stable layout the explorer opens with: ForceAtlas2 over the whole network, from a seeded start, so the same
 * data always gives the same picture. Pure; run in a worker thread by layout.ts.
 */
import Graph from "graphology";
import forceAtlas2 from "graphology-layout-forceatlas2";
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

/** Positions by node index, x and y interleaved (rounded to hundredths). */
export function computeLayout(input: LayoutInput, seed = 7): Float64Array {
  const graph = new Graph({ type: "undirected", multi: false });
  for (let i = 0; i < input.n; i++) graph.addNode(i, spiralPoint(i, 10, seed));
  for (let e = 0; e < input.source.length; e++) {
    const s = input.source[e]!;
    const t = input.target[e]!;
    if (s !== t && s >= 0 && t >= 0 && s < input.n && t < input.n) graph.mergeEdge(s, t);
  }
  const settings = { ...forceAtlas2.inferSettings(graph), barnesHutOptimize: graph.order > 2000 };
  forceAtlas2.assign(graph, { iterations: iterationsFor(graph.order), settings });
  const out = new Float64Array(2 * input.n);
  graph.forEachNode((key, a) => {
    const i = Number(key);
    out[2 * i] = Math.round((a.x as number) * 100) / 100;
    out[2 * i + 1] = Math.round((a.y as number) * 100) / 100;
  });
  return out;
}
