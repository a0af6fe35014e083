/**
 * The explorer's state and its pure transitions. `ViewState` (filters, selection, appearance, layout, view,
 * camera, query) is what a link reproduces (url-state.ts is its codec); `Highlight` is what the pointer and the
 * tools point at for the moment (hover, a path or a query's result). Every transition returns a new state and
 * leaves its input alone; the tests call them directly.
 */
import { DEFAULT_STATE, type SizeMetric, type View, type ViewState } from "../url-state.ts";
import type { Filters } from "../../../shared/filters.ts";

export type { ViewState };

export interface Highlight {
  hovered: string | null;
  /** The hovered node and its neighbours. */
  hoverNeighbours: ReadonlySet<string>;
  /** Nodes of a shown path or query result: everything else is dimmed. */
  path: ReadonlySet<string> | null;
}
export const NO_HIGHLIGHT: Highlight = { hovered: null, hoverNeighbours: new Set(), path: null };

export interface ExplorerState {
  view: ViewState;
  highlight: Highlight;
}

const withView = (s: ExplorerState, view: Partial<ViewState>): ExplorerState => ({
  ...s,
  view: { ...s.view, ...view },
});

export const transitions = {
  setFilters: (s: ExplorerState, patch: Partial<Filters>): ExplorerState =>
    withView(s, { filters: { ...s.view.filters, ...patch } }),
  /** An ego network around a node. */
  focus: (s: ExplorerState, id: string, depth: number): ExplorerState =>
    withView(s, { filters: { ...s.view.filters, focus: { id, depth } } }),
  select: (s: ExplorerState, id: string | undefined): ExplorerState => ({
    view: { ...s.view, selected: id },
    // A path asked for stays highlighted while one of its nodes is looked at.
    highlight: { ...s.highlight, path: s.view.path ? s.highlight.path : null },
  }),
  setView: (s: ExplorerState, view: View): ExplorerState => withView(s, { view }),
  setSize: (s: ExplorerState, size: SizeMetric): ExplorerState => withView(s, { size }),
  setColorBy: (s: ExplorerState, colorBy: ViewState["colorBy"]): ExplorerState => withView(s, { colorBy }),
  setLayout: (s: ExplorerState, layout: ViewState["layout"]): ExplorerState => withView(s, { layout }),
  setCamera: (s: ExplorerState, camera: ViewState["camera"]): ExplorerState => withView(s, { camera }),
  setQuery: (s: ExplorerState, query: ViewState["query"]): ExplorerState => withView(s, { query }),
  /** Everything back to the opening view. */
  reset: (): ExplorerState => ({ view: DEFAULT_STATE, highlight: NO_HIGHLIGHT }),
  /** The filters back to none (a search picked a node they hide). */
  clearFilters: (s: ExplorerState): ExplorerState => withView(s, { filters: DEFAULT_STATE.filters }),
  /** Opens a cluster of the overview (undefined: back to the clusters). */
  openCluster: (s: ExplorerState, cluster: number | undefined): ExplorerState =>
    withView(s, { view: "clusters", cluster, selected: undefined }),
  setCrossSector: (s: ExplorerState, crossSector: boolean): ExplorerState =>
    withView(s, { crossSector: crossSector || undefined }),
  /** Groups the overview by clusters, sectors or regions (closing any opened group). */
  setGrouping: (s: ExplorerState, grouping: "cluster" | "sector" | "region"): ExplorerState =>
    withView(s, { view: "clusters", grouping: grouping === "cluster" ? undefined : grouping, cluster: undefined }),
  setSplit: (s: ExplorerState, split: boolean): ExplorerState => withView(s, { split: split || undefined }),
  hover: (s: ExplorerState, node: string | null, neighbours: Iterable<string> = []): ExplorerState =>
    s.highlight.hovered === node
      ? s
      : {
          ...s,
          highlight: { ...s.highlight, hovered: node, hoverNeighbours: new Set(node ? [node, ...neighbours] : []) },
        },
  /** Asks for the shortest paths between two nodes (or for none); panels/path-view.ts loads and shows them. */
  setPath: (s: ExplorerState, path: ViewState["path"]): ExplorerState => withView(s, { path }),
  showPath: (s: ExplorerState, nodes: Iterable<string> | null): ExplorerState => ({
    ...s,
    highlight: { ...s.highlight, path: nodes ? new Set(nodes) : null },
  }),
};
