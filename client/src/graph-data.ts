/**
 * API JSON to a graphology graph ready for Sigma: every node gets numeric x/y (the server's layout, or a spiral
 * when it has none), a colour and a size; every edge a colour and a type. Pure and tested.
 */
import Graph from "graphology";
import { CLUSTER_COLORS, PARTNERSHIP_COLOR, REL_COLORS, SECTOR_COLORS } from "../../server/core/palette.ts";

export interface SerializedGraph {
  attributes: Record<string, unknown>;
  nodes: { key: string; attributes: Record<string, any> }[];
  edges: { key: string; source: string; target: string; attributes: Record<string, any> }[];
}

export const sizeFor = (value: number, max: number) => (max > 0 ? 3 + 15 * Math.sqrt(value / max) : 4);

export function buildGraph(data: SerializedGraph): Graph {
  const graph = new Graph({ type: "directed", multi: true, allowSelfLoops: false });
  const golden = Math.PI * (3 - Math.sqrt(5));
  const maxDegree = Math.max(1, ...data.nodes.map((n) => n.attributes.degree ?? 0));
  data.nodes.forEach((n, i) => {
    const a = n.attributes;
    const hasPosition = typeof a.x === "number" && typeof a.y === "number";
    const r = Math.sqrt(i + 0.5) * 10;
    graph.addNode(n.key, {
      ...a,
      x: hasPosition ? a.x : r * Math.cos(i * golden),
      y: hasPosition ? a.y : r * Math.sin(i * golden),
      label: a.acronym && a.label.length > 28 ? `${a.acronym}` : a.label,
      fullName: a.label,
      size: sizeFor(a.degree ?? 0, maxDegree),
      color: nodeColor(a),
      type: a.entity === "Partnership" ? "square" : "circle",
    });
  });
  for (const e of data.edges) {
    if (!graph.hasNode(e.source) || !graph.hasNode(e.target)) continue;
    graph.addDirectedEdgeWithKey(e.key, e.source, e.target, {
      ...e.attributes,
      relType: e.attributes.type,
      type: "arrow",
      size: e.attributes.type === "FUNDS" ? 1.5 : 1,
      color: REL_COLORS[e.attributes.type as keyof typeof REL_COLORS] ?? "#999",
    });
  }
  return graph;
}

export function nodeColor(a: Record<string, any>, cluster?: number): string {
  if (cluster !== undefined) return CLUSTER_COLORS[cluster % CLUSTER_COLORS.length]!;
  if (a.entity === "Partnership") return PARTNERSHIP_COLOR;
  return SECTOR_COLORS[a.sector as keyof typeof SECTOR_COLORS] ?? SECTOR_COLORS.Other;
}

/** Rescales node sizes to a metric's values (missing values count as zero). */
export function applySizes(graph: Graph, values: Record<string, number> | null): void {
  const get = (k: string, a: Record<string, any>) => (values ? (values[k] ?? 0) : (a.degree ?? 0));
  let max = 0;
  graph.forEachNode((k, a) => (max = Math.max(max, get(k, a))));
  graph.forEachNode((k, a) => graph.setNodeAttribute(k, "size", sizeFor(get(k, a), max)));
}
