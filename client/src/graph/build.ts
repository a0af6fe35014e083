/**
 * API JSON to a graphology graph: the API's attributes as they are, every node with numeric x/y (the server's
 * layout, or a spiral when it has none). How things look (colour, size, shape, label) is not written into the
 * graph: graph/appearance.ts derives it in Sigma's reducers. Reads graphology's serialization format and the
 * API's compact columnar format (`format=columns`, for large networks) through the shared wire format's decoder
 * (shared/wire.ts). Pure and tested.
 */
import Graph from "graphology";
import { spiralPoint } from "../../../shared/appearance.ts";
import { columnarEdgeKey, decodeRows, type ColumnarGraph, type SerializedGraph } from "../../../shared/wire.ts";

export type { ColumnarGraph, SerializedGraph };

/** The API's graph answer in either layout; `options` may be left out (graphology's default is ours). */
export type GraphAnswer = ColumnarGraph | (Omit<SerializedGraph, "options"> & { options?: SerializedGraph["options"] });

const newGraph = () => new Graph({ type: "directed", multi: true, allowSelfLoops: false });

function place(a: Record<string, any>, i: number): Record<string, any> {
  if (typeof a.x !== "number" || typeof a.y !== "number") Object.assign(a, spiralPoint(i));
  return a;
}

export function buildGraph(data: GraphAnswer): Graph {
  if ("format" in data && data.format === "columns") return buildFromColumns(data);
  const { nodes, edges } = data as SerializedGraph;
  const graph = newGraph();
  nodes.forEach((n, i) => graph.addNode(n.key, place({ ...n.attributes }, i)));
  for (const e of edges) {
    if (!graph.hasNode(e.source) || !graph.hasNode(e.target)) continue;
    graph.addDirectedEdgeWithKey(e.key, e.source, e.target, { ...e.attributes });
  }
  return graph;
}

/** The columnar format straight into graphology, without building the serialization format first. */
function buildFromColumns(data: ColumnarGraph): Graph {
  const graph = newGraph();
  const keys = data.nodes.keys;
  const nodeAttrs = decodeRows(data.nodes.columns, keys.length);
  for (let i = 0; i < keys.length; i++) graph.addNode(keys[i]!, place(nodeAttrs[i]!, i));
  const { source, target } = data.edges;
  const edgeAttrs = decodeRows(data.edges.columns, source.length);
  for (let i = 0; i < source.length; i++) {
    const a = edgeAttrs[i]!;
    graph.addDirectedEdgeWithKey(columnarEdgeKey(data, i, a.type), keys[source[i]!]!, keys[target[i]!]!, a);
  }
  return graph;
}
