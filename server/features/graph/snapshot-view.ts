/**
 * Scoped views and ego networks answered from the network snapshot of the current data version
 * (analytics/snapshot.ts) rather than by a read: the nodes graph/nodes.cypher selects, in its order (best connected
 * in the scope's relationship types, then id), with the attributes it returns, and the ties graph/edges.cypher
 * returns among them; an ego network as service.neighborhood expands it. tests/snapshot-view.int.test.ts holds each
 * to the read's answer. They take milliseconds and no database round trip, so views keep their pace while the
 * database is busy with other work.
 */
import { notFound } from "../../core/errors.ts";
import { REL_TYPES } from "../../core/model.ts";
import { type Scope, scopeKey, scopeParams } from "../../core/scope.ts";
import {
  ALL_TYPES,
  degreeOf,
  incidence,
  selectScope,
  tieFilter,
  typeMaskOf,
  type ViewSnapshot as Snapshot,
} from "../analytics/snapshot.ts";
import { edgeOf, GRAPH_OPTIONS, type SerializedGraph } from "./payload.ts";
import { pathOrder } from "./service.ts";

/** The answer for snapshot nodes and ties: nodes with their degree in the relationship types, ties as drawn. */
function answer(
  s: Snapshot,
  relTypes: readonly string[],
  nodes: ArrayLike<number>,
  ties: ArrayLike<number>,
  attributes: Record<string, unknown>,
): SerializedGraph {
  const typeMask = typeMaskOf(relTypes);
  const degree = typeMask === ALL_TYPES ? s.degree : degreeOf(s, typeMask);
  const v = s.views;
  const word = (code: number) => (code < 0 ? null : v.words[code]!);
  return {
    attributes,
    options: { ...GRAPH_OPTIONS },
    nodes: Array.from(nodes, (i) => ({ key: s.ids[i]!, attributes: { ...v.attributes[i], degree: degree[i] } })),
    edges: Array.from(ties, (e) =>
      edgeOf({
        source: s.ids[s.source[e]!]!,
        target: s.ids[s.target[e]!]!,
        type: REL_TYPES[s.type[e]!]!,
        role: word(v.role[e]!),
        since: s.since[e] || null,
        until: s.until[e] || null,
        amount: Number.isNaN(v.amount[e]) ? null : v.amount[e]!,
        currency: word(v.currency[e]!),
      }),
    ),
  };
}

/** The scope's view (graph/nodes.cypher and graph/edges.cypher). */
export function snapshotGraph(s: Snapshot, scope: Scope, limit: number): SerializedGraph {
  const sel = selectScope(s, scope, limit);
  return answer(s, scopeParams(scope).relTypes, sel.nodes, sel.ties, {
    scope: JSON.parse(scopeKey(scope)),
    limit,
    truncated: sel.truncated,
  });
}

/**
 * The ego network of a node up to `depth` steps out along the scope's relationship types and years, at most `limit`
 * nodes (service.neighborhood's answer), and the ties among them.
 */
export function snapshotNeighborhood(
  s: Snapshot,
  id: string,
  depth: number,
  limit: number,
  scope: Scope,
): SerializedGraph {
  const center = s.byId.get(id);
  if (center === undefined) throw notFound(`no actor or partnership with id '${id}'`);
  const p = scopeParams(scope);
  const tieIn = tieFilter(s, p);
  const { offsets, ties } = incidence(s);
  const seen = new Uint8Array(s.n);
  seen[center] = 1;
  const nodes = [center];
  let frontier = [center];
  let truncated = false;
  for (let d = 0; d < depth && frontier.length > 0 && !truncated; d++) {
    const next: number[] = [];
    for (const v of frontier) {
      for (let k = offsets[v]!; k < offsets[v + 1]! && !truncated; k++) {
        const e = ties[k]!;
        if (!tieIn(e)) continue;
        const w = s.source[e] === v ? s.target[e]! : s.source[e]!;
        if (seen[w]) continue;
        if (nodes.length >= limit) truncated = true;
        else {
          seen[w] = 1;
          nodes.push(w);
          next.push(w);
        }
      }
      if (truncated) break;
    }
    frontier = next;
  }
  const among: number[] = [];
  for (const v of nodes)
    for (let k = offsets[v]!; k < offsets[v + 1]!; k++) {
      const e = ties[k]!;
      if (s.source[e] === v && seen[s.target[e]!] && tieIn(e)) among.push(e);
    }
  return answer(s, p.relTypes, nodes, among, { center: id, depth, limit, truncated });
}

/**
 * All shortest paths between two nodes over every collaboration tie, when the shortest is at most `maxHops` long
 * (graph/shortest-paths.cypher): at most `limit` of them, each once as a sequence of nodes, with the ties that lie
 * on them (service.shortestPaths' answer, before the ties' sources are added).
 */
export function snapshotPaths(
  s: Snapshot,
  from: string,
  to: string,
  maxHops: number,
  limit: number,
): SerializedGraph & { paths: string[][] } {
  const ends = [
    ["from", from],
    ["to", to],
  ] as const;
  for (const [name, id] of ends) {
    if (!s.byId.has(id)) throw notFound(`query parameter '${name}': no actor or partnership with id '${id}'`);
  }
  const a = s.byId.get(from)!;
  const b = s.byId.get(to)!;
  const { offsets, ties } = incidence(s);
  const other = (e: number, v: number) => (s.source[e] === v ? s.target[e]! : s.source[e]!);
  // Breadth-first from `from`, level by level, until `to` is reached or the hop bound passed.
  const dist = new Int32Array(s.n).fill(-1);
  dist[a] = 0;
  let level = [a];
  for (let d = 1; d <= maxHops && dist[b] < 0 && level.length > 0; d++) {
    const next: number[] = [];
    for (const v of level)
      for (let k = offsets[v]!; k < offsets[v + 1]!; k++) {
        const w = other(ties[k]!, v);
        if (dist[w]! < 0) {
          dist[w] = d;
          next.push(w);
        }
      }
    level = next;
  }
  const paths: number[][] = [];
  if (dist[b]! > 0) {
    // Back from `to` along neighbours one step nearer `from`: every shortest path once, up to limit + 1.
    const walk = (v: number, tail: number[]) => {
      if (paths.length > limit) return;
      if (v === a) return void paths.push([a, ...tail]);
      const seen = new Set<number>();
      for (let k = offsets[v]!; k < offsets[v + 1]!; k++) {
        const u = other(ties[k]!, v);
        if (dist[u] === dist[v]! - 1 && !seen.has(u)) {
          seen.add(u);
          walk(u, [v, ...tail]);
        }
      }
    };
    walk(b, []);
  }
  const truncated = paths.length > limit;
  const kept = paths.slice(0, limit);
  const onPath = new Set<number>(kept.flat());
  const steps = new Set(kept.flatMap((p) => p.slice(1).map((w, i) => pairKey(p[i]!, w))));
  const nodes = [...onPath];
  const among: number[] = [];
  for (const v of nodes)
    for (let k = offsets[v]!; k < offsets[v + 1]!; k++) {
      const e = ties[k]!;
      if (s.source[e] === v && steps.has(pairKey(v, s.target[e]!))) among.push(e);
    }
  const graph = answer(s, REL_TYPES, nodes, among, {
    from,
    to,
    maxHops,
    truncated,
    hops: kept[0] ? kept[0].length - 1 : null,
  });
  return { ...graph, paths: kept.map((p) => p.map((i) => s.ids[i]!)).sort(pathOrder) };
}

const pairKey = (u: number, v: number) => (u < v ? `${u}:${v}` : `${v}:${u}`);
