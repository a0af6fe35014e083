/**
 * A scoped view answered from the network snapshot of the current data version (analytics/snapshot.ts) rather than
 * by a read: the nodes graph/nodes.cypher selects, in its order (best connected in the scope's relationship types,
 * then id), with the attributes it returns, and the ties graph/edges.cypher returns among them. tests/
 * snapshot-view.int.test.ts holds the two to the same answer. It takes milliseconds and no database round trip, so
 * views keep their pace while the database is busy with other work.
 */
import { REL_TYPES } from "../../core/model.ts";
import { type Scope, scopeKey, scopeParams } from "../../core/scope.ts";
import { ALL_TYPES, degreeOf, selectScope, type Snapshot } from "../analytics/snapshot.ts";
import { edgeOf, GRAPH_OPTIONS, type SerializedGraph } from "./payload.ts";

export function snapshotGraph(s: Snapshot, scope: Scope, limit: number): SerializedGraph {
  const sel = selectScope(s, scope, limit);
  let typeMask = 0;
  for (const t of scopeParams(scope).relTypes) typeMask |= 1 << REL_TYPES.indexOf(t as (typeof REL_TYPES)[number]);
  const degree = typeMask === ALL_TYPES ? s.degree : degreeOf(s, typeMask);
  const word = (code: number) => (code < 0 ? null : s.tieWords[code]!);
  return {
    attributes: { scope: JSON.parse(scopeKey(scope)), limit, truncated: sel.truncated },
    options: { ...GRAPH_OPTIONS },
    nodes: Array.from(sel.nodes, (i) => ({
      key: s.ids[i]!,
      attributes: { ...s.viewAttributes[i], degree: degree[i] },
    })),
    edges: Array.from(sel.ties, (e) =>
      edgeOf({
        source: s.ids[s.source[e]!]!,
        target: s.ids[s.target[e]!]!,
        type: REL_TYPES[s.type[e]!]!,
        role: word(s.role[e]!),
        since: s.since[e] || null,
        until: s.until[e] || null,
        amount: Number.isNaN(s.amount[e]) ? null : s.amount[e]!,
        currency: word(s.currency[e]!),
      }),
    ),
  };
}
