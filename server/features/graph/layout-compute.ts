/**
 * The stable layout the explorer opens with: ForceAtlas2 over the whole network, from a seeded start, so the same
 * data always gives the same picture. Pure; run in a worker thread by layout.ts.
 */
import Graph from "graphology";
import forceAtlas2 from "graphology-layout-forceatlas2";
import { spiralPoint } from "../../../shared/appearance.ts";

export interface LayoutInput {
  nodes: string[];
  edges: [string, string][];
}
export type Positions = Record<string, [number, number]>;

/** Iterations by size: many for a small network, a few with Barnes-Hut for a large one. */
export function iterationsFor(order: number): number {
  if (order <= 2000) return 600;
  if (order <= 20_000) return 150;
  return 40;
}

export function computeLayout(input: LayoutInput, seed = 7): Positions {
  const graph = new Graph({ type: "undirected", multi: false });
  input.nodes.forEach((key, i) => graph.addNode(key, spiralPoint(i, 10, seed)));
  for (const [s, t] of input.edges) if (s !== t && graph.hasNode(s) && graph.hasNode(t)) graph.mergeEdge(s, t);
  const settings = { ...forceAtlas2.inferSettings(graph), barnesHutOptimize: graph.order > 2000 };
  forceAtlas2.assign(graph, { iterations: iterationsFor(graph.order), settings });
  const out: Positions = {};
  graph.forEachNode((key, a) => (out[key] = [Math.round(a.x * 100) / 100, Math.round(a.y * 100) / 100]));
  return out;
}
