/**
 * Degree-1 folding for exact betweenness (Baglioni, Geraci, Pellegrini and Lastres, "Fast exact computation of
 * betweenness centrality in social networks", ASONAM 2012). Nodes of degree 1 are removed one after another (a node
 * whose other neighbours are gone becomes a leaf in turn), so every tree hanging off the rest of the graph folds into
 * the node it hangs from, which then stands for the tree's `weight` nodes. Every shortest path through a folded node
 * crosses it as a cut vertex, so its betweenness is a count; the remaining core needs Brandes' algorithm only from
 * its own nodes, each counted `weight` times. Research networks have many such trees (states tied to one convention,
 * members of one network): the curated dataset folds 569 of its 1,447 nodes.
 *
 * Counts here are over ordered pairs (each pair from both ends), as brandes() sums them.
 */

export interface Folded {
  /** The core: nodes not folded, renumbered 0..core.n-1, with their neighbours among themselves. */
  core: { offsets: Int32Array; adj: Int32Array };
  /** Original index of each core node. */
  coreNodes: Int32Array;
  /** Nodes each core node stands for (itself and the trees folded into it). */
  weight: Float64Array;
  /** Ordered pairs whose shortest path crosses each original node inside the folded trees (or from them to the rest). */
  treePairs: Float64Array;
}

/** Folds the degree-1 trees of a simple undirected graph given by its adjacency rows. */
export function foldLeaves(offsets: Int32Array, adj: Int32Array): Folded {
  const n = offsets.length - 1;
  const degree = new Int32Array(n);
  for (let v = 0; v < n; v++) degree[v] = offsets[v + 1]! - offsets[v]!;
  const removed = new Uint8Array(n);
  const parent = new Int32Array(n).fill(-1);
  const removal = new Int32Array(n);
  let removedCount = 0;
  const stack: number[] = [];
  for (let v = 0; v < n; v++) if (degree[v] === 1) stack.push(v);
  while (stack.length) {
    const v = stack.pop()!;
    if (removed[v] || degree[v] !== 1) continue;
    let p = -1;
    for (let k = offsets[v]!; k < offsets[v + 1]!; k++) {
      if (!removed[adj[k]!]) {
        p = adj[k]!;
        break;
      }
    }
    removed[v] = 1;
    parent[v] = p;
    removal[removedCount++] = v;
    if (--degree[p]! === 1) stack.push(p);
  }

  // Subtree sizes in removal order: a node's children were all removed before it.
  const size = new Float64Array(n).fill(1);
  const childSquares = new Float64Array(n);
  for (let i = 0; i < removedCount; i++) {
    const v = removal[i]!;
    size[parent[v]!]! += size[v]!;
    childSquares[parent[v]!]! += size[v]! * size[v]!;
  }

  const component = componentSizes(offsets, adj);
  const treePairs = new Float64Array(n);
  for (let v = 0; v < n; v++) {
    const all = component[v]! - 1;
    if (removed[v]) {
      // A cut vertex: the pairs between its children's subtrees and the rest of its component.
      const rest = component[v]! - size[v]!;
      treePairs[v] = all * all - childSquares[v]! - rest * rest;
    } else {
      // Pairs between its folded subtrees, and between them and everything beyond its own tree.
      const inTree = size[v]! - 1;
      treePairs[v] = inTree * inTree - childSquares[v]! + 2 * inTree * (component[v]! - size[v]!);
    }
  }

  const coreIndex = new Int32Array(n).fill(-1);
  const coreNodes = new Int32Array(n - removedCount);
  let m = 0;
  for (let v = 0, c = 0; v < n; v++) {
    if (removed[v]) continue;
    coreIndex[v] = c;
    coreNodes[c++] = v;
    m += degree[v]!;
  }
  const coreOffsets = new Int32Array(coreNodes.length + 1);
  const coreAdj = new Int32Array(m);
  const weight = new Float64Array(coreNodes.length);
  for (let c = 0, at = 0; c < coreNodes.length; c++) {
    const v = coreNodes[c]!;
    weight[c] = size[v]!;
    for (let k = offsets[v]!; k < offsets[v + 1]!; k++) if (!removed[adj[k]!]) coreAdj[at++] = coreIndex[adj[k]!]!;
    coreOffsets[c + 1] = at;
  }
  return { core: { offsets: coreOffsets, adj: coreAdj }, coreNodes, weight, treePairs };
}

/** The size of each node's connected component. */
function componentSizes(offsets: Int32Array, adj: Int32Array): Float64Array {
  const n = offsets.length - 1;
  const label = new Int32Array(n).fill(-1);
  const queue = new Int32Array(n);
  const sizes: number[] = [];
  for (let s = 0; s < n; s++) {
    if (label[s] !== -1) continue;
    const id = sizes.length;
    let head = 0;
    let tail = 0;
    queue[tail++] = s;
    label[s] = id;
    while (head < tail) {
      const v = queue[head++]!;
      for (let k = offsets[v]!; k < offsets[v + 1]!; k++) {
        const w = adj[k]!;
        if (label[w] === -1) {
          label[w] = id;
          queue[tail++] = w;
        }
      }
    }
    sizes.push(tail);
  }
  const out = new Float64Array(n);
  for (let v = 0; v < n; v++) out[v] = sizes[label[v]!]!;
  return out;
}
