/**
 * The graph answer: graphology's serialization format (`{attributes, options, nodes, edges}`), which the client
 * imports as it is. Node and edge attributes carry only what drawing and filtering need; details come from
 * /api/nodes/:id.
 */
import { REL_TYPES, relKey } from "../../../shared/model.ts";
import type { SerializedGraph } from "../../../shared/wire.ts";

// The wire format itself (both layouts, the one encoder and the one decoder) lives in shared/wire.ts.
export * from "../../../shared/wire.ts";

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

/** The graph answer's options: directed, parallel ties of different types, no self-ties. */
export const GRAPH_OPTIONS = { type: "directed", multi: true, allowSelfLoops: false } as const;

/** An edge of the answer, keyed by type and ends. */
export function edgeOf(e: EdgeRow): SerializedGraph["edges"][number] {
  return {
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
  };
}

const typeOrder = new Map<string, number>(REL_TYPES.map((t, i) => [t, i]));
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Ties in one order whatever the database's storage order: by source id, target id, type (in REL_TYPES' order) and
 * years, as the network snapshot holds them, so a view read from the database and the same view from the snapshot
 * are the same answer.
 */
export function canonicalTieOrder(a: EdgeRow, b: EdgeRow): number {
  return (
    byText(a.source, b.source) ||
    byText(a.target, b.target) ||
    (typeOrder.get(a.type) ?? REL_TYPES.length) - (typeOrder.get(b.type) ?? REL_TYPES.length) ||
    (a.since ?? 0) - (b.since ?? 0) ||
    (a.until ?? 0) - (b.until ?? 0)
  );
}

export function toGraph(nodes: NodeRow[], edges: EdgeRow[], attributes: Record<string, unknown>): SerializedGraph {
  const keys = new Set(nodes.map((n) => n.node.id));
  return {
    attributes,
    options: { ...GRAPH_OPTIONS },
    nodes: nodes.map((n) => ({ key: n.node.id, attributes: nodeAttributes(n) })),
    edges: edges
      .filter((e) => keys.has(e.source) && keys.has(e.target))
      .sort(canonicalTieOrder)
      .map(edgeOf),
  };
}
