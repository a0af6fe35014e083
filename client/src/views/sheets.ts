/**
 * The views beside the graph: the directory (a table of the visible actors), the analysis and the queries (each
 * loaded when first opened). Shows the one the state names and hides the others.
 */
import type Graph from "graphology";
import { renderAnalysis } from "./analysis.ts";
import { directoryRows, renderDirectory } from "./directory.ts";
import type { Visible } from "../../../shared/filters.ts";
import type { Store } from "../state/store.ts";
import { transitions as T, type ExplorerState } from "../state/view.ts";
import { VIEWS } from "../url-state.ts";

const $ = (id: string) => document.getElementById(id)!;

export interface SheetDeps {
  store: Store<ExplorerState>;
  graph: Graph;
  visible: () => Visible;
  /** Opens the graph on a node picked in a sheet. */
  openInGraph(id: string): void;
  fail(e: unknown): void;
}

export function showSheets(deps: SheetDeps): void {
  const state = deps.store.get().view;
  for (const v of VIEWS) {
    $(`view-${v}`).setAttribute("aria-pressed", String(v === state.view));
    if (v !== "graph") $(v).hidden = v !== state.view;
  }
  $("legend").hidden = state.view !== "graph";
  if (state.view === "analysis")
    renderAnalysis($("analysis"), {
      metric: state.size,
      filters: state.filters,
      name: (id) => (deps.graph.hasNode(id) ? String(deps.graph.getNodeAttribute(id, "label") ?? id) : id),
      open: deps.openInGraph,
    }).catch(deps.fail);
  // The query view's Cypher editor is a large module of its own, loaded when the view is first opened.
  if (state.view === "queries") {
    void import("./queries.ts")
      .then(({ renderQueries }) =>
        renderQueries($("queries"), {
          initial: state.query,
          remember: (query) => deps.store.update((s) => T.setQuery(s, query)),
          highlight: (ids) => deps.store.update((s) => T.showPath(s, ids)),
          showGraph: () => deps.store.update((s) => T.setView(s, "graph")),
        }),
      )
      .catch(deps.fail);
  }
  if (state.view === "directory")
    renderDirectory($("directory"), directoryRows(deps.graph, deps.visible()), deps.openInGraph);
}
