/**
 * Turns Cypher results into JSON for people and for the explorer: rows with plain values (nodes shown as their
 * properties, temporal values as ISO strings), and every node and relationship found anywhere in the rows
 * gathered into a graph in graphology's serialization format.
 */
import {
  isDate,
  isDateTime,
  isDuration,
  isLocalDateTime,
  isLocalTime,
  isNode,
  isPath,
  isPoint,
  isRelationship,
  isTime,
} from "neo4j-driver";
import type { Node, Record as Neo4jRecord, Relationship } from "neo4j-driver";
import type { ResultGraph } from "../../shared/api.ts";

export type { ResultGraph };

export interface ConvertedResult {
  columns: string[];
  rows: Record<string, unknown>[];
  graph: ResultGraph;
  /** True when the node cap stopped nodes from being added to the graph. */
  graphTruncated: boolean;
}

const STRUCTURAL = new Set(["Entity"]);

/** Node key: the entity id where there is one (so results line up with the explorer), else the element id. */
const nodeKey = (n: Node) => (typeof n.properties.id === "string" ? (n.properties.id as string) : n.elementId);

export class ResultCollector {
  private readonly nodes = new Map<string, { key: string; attributes: Record<string, unknown> }>();
  private readonly keyOf = new Map<string, string>();
  private readonly edges = new Map<string, Relationship>();
  truncated = false;

  constructor(private readonly maxNodes: number) {}

  private addNode(n: Node): void {
    const key = nodeKey(n);
    this.keyOf.set(n.elementId, key);
    if (this.nodes.has(key)) return;
    if (this.nodes.size >= this.maxNodes) {
      this.truncated = true;
      return;
    }
    const { name, ...props } = n.properties as Record<string, unknown>;
    this.nodes.set(key, {
      key,
      attributes: {
        label: name ?? n.labels[0] ?? key,
        labels: n.labels.filter((l) => !STRUCTURAL.has(l)),
        ...plain(props, this),
      },
    });
  }

  /** Converts one value to plain JSON, collecting nodes and relationships on the way. */
  value(v: unknown): unknown {
    if (v === null || v === undefined) return null;
    if (isNode(v as object)) {
      const n = v as Node;
      this.addNode(n);
      return { id: nodeKey(n), labels: n.labels, ...plain(n.properties, this) };
    }
    if (isRelationship(v as object)) {
      const r = v as Relationship;
      this.edges.set(r.elementId, r);
      return { type: r.type, ...plain(r.properties, this) };
    }
    if (isPath(v as object)) {
      const p = v as { segments: { start: Node; relationship: Relationship; end: Node }[]; start: Node };
      this.addNode(p.start);
      return p.segments.map((s) => {
        this.addNode(s.start);
        this.addNode(s.end);
        this.edges.set(s.relationship.elementId, s.relationship);
        return { start: nodeKey(s.start), type: s.relationship.type, end: nodeKey(s.end) };
      });
    }
    if (isPoint(v as object)) {
      const p = v as { srid: number; x: number; y: number; z?: number };
      return { srid: p.srid, x: p.x, y: p.y, ...(p.z !== undefined ? { z: p.z } : {}) };
    }
    const o = v as object;
    if (isDate(o) || isDateTime(o) || isLocalDateTime(o) || isLocalTime(o) || isTime(o) || isDuration(o))
      return String(v);
    if (Array.isArray(v)) return v.map((x) => this.value(x));
    if (typeof v === "object") return plain(v as Record<string, unknown>, this);
    if (typeof v === "bigint") return Number(v);
    return v;
  }

  graph(attributes: Record<string, unknown> = {}): ResultGraph {
    const edges = [...this.edges.values()]
      .map((r) => {
        const source = this.keyOf.get(r.startNodeElementId);
        const target = this.keyOf.get(r.endNodeElementId);
        return source && target && this.nodes.has(source) && this.nodes.has(target)
          ? { key: r.elementId, source, target, attributes: { type: r.type, ...plain(r.properties, this) } }
          : null;
      })
      .filter((e) => e !== null);
    return {
      attributes,
      options: { type: "directed", multi: true, allowSelfLoops: true },
      nodes: [...this.nodes.values()],
      edges,
    };
  }
}

function plain(props: Record<string, unknown>, c: ResultCollector): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(props)) if (k !== "aliasText") out[k] = c.value(v);
  return out;
}

/** Converts records (already capped by the caller) into rows and a graph. */
export function convertRecords(columns: string[], records: Neo4jRecord[], maxNodes: number): ConvertedResult {
  const c = new ResultCollector(maxNodes);
  const rows = records.map((r) => Object.fromEntries(columns.map((col) => [col, c.value(r.get(col))])));
  return { columns, rows, graph: c.graph(), graphTruncated: c.truncated };
}
