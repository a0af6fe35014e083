/**
 * The view a request names: its scope (service.ts), then what the explorer narrows beyond it — an ego focus and a
 * minimum number of ties, by shared/filters.ts's `visibleElements` as the explorer applies them, or the explicit
 * nodes of a shown path or query result. Used by /api/graph and /api/export so a file holds what is on screen.
 */
import Graph from "graphology";
import type { Database } from "../../core/db.ts";
import { relKey } from "../../../shared/model.ts";
import { NO_FILTERS, visibleElements } from "../../../shared/filters.ts";
import type { ViewNarrowing } from "../../../shared/view-scope.ts";
import { scopeParams, viewNarrowing, type ViewScope } from "../../core/scope.ts";
import { type EdgeRow, type NodeRow, type SerializedGraph, toGraph } from "./payload.ts";
import { checkScope, scopedGraph } from "./service.ts";
import type { ViewSnapshot as Snapshot } from "../analytics/snapshot.ts";
import { snapshotGraph } from "./snapshot-view.ts";

/** The nodes named, with the ties among them in the scope's relationship types and years. */
async function namedNodes(db: Database, scope: ViewScope, ids: string[], limit: number): Promise<SerializedGraph> {
  await checkScope(db, scope);
  const p = scopeParams(scope);
  const kept = ids.slice(0, limit);
  return db.read(async (tx) => {
    const nodes = await tx.run<NodeRow & Record<string, unknown>>("graph/nodes-by-id", {
      ids: kept,
      relTypes: p.relTypes,
    });
    const edges = await tx.run<EdgeRow & Record<string, unknown>>("graph/edges", {
      ids: kept,
      relTypes: p.relTypes,
      from: p.from,
      to: p.to,
    });
    return toGraph(nodes, edges, { limit, truncated: ids.length > limit });
  });
}

/** A serialized graph narrowed to an ego focus and a minimum number of ties, as the explorer narrows its view. */
export function narrowGraph(data: SerializedGraph, view: ViewNarrowing): SerializedGraph {
  const graph = Graph.from(data as never) as Graph;
  const visible = visibleElements(graph as never, { ...NO_FILTERS, focus: view.focus, minDegree: view.minDegree });
  // The explorer's focus on a node outside the scope shows nothing.
  if (view.focus && !graph.hasNode(view.focus.id)) visible.nodes.clear();
  return {
    ...data,
    nodes: data.nodes.filter((n) => visible.nodes.has(n.key)),
    edges: data.edges.filter(
      (e) =>
        visible.nodes.has(e.source) &&
        visible.nodes.has(e.target) &&
        visible.edges.has(e.key ?? relKey(String(e.attributes.type), e.source, e.target)),
    ),
  };
}

/** The scope's graph: from the network snapshot when one of the current data version is given, else read. */
async function scoped(db: Database, scope: ViewScope, limit: number, snapshot?: Snapshot | null) {
  if (!snapshot) return scopedGraph(db, scope, limit);
  await checkScope(db, scope, snapshot);
  return snapshotGraph(snapshot, scope, limit);
}

/**
 * The graph of a view: the scope, then its focus and minimum ties, or the nodes it names. With the snapshot of the
 * current data version, the scope comes from it (snapshot-view.ts) instead of a read.
 */
export async function viewedGraph(
  db: Database,
  scope: ViewScope,
  limit: number,
  snapshot?: Snapshot | null,
): Promise<SerializedGraph> {
  const view = viewNarrowing(scope);
  if (!view) return scoped(db, scope, limit, snapshot);
  const described = { focus: view.focus ?? null, minDegree: view.minDegree, nodes: view.nodes?.length ?? null };
  if (view.nodes) {
    const g = await namedNodes(db, scope, view.nodes, limit);
    return { ...g, attributes: { ...g.attributes, view: described } };
  }
  const g = narrowGraph(await scoped(db, scope, limit, snapshot), view);
  return { ...g, attributes: { ...g.attributes, view: described } };
}
