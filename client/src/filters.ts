/**
 * What the explorer shows, as a pure function of the loaded graph and the view's filters. Same semantics as the
 * API's scope: filters select actors; a partnership shows when it matches by itself or when a shown actor is tied
 * to it by a shown relationship; relationships with no years count as timeless.
 */
import type Graph from "graphology";

export interface Filters {
  sectors: string[];
  relTypes: string[];
  regions: string[];
  countries: string[];
  issues: string[];
  /** Datasets (curated, or an import); empty = all. */
  datasets: string[];
  from?: number;
  to?: number;
  minDegree: number;
  focus?: { id: string; depth: number };
}

export const NO_FILTERS: Filters = {
  sectors: [],
  relTypes: [],
  regions: [],
  countries: [],
  issues: [],
  datasets: [],
  minDegree: 0,
};

export interface Visible {
  nodes: Set<string>;
  edges: Set<string>;
}

type Attrs = Record<string, any>;

function actorMatches(a: Attrs, f: Filters): boolean {
  if (f.sectors.length && !f.sectors.includes(a.sector)) return false;
  if (f.countries.length && !f.countries.includes(a.country)) return false;
  if (f.regions.length && !f.regions.includes(a.region) && !f.regions.includes(a.subregion)) return false;
  if (f.issues.length && !(a.issues ?? []).some((i: string) => f.issues.includes(i))) return false;
  if (f.datasets?.length && !f.datasets.includes(a.dataset)) return false;
  return true;
}

export function edgeMatches(a: Attrs, f: Filters): boolean {
  if (f.relTypes.length && !f.relTypes.includes(a.type)) return false;
  if (f.from !== undefined && a.until !== undefined && a.until < f.from) return false;
  if (f.to !== undefined && a.since !== undefined && a.since > f.to) return false;
  return true;
}

export function visibleElements(graph: Graph, f: Filters): Visible {
  const nodeFiltered = f.sectors.length + f.countries.length + f.regions.length + f.issues.length > 0;
  const nodes = new Set<string>();
  graph.forEachNode((key, a) => {
    const isPartnership = a.entity === "Partnership";
    // A partnership has no sector: with a sector filter it only shows through its ties to shown actors.
    if (isPartnership ? !f.sectors.length && actorMatches(a, f) : actorMatches(a, f)) nodes.add(key);
  });
  if (nodeFiltered) {
    graph.forEachEdge((_e, a, s, t, sa, ta) => {
      if (!edgeMatches(a, f)) return;
      if (nodes.has(s) && sa.entity === "Actor" && ta.entity === "Partnership") nodes.add(t);
      if (nodes.has(t) && ta.entity === "Actor" && sa.entity === "Partnership") nodes.add(s);
    });
  }
  let edges = new Set<string>();
  graph.forEachEdge((e, a, s, t) => {
    if (nodes.has(s) && nodes.has(t) && edgeMatches(a, f)) edges.add(e);
  });

  if (f.focus && graph.hasNode(f.focus.id)) {
    const within = new Set([f.focus.id]);
    let frontier = [f.focus.id];
    for (let d = 0; d < f.focus.depth; d++) {
      const next: string[] = [];
      for (const n of frontier)
        graph.forEachEdge(n, (e, _a, s, t) => {
          if (!edges.has(e)) return;
          const other = s === n ? t : s;
          if (!within.has(other)) {
            within.add(other);
            next.push(other);
          }
        });
      frontier = next;
    }
    for (const n of [...nodes]) if (!within.has(n)) nodes.delete(n);
    edges = new Set([...edges].filter((e) => nodes.has(graph.source(e)) && nodes.has(graph.target(e))));
  }

  if (f.minDegree > 0) {
    const degree = new Map<string, number>();
    for (const e of edges) for (const n of graph.extremities(e)) degree.set(n, (degree.get(n) ?? 0) + 1);
    for (const n of [...nodes]) if ((degree.get(n) ?? 0) < f.minDegree) nodes.delete(n);
    edges = new Set([...edges].filter((e) => nodes.has(graph.source(e)) && nodes.has(graph.target(e))));
  }
  return { nodes, edges };
}

/** The API's scope parameters for the explorer's filters. */
export function scopeQuery(f: Filters): string {
  const p = new URLSearchParams();
  for (const s of f.sectors) p.append("sector", s);
  for (const t of f.relTypes) p.append("relType", t);
  for (const r of f.regions) p.append("region", r);
  for (const c of f.countries) p.append("country", c);
  for (const i of f.issues) p.append("issue", i);
  for (const d of f.datasets) p.append("dataset", d);
  if (f.from !== undefined) p.set("from", String(f.from));
  if (f.to !== undefined) p.set("to", String(f.to));
  return p.toString();
}

export function dataExportUrl(format: string, f: Filters, include: string[] = []): string {
  const q = scopeQuery(f);
  return `/api/export?format=${format}${q ? `&${q}` : ""}${include.length ? `&include=${include.join(",")}` : ""}`;
}

/** FNV-1a hash of a string, as a number in [0, 1): the same for the same key on every machine. */
function unitHash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) / 2 ** 32;
}

/** A rectangle of graph coordinates: the part of the network in view. */
export interface Box {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/**
 * Which of a view's edges are drawn when it holds more than `budget`: those touching the part of the network in
 * view, and of those an even sample when still too many. The sample is fixed by each edge's key (a shared link
 * draws the same edges for a colleague) and keeps the density of every region of the picture in proportion.
 * Built once per set of edges (ends as node indices, each key's hash) so that choosing again for each camera
 * position is a loop over typed arrays.
 */
export class EdgeSampler {
  private readonly keys: string[];
  private readonly source: Int32Array;
  private readonly target: Int32Array;
  private readonly hash: Float64Array;
  private readonly nodes: string[];

  constructor(
    private readonly graph: Graph,
    edges: Set<string>,
    readonly budget: number,
  ) {
    this.keys = [...edges];
    this.nodes = edges.size > budget ? graph.nodes() : [];
    const index = new Map(this.nodes.map((n, i) => [n, i]));
    const count = this.nodes.length ? this.keys.length : 0;
    this.source = new Int32Array(count);
    this.target = new Int32Array(count);
    this.hash = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      const key = this.keys[i]!;
      this.source[i] = index.get(graph.source(key))!;
      this.target[i] = index.get(graph.target(key))!;
      this.hash[i] = unitHash(key);
    }
  }

  /** The edges to draw for a part of the network in view (the whole of it when no box is given); null when every
   * edge fits the budget. */
  choose(box?: Box): Set<string> | null {
    const n = this.hash.length;
    if (n === 0) return null;
    const inside = new Uint8Array(this.nodes.length).fill(box ? 0 : 1);
    if (box) {
      this.nodes.forEach((node, i) => {
        const { x, y } = this.graph.getNodeAttributes(node);
        if (x >= box.x0 && x <= box.x1 && y >= box.y0 && y <= box.y1) inside[i] = 1;
      });
    }
    let inView = 0;
    for (let i = 0; i < n; i++) if (inside[this.source[i]!] || inside[this.target[i]!]) inView++;
    const keep = this.budget / inView;
    const out = new Set<string>();
    for (let i = 0; i < n; i++) {
      if ((inside[this.source[i]!] || inside[this.target[i]!]) && this.hash[i]! < keep) out.add(this.keys[i]!);
    }
    return out;
  }
}
