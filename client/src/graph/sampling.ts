/**
 * Edge sampling for large views: which of the visible relationships are drawn when they outnumber the budget.
 */
import type Graph from "graphology";

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
