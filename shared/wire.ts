/**
 * The graph answer on the wire, shared by the server (which encodes it) and the explorer (which decodes it):
 * graphology's serialization format (`SerializedGraph`), or the same graph by columns (`ColumnarGraph`,
 * `format=columns`) for large networks. One encoder (`toColumnar`) and one decoder (`decodeRows`, with
 * `fromColumnar` on top of it); pure, no Node or DOM.
 */
import { relKey } from "./model.ts";

export interface SerializedGraph {
  attributes: Record<string, unknown>;
  options: { type: "directed"; multi: true; allowSelfLoops: false };
  nodes: { key: string; attributes: Record<string, unknown> }[];
  edges: { key: string; source: string; target: string; attributes: Record<string, unknown> }[];
}

/**
 * One attribute over all nodes (or all edges), row by row. Strings that repeat and lists of strings are stored as
 * small-integer codes into a dictionary; anything else as plain values. An absent value is `null` (codes: -1).
 */
export type Column =
  { values: unknown[] } | { dict: string[]; codes: number[] } | { dict: string[]; lists: (number[] | null)[] };

/**
 * The same graph as `SerializedGraph`, by columns: each attribute name appears once, edges name their ends by
 * node index, and an edge key is left out when it is the usual `source-TYPE->target`. Several times smaller for
 * large networks, and quicker to read.
 */
export interface ColumnarGraph {
  format: "columns";
  attributes: Record<string, unknown>;
  options: SerializedGraph["options"];
  nodes: { keys: string[]; columns: Record<string, Column> };
  edges: { source: number[]; target: number[]; keys?: string[]; columns: Record<string, Column> };
}

function toColumn(values: unknown[]): Column {
  const present = values.filter((v) => v !== undefined && v !== null);
  if (present.length > 0 && present.every((v) => Array.isArray(v) && v.every((x) => typeof x === "string"))) {
    const dict: string[] = [];
    const index = new Map<string, number>();
    const code = (s: string) => {
      let c = index.get(s);
      if (c === undefined) index.set(s, (c = dict.push(s) - 1));
      return c;
    };
    return { dict, lists: values.map((v) => (Array.isArray(v) ? v.map(code) : null)) };
  }
  if (present.length > 0 && present.every((v) => typeof v === "string")) {
    const distinct = new Set(present as string[]);
    // Dictionary codes pay off when values repeat; names and ids stay as they are.
    if (distinct.size < present.length && distinct.size <= Math.max(16, present.length / 2)) {
      const dict = [...distinct];
      const index = new Map(dict.map((s, i) => [s, i]));
      return { dict, codes: values.map((v) => (typeof v === "string" ? index.get(v)! : -1)) };
    }
  }
  return { values: values.map((v) => (v === undefined ? null : v)) };
}

function toColumns(rows: Record<string, unknown>[]): Record<string, Column> {
  const names = new Set<string>();
  for (const r of rows) for (const k in r) names.add(k);
  return Object.fromEntries([...names].map((name) => [name, toColumn(rows.map((r) => r[name]))]));
}

/** A graph answer by columns (see ColumnarGraph); `fromColumnar` gives back the same graph. */
export function toColumnar(graph: SerializedGraph): ColumnarGraph {
  const index = new Map(graph.nodes.map((n, i) => [n.key, i]));
  const derivedKeys = graph.edges.every((e) => e.key === relKey(String(e.attributes.type), e.source, e.target));
  return {
    format: "columns",
    attributes: graph.attributes,
    options: graph.options,
    nodes: { keys: graph.nodes.map((n) => n.key), columns: toColumns(graph.nodes.map((n) => n.attributes)) },
    edges: {
      source: graph.edges.map((e) => index.get(e.source)!),
      target: graph.edges.map((e) => index.get(e.target)!),
      ...(derivedKeys ? {} : { keys: graph.edges.map((e) => e.key) }),
      columns: toColumns(graph.edges.map((e) => e.attributes)),
    },
  };
}

/**
 * The decoder: attribute objects for the rows of a set of columns, built column by column (a tight loop per
 * column, which is what makes the columnar answer quick to read). Absent values are left out of a row.
 */
export function decodeRows(columns: Record<string, Column>, count: number): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < count; i++) out.push({});
  for (const [name, column] of Object.entries(columns)) {
    if ("codes" in column) {
      const { dict, codes } = column;
      for (let i = 0; i < count; i++) if (codes[i]! >= 0) out[i]![name] = dict[codes[i]!];
    } else if ("values" in column) {
      const { values } = column;
      for (let i = 0; i < count; i++) if (values[i] !== null && values[i] !== undefined) out[i]![name] = values[i];
    } else {
      const { dict, lists } = column;
      for (let i = 0; i < count; i++) {
        const list = lists[i];
        if (list) out[i]![name] = list.map((c) => dict[c]!);
      }
    }
  }
  return out;
}

/** The key of edge `i` of a columnar graph. */
export function columnarEdgeKey(graph: ColumnarGraph, i: number, type: unknown): string {
  const e = graph.edges;
  return e.keys ? e.keys[i]! : relKey(String(type), graph.nodes.keys[e.source[i]!]!, graph.nodes.keys[e.target[i]!]!);
}

/** Back from columns to graphology's serialization format. */
export function fromColumnar(graph: ColumnarGraph): SerializedGraph {
  const nodeRows = decodeRows(graph.nodes.columns, graph.nodes.keys.length);
  const edgeRows = decodeRows(graph.edges.columns, graph.edges.source.length);
  return {
    attributes: graph.attributes,
    options: graph.options,
    nodes: graph.nodes.keys.map((key, i) => ({ key, attributes: nodeRows[i]! })),
    edges: edgeRows.map((attributes, i) => ({
      key: columnarEdgeKey(graph, i, attributes.type),
      source: graph.nodes.keys[graph.edges.source[i]!]!,
      target: graph.nodes.keys[graph.edges.target[i]!]!,
      attributes,
    })),
  };
}
