/** An export's selection in words, as the explorer describes its view (shared/view-scope.ts). */
import type Graph from "graphology";
import { scopeFilters, viewNarrowing, type ViewScope } from "../../core/scope.ts";
import { describeView } from "../../../shared/view-scope.ts";

export function describeRequestView(scope: ViewScope, graph: Graph): string {
  const view = viewNarrowing(scope);
  const name = (id: string) => (graph.hasNode(id) ? String(graph.getNodeAttribute(id, "label") ?? id) : id);
  return describeView(
    { ...scopeFilters(scope), focus: view?.focus, minDegree: view?.minDegree ?? 0 },
    name,
    view?.nodes ? { nodes: view.nodes.length } : {},
  );
}
