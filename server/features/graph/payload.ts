/**
 * The graph answer: graphology's serialization format (`{attributes, options, nodes, edges}`), which the client
 * imports as it is. Node and edge attributes carry only what drawing and filtering need; details come from
 * /api/nodes/:id.
 */
import { relKey } from "../../core/model.ts";

export interface NodeRow {
  node: Record<string, unknown> & { id: string };
  labels: string[];
  degree: number;
}
export interface EdgeRow {
  source: string;
  target: string;
  type: string;
  role: string | null;
  since: number | null;
  until: number | null;
  amount: number | null;
  currency: string | null;
}
export interface SerializedGraph {
  attributes: Record<string, unknown>;
  options: { type: "directed"; multi: true; allowSelfLoops: false };
  nodes: { key: string; attributes: Record<string, unknown> }[];
  edges: { key: string; source: string; target: string; attributes: Record<string, unknown> }[];
}

const STRUCTURAL_LABELS = new Set(["Entity", "Actor", "Partnership"]);

/** Drops null and undefined values so the payload stays compact. */
function compact(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));
}

export function nodeAttributes(row: NodeRow): Record<string, unknown> {
  const { id: _id, name, kind, ...rest } = row.node;
  return compact({
    label: name,
    entity: row.labels.includes("Partnership") ? "Partnership" : "Actor",
    partnershipKind: kind,
    roles: row.labels.filter((l) => !STRUCTURAL_LABELS.has(l)).sort(),
    degree: row.degree,
    ...rest,
  });
}

export function toGraph(nodes: NodeRow[], edges: EdgeRow[], attributes: Record<string, unknown>): SerializedGraph {
  const keys = new Set(nodes.map((n) => n.node.id));
  return {
    attributes,
    options: { type: "directed", multi: true, allowSelfLoops: false },
    nodes: nodes.map((n) => ({ key: n.node.id, attributes: nodeAttributes(n) })),
    edges: edges
      .filter((e) => keys.has(e.source) && keys.has(e.target))
      .map((e) => ({
        key: relKey(e.type, e.source, e.target),
        source: e.source,
        target: e.target,
        attributes: compact({
          type: e.type,
          role: e.role,
          since: e.since,
          until: e.until,
          amount: e.amount,
          currency: e.currency,
        }),
      })),
  };
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

/** The value of a column at a row, or undefined when absent. */
export function columnValue(column: Column, row: number): unknown {
  if ("values" in column) return column.values[row] ?? undefined;
  if ("codes" in column) {
    const c = column.codes[row]!;
    return c < 0 ? undefined : column.dict[c];
  }
  const list = column.lists[row];
  return list ? list.map((c) => column.dict[c]!) : undefined;
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

/** Attribute objects of every row of a set of columns. */
export function rowsOf(columns: Record<string, Column>, count: number): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  const entries = Object.entries(columns);
  for (let i = 0; i < count; i++) {
    const row: Record<string, unknown> = {};
    for (const [name, column] of entries) {
      const v = columnValue(column, i);
      if (v !== undefined) row[name] = v;
    }
    rows.push(row);
  }
  return rows;
}

/** The key of edge `i` of a columnar graph. */
export function columnarEdgeKey(graph: ColumnarGraph, i: number, type: unknown): string {
  const e = graph.edges;
  return e.keys ? e.keys[i]! : relKey(String(type), graph.nodes.keys[e.source[i]!]!, graph.nodes.keys[e.target[i]!]!);
}

/** Back from columns to graphology's serialization format. */
export function fromColumnar(graph: ColumnarGraph): SerializedGraph {
  const nodeRows = rowsOf(graph.nodes.columns, graph.nodes.keys.length);
  const edgeRows = rowsOf(graph.edges.columns, graph.edges.source.length);
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
