/**
 * API JSON to a graphology graph ready for Sigma: every node gets numeric x/y (the server's layout, or a spiral
 * when it has none), a colour and a size; every edge a colour and a size. Edges keep their relationship type in
 * `type` (as in the API); the renderer picks the drawing program. Reads graphology's serialization format and the
 * API's compact columnar format (`format=columns`, for large networks) into the same graph, through the shared
 * wire format's decoder (shared/wire.ts). Pure and tested.
 */
import Graph from "graphology";
import { nodeColor, nodeSize, spiralPoint } from "../../shared/appearance.ts";
import { REL_COLORS } from "../../shared/palette.ts";
import { columnarEdgeKey, decodeRows, type ColumnarGraph, type SerializedGraph } from "../../shared/wire.ts";

export type { ColumnarGraph, SerializedGraph };
export { nodeColor };

/** The API's graph answer in either layout; `options` may be left out (graphology's default is ours). */
export type GraphAnswer = ColumnarGraph | (Omit<SerializedGraph, "options"> & { options?: SerializedGraph["options"] });

/** Adds what Sigma draws to a node's API attributes (in place): position, label, size, colour, shape. */
function decorateNode(a: Record<string, any>, i: number, maxDegree: number): Record<string, any> {
  if (typeof a.x !== "number" || typeof a.y !== "number") Object.assign(a, spiralPoint(i));
  a.fullName = a.label;
  if (a.acronym && a.label.length > 28) a.label = `${a.acronym}`;
  a.size = nodeSize(a.degree ?? 0, maxDegree);
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

export function buildGraph(data: GraphAnswer): Graph {
  if ("format" in data && data.format === "columns") return buildFromColumns(data);
  const { nodes, edges } = data as SerializedGraph & { nodes: { attributes: Record<string, any> }[] };
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

/** The columnar format straight into graphology, without building the serialization format first. */
function buildFromColumns(data: ColumnarGraph): Graph {
  const graph = newGraph();
  const keys = data.nodes.keys;
  const nodeAttrs: Record<string, any>[] = decodeRows(data.nodes.columns, keys.length);
  let maxDegree = 1;
  for (const a of nodeAttrs) maxDegree = Math.max(maxDegree, a.degree ?? 0);
  for (let i = 0; i < keys.length; i++) graph.addNode(keys[i]!, decorateNode(nodeAttrs[i]!, i, maxDegree));
  const { source, target } = data.edges;
  const edgeAttrs: Record<string, any>[] = decodeRows(data.edges.columns, source.length);
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

/** Rescales node sizes to a metric's values (missing values count as zero). */
export function applySizes(graph: Graph, values: Record<string, number> | null): void {
  const get = (k: string, a: Record<string, any>) => (values ? (values[k] ?? 0) : (a.degree ?? 0));
  let max = 0;
  graph.forEachNode((k, a) => (max = Math.max(max, get(k, a))));
  graph.forEachNode((k, a) => graph.setNodeAttribute(k, "size", nodeSize(get(k, a), max)));
}
