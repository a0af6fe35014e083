/**
 * API JSON to a graphology graph ready for Sigma: every node gets numeric x/y (the server's layout, or a spiral
 * when it has none), a colour and a size; every edge a colour and a size. Edges keep their relationship type in
 * `type` (as in the API); the renderer picks the drawing program. Reads graphology's serialization format and the
 * API's compact columnar format (`format=columns`, for large networks) into the same graph. Pure and tested.
 */
import Graph from "graphology";
import { CLUSTER_COLORS, PARTNERSHIP_COLOR, REL_COLORS, SECTOR_COLORS } from "../../server/core/palette.ts";
import { columnarEdgeKey, columnValue, type Column, type ColumnarGraph } from "../../server/features/graph/payload.ts";

export type { ColumnarGraph };

export interface SerializedGraph {
  attributes: Record<string, unknown>;
  nodes: { key: string; attributes: Record<string, any> }[];
  edges: { key: string; source: string; target: string; attributes: Record<string, any> }[];
}

export const sizeFor = (value: number, max: number) => (max > 0 ? 3 + 15 * Math.sqrt(value / max) : 4);

const GOLDEN = Math.PI * (3 - Math.sqrt(5));

/** Adds what Sigma draws to a node's API attributes (in place): position, label, size, colour, shape. */
function decorateNode(a: Record<string, any>, i: number, maxDegree: number): Record<string, any> {
  if (typeof a.x !== "number" || typeof a.y !== "number") {
    const r = Math.sqrt(i + 0.5) * 10;
    a.x = r * Math.cos(i * GOLDEN);
    a.y = r * Math.sin(i * GOLDEN);
  }
  a.fullName = a.label;
  if (a.acronym && a.label.length > 28) a.label = `${a.acronym}`;
  a.size = sizeFor(a.degree ?? 0, maxDegree);
  a.color = nodeColor(a);
  a.type = a.entity === "Partnership" ? "square" : "circle";
  return a;
}

/** Adds what Sigma draws to an edge's API attributes (in place): size and colour by relationship type. */
function decorateEdge(a: Record<string, any>): Record<string, any> {
  a.relType = a.type;
  a.size = a.type === "FUNDS" ? 1.5 : 1;
  a.color = REL_COLORS[a.type as keyof typeof REL_COLORS] ?? "#999";
  return a;
}

const newGraph = () => new Graph({ type: "directed", multi: true, allowSelfLoops: false });

export function buildGraph(data: SerializedGraph | ColumnarGraph): Graph {
  if ("format" in data && data.format === "columns") return buildFromColumns(data);
  const { nodes, edges } = data as SerializedGraph;
  const graph = newGraph();
  let maxDegree = 1;
  for (const n of nodes) maxDegree = Math.max(maxDegree, n.attributes.degree ?? 0);
  nodes.forEach((n, i) => graph.addNode(n.key, decorateNode({ ...n.attributes }, i, maxDegree)));
  for (const e of edges) {
    if (!graph.hasNode(e.source) || !graph.hasNode(e.target)) continue;
    graph.addDirectedEdgeWithKey(e.key, e.source, e.target, decorateEdge({ ...e.attributes }));
  }
  return graph;
}

/** Attribute objects for the rows of a set of columns, built column by column. */
function rows(columns: Record<string, Column>, count: number): Record<string, any>[] {
  const out: Record<string, any>[] = [];
  for (let i = 0; i < count; i++) out.push({});
  for (const [name, column] of Object.entries(columns)) {
    if ("codes" in column) {
      const { dict, codes } = column;
      for (let i = 0; i < count; i++) if (codes[i]! >= 0) out[i]![name] = dict[codes[i]!];
    } else if ("values" in column) {
      const { values } = column;
      for (let i = 0; i < count; i++) if (values[i] !== null && values[i] !== undefined) out[i]![name] = values[i];
    } else {
      for (let i = 0; i < count; i++) {
        const v = columnValue(column, i);
        if (v !== undefined) out[i]![name] = v;
      }
    }
  }
  return out;
}

/** The columnar format straight into graphology, without building the serialization format first. */
function buildFromColumns(data: ColumnarGraph): Graph {
  const graph = newGraph();
  const keys = data.nodes.keys;
  const nodeAttrs = rows(data.nodes.columns, keys.length);
  let maxDegree = 1;
  for (const a of nodeAttrs) maxDegree = Math.max(maxDegree, a.degree ?? 0);
  for (let i = 0; i < keys.length; i++) graph.addNode(keys[i]!, decorateNode(nodeAttrs[i]!, i, maxDegree));
  const { source, target } = data.edges;
  const edgeAttrs = rows(data.edges.columns, source.length);
  for (let i = 0; i < source.length; i++) {
    const a = edgeAttrs[i]!;
    graph.addDirectedEdgeWithKey(
      columnarEdgeKey(data, i, a.type),
      keys[source[i]!]!,
      keys[target[i]!]!,
      decorateEdge(a),
    );
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
