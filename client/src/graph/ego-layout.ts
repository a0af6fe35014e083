/**
 * A focused subset (an ego network) laid out on its own: a radial layout by step distance, the focused node in the
 * middle, each further step on a ring farther out, and each node placed near the one it was reached through (so
 * the ties between rings stay short). Deterministic: the same network and focus always give the same picture.
 * Pure: positions in, positions out; the graph view animates to them and back to the whole network's layout.
 */

/** The part of a graph the layout reads (graphology's interface). */
export interface EgoGraph {
  hasNode(key: string): boolean;
  getNodeAttributes(key: string): Record<string, any>;
  extremities(edge: string): [string, string];
}

export type Positions = Record<string, { x: number; y: number }>;

/** How many nodes sit on one ring of radius 1 step before the ring is split into several close ones. */
const PER_RING_UNIT = 36;

/** Steps from the focus to each node, following only the given edges. */
export function stepDistances(graph: EgoGraph, focus: string, nodes: Set<string>, edges: Iterable<string>) {
  const adjacency = new Map<string, string[]>();
  for (const e of edges) {
    const [s, t] = graph.extremities(e);
    if (!nodes.has(s) || !nodes.has(t)) continue;
    (adjacency.get(s) ?? adjacency.set(s, []).get(s)!).push(t);
    (adjacency.get(t) ?? adjacency.set(t, []).get(t)!).push(s);
  }
  const depth = new Map<string, number>([[focus, 0]]);
  const parent = new Map<string, string>();
  let frontier = [focus];
  while (frontier.length) {
    const next: string[] = [];
    for (const n of frontier)
      for (const m of (adjacency.get(n) ?? []).slice().sort()) {
        if (depth.has(m)) continue;
        depth.set(m, depth.get(n)! + 1);
        parent.set(m, n);
        next.push(m);
      }
    frontier = next;
  }
  return { depth, parent };
}

/**
 * Target positions for the nodes of an ego network around `focus`, centred on `centre`, the outer ring at `radius`
 * (graph units). Nodes not reached from the focus (none, in an ego network) go on the outermost ring.
 */
export function egoPositions(
  graph: EgoGraph,
  focus: string,
  nodes: Set<string>,
  edges: Iterable<string>,
  centre: { x: number; y: number },
  radius: number,
): Positions {
  const { depth, parent } = stepDistances(graph, focus, nodes, edges);
  const maxDepth = Math.max(1, ...depth.values());
  for (const n of nodes) if (!depth.has(n)) depth.set(n, maxDepth);
  const step = radius / maxDepth;
  const out: Positions = { [focus]: { ...centre } };
  const angle = new Map<string, number>([[focus, 0]]);
  const key = (n: string) => {
    const a = graph.getNodeAttributes(n);
    return `${a.sector ?? a.entity ?? ""}\u0000${a.label ?? n}`;
  };
  for (let d = 1; d <= maxDepth; d++) {
    const ring = [...nodes].filter((n) => n !== focus && depth.get(n) === d);
    // Near the node each was reached through; then by sector and name, so colours group.
    ring.sort((a, b) => {
      const pa = angle.get(parent.get(a) ?? "") ?? 0;
      const pb = angle.get(parent.get(b) ?? "") ?? 0;
      return pa - pb || key(a).localeCompare(key(b));
    });
    const rings = Math.max(1, Math.ceil(ring.length / (PER_RING_UNIT * d)));
    ring.forEach((n, i) => {
      const a = (2 * Math.PI * i) / ring.length - Math.PI / 2;
      // A crowded ring is split into close rings, alternating, so neighbours on the circle do not touch.
      const r = step * (d - 0.5 + (rings > 1 ? (0.9 * (i % rings)) / (rings - 1) : 0.5));
      angle.set(n, a);
      out[n] = { x: centre.x + r * Math.cos(a), y: centre.y + r * Math.sin(a) };
    });
  }
  return out;
}
