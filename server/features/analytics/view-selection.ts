/**
 * A scope's selection narrowed as the explorer narrows its view (shared/filters.ts's `visibleElements`): the ego
 * network of a focus within the scope's ties, then nodes with at least the minimum number of ties; or, for a shown
 * path or query result, the named nodes with the ties among them. Analyses then run on exactly what is on screen.
 */
import type { ViewNarrowing } from "../../../shared/view-scope.ts";
import { undirectedRows, type TaskGraph } from "./compact.ts";
import type { Selection, Snapshot } from "./snapshot.ts";

/** The selection restricted to its nodes marked in `keep` (task-graph indices) and the ties among them. */
function restrict(sel: Selection, keep: Uint8Array): Selection {
  const n = sel.graph.n;
  const index = new Int32Array(n).fill(-1);
  let count = 0;
  for (let i = 0; i < n; i++) if (keep[i]) index[i] = count++;
  const nodes = new Int32Array(count);
  for (let i = 0; i < n; i++) if (keep[i]) nodes[index[i]!] = sel.nodes[i]!;
  const kept: number[] = [];
  for (let k = 0; k < sel.ties.length; k++) if (keep[sel.graph.source[k]!] && keep[sel.graph.target[k]!]) kept.push(k);
  const m = kept.length;
  const graph: TaskGraph = {
    n: count,
    partnership: new Uint8Array(new SharedArrayBuffer(count)),
    sector: new Uint8Array(new SharedArrayBuffer(count)),
    source: new Int32Array(new SharedArrayBuffer(4 * m)),
    target: new Int32Array(new SharedArrayBuffer(4 * m)),
  };
  for (let i = 0; i < n; i++) {
    if (!keep[i]) continue;
    graph.partnership[index[i]!] = sel.graph.partnership[i]!;
    graph.sector[index[i]!] = sel.graph.sector[i]!;
  }
  const ties = new Int32Array(m);
  kept.forEach((k, j) => {
    ties[j] = sel.ties[k]!;
    graph.source[j] = index[sel.graph.source[k]!]!;
    graph.target[j] = index[sel.graph.target[k]!]!;
  });
  return { nodes, ties, truncated: sel.truncated, graph };
}

/** Task-graph index of each snapshot index of the selection. */
function localIndex(s: Snapshot, sel: Selection): (id: string) => number {
  const local = new Map<number, number>();
  sel.nodes.forEach((node, i) => local.set(node, i));
  return (id) => {
    const i = s.byId.get(id);
    return i === undefined ? -1 : (local.get(i) ?? -1);
  };
}

export function narrowSelection(s: Snapshot, sel: Selection, view: ViewNarrowing): Selection {
  const { n, source, target } = sel.graph;
  const at = localIndex(s, sel);
  if (view.nodes) {
    const keep = new Uint8Array(n);
    for (const id of view.nodes) if (at(id) >= 0) keep[at(id)] = 1;
    return restrict(sel, keep);
  }
  let current = sel;
  if (view.focus) {
    const keep = new Uint8Array(n);
    const start = at(view.focus.id);
    if (start >= 0) {
      // Adjacency of the selection's ties (both directions), then a breadth-first search `depth` steps out.
      const { offsets, adj } = undirectedRows(n, source, target);
      keep[start] = 1;
      let frontier = [start];
      for (let d = 0; d < view.focus.depth && frontier.length; d++) {
        const next: number[] = [];
        for (const v of frontier)
          for (let j = offsets[v]!; j < offsets[v + 1]!; j++) {
            const w = adj[j]!;
            if (!keep[w]) {
              keep[w] = 1;
              next.push(w);
            }
          }
        frontier = next;
      }
    }
    current = restrict(sel, keep);
  }
  if (view.minDegree > 0) {
    const g = current.graph;
    const degree = new Int32Array(g.n);
    for (let k = 0; k < g.source.length; k++) {
      degree[g.source[k]!]!++;
      degree[g.target[k]!]!++;
    }
    const keep = new Uint8Array(g.n);
    for (let i = 0; i < g.n; i++) keep[i] = degree[i]! >= view.minDegree ? 1 : 0;
    current = restrict(current, keep);
  }
  return current;
}
