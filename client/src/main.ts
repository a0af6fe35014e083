/**
 * The explorer's wiring, and nothing else: the store of view state (state/), the graph view over Sigma (views/,
 * graph/, renderer/), the panels and controls (panels/), the other views (views/sheets.ts) and curation
 * (editing.ts). Each part reads the store and changes it through pure transitions; here each change is routed to
 * the parts it concerns, and the state is mirrored in the URL.
 */
import forceAtlas2 from "graphology-layout-forceatlas2";
import { api, graphLoadTimings } from "./api.ts";
import { setupAccount } from "./curation/account.ts";
import { buildGraph } from "./graph/build.ts";
import { attachAutocomplete } from "./panels/autocomplete.ts";
import { buildControls, syncControls } from "./panels/controls.ts";
import { setupPlaceFilters } from "./panels/place-filters.ts";
import { YearRange } from "./panels/year-range.ts";
import { DetailsPanel } from "./panels/details.ts";
import { attachExportMenu } from "./panels/export-menu.ts";
import { renderLegend } from "./panels/legend.ts";
import { failureText, renderCounts, showMessage } from "./panels/status.ts";
import { attachCopyLink, attachHelp, attachZoom, showFirstVisitHint } from "./panels/help.ts";
import { attachSavedViews } from "./panels/saved-views.ts";
import { attachLinkedDialogs } from "./panels/linked-dialogs.ts";
import { isUnavailable, retryNow, untilBack, withRetry } from "./panels/reconnect.ts";
import { resolveRenderSettings } from "./renderer/settings.ts";
import { createStore } from "./state/store.ts";
import { NO_HIGHLIGHT, transitions as T, type ExplorerState } from "./state/view.ts";
import { decodeState, encodeState, MAX_PATH_HOPS, VIEWS } from "./url-state.ts";
import { PathView } from "./panels/path-view.ts";
import { overlayTop, panelOverlap } from "./renderer/camera-fit.ts";
import { GraphView } from "./views/graph-view.ts";
import { Follower } from "./views/follow.ts";
import { showSheets } from "./views/sheets.ts";
import { ClusterView } from "./views/clusters.ts";

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

const store = createStore<ExplorerState>({ view: decodeState(location.search), highlight: NO_HIGHLIGHT });
const settings = resolveRenderSettings();
/** Read by the end-to-end tests and the client benchmark. */
const status = {
  loaded: false,
  firstFrameAt: 0,
  interactiveAt: 0,
  error: null as string | null,
  /** When each loading step ended (performance.now()), for profiling. */
  phases: {} as Record<string, number>,
};
let view: GraphView | null = null;
let follower: Follower | null = null;
let paths: PathView | null = null;
let yearRange: YearRange | null = null;

const message = (text: string | null, error = false, retry?: () => void) => {
  $("message").dataset.dismissed = "false";
  showMessage($("message"), text, error, retry);
};
/** The countdown while the database is away (not shown again once the researcher closed it). */
function waiting(text: string): void {
  status.error = text;
  if ($("message").dataset.dismissed === "true") return;
  showMessage($("message"), text, true, retryNow);
  $("message")
    .querySelector<HTMLButtonElement>(".close")!
    .addEventListener("click", () => {
      $("message").dataset.dismissed = "true";
    });
}
let watching = false;
/** After a failure while the database is away: waits for it, then clears the banner and redraws the open view. */
async function watchUntilBack(): Promise<void> {
  if (watching) return;
  watching = true;
  try {
    await untilBack({ say: waiting });
    status.error = null;
    message(null);
    sheets();
  } finally {
    watching = false;
  }
}
function fail(e: unknown): void {
  status.error = failureText(e);
  message(status.error, true);
  if (isUnavailable(e)) void watchUntilBack();
}
const pushUrl = () => history.replaceState(null, "", `${location.pathname}${encodeState(store.get().view)}`);

/** The test and benchmark handle: the graph view's parts, and the two actions the tests take. */
const atlas = {
  status,
  get graph() {
    return view?.graph;
  },
  get renderer() {
    return view?.renderer ?? null;
  },
  get visible() {
    return view?.visible;
  },
  get drawn() {
    return view?.drawn ?? null;
  },
  get preview() {
    return view?.preview ?? null;
  },
  get mapLayer() {
    return view?.mapLayer ?? null;
  },
  get state() {
    return store.get().view;
  },
  get edgeBudget() {
    return settings.edgeBudget;
  },
  set edgeBudget(n: number) {
    settings.edgeBudget = resolveRenderSettings({ ...settings, edgeBudget: n }).edgeBudget;
  },
  /** Derives and draws everything again from the state (after a change of settings). */
  applyState() {
    view?.derive();
    afterDerive();
    view?.refresh();
  },
  select: (id: string | undefined) => store.update((s) => T.select(s, id)),
  enableCameraPreview: () => view?.enableCameraPreview(),
  /** The shortest paths shown (panels/path-view.ts). */
  get paths() {
    return paths?.result ?? null;
  },
  /** Layout and camera moves under way (views/follow.ts); 0 once the view rests. */
  get moving() {
    return follower?.pending ?? 0;
  },
  /** The labels drawn in the last frame, with their boxes in viewport pixels (renderer/labels.ts). */
  get labels() {
    return view?.mounted?.labels ?? [];
  },
};
(window as unknown as { atlas: typeof atlas }).atlas = atlas;

function afterDerive(): void {
  if (!view) return;
  renderCounts($("counts"), view.graph, view.visible, view.drawn);
  const empty = view.visible.nodes.size === 0;
  message(empty ? "No actor matches these filters. Loosen a filter or press Reset." : null);
}

const details = new DetailsPanel($("panel"));
function showDetails(id: string | undefined): void {
  if (!id || !view?.graph.hasNode(id)) return details.hide();
  const v = view;
  void details.show(id, {
    close: () => store.update((s) => T.select(s, undefined)),
    focus: (depth) => {
      // The camera follows the ego network once it is laid out (views/follow.ts).
      store.update((s) => T.focus(s, id, depth));
    },
    pick: (other) => {
      store.update((s) => T.select(s, other));
      if (v.visible.nodes.has(other)) v.centreOn(other);
    },
    pathTo: async (hit) => {
      // The path view (panels/path-view.ts) loads and shows every path; the request goes into the URL.
      const maxHops = store.get().view.path?.maxHops ?? MAX_PATH_HOPS;
      store.update((s) => T.setPath(s, { from: id, to: hit.id, maxHops }));
      const result = await (paths?.current ?? Promise.resolve(null));
      return PathView.summary(result, (n) => (v.graph.hasNode(n) ? v.graph.getNodeAttribute(n, "label") : n));
    },
  });
}

const sheets = () =>
  view &&
  showSheets({
    store,
    graph: view.graph,
    visible: () => view!.visible,
    openInGraph: (id) => {
      store.update((s) => T.select(T.setView(s, "graph"), id));
      view?.centreOn(id);
    },
    fail,
  });

/** Routes each change of state to the parts it concerns. */
store.subscribe((s, prev) => {
  // The cluster overview can change the view before the actor graph has loaded: the address follows it already.
  if (!view) {
    if (s.view !== prev.view) pushUrl();
    return;
  }
  const v = s.view;
  const p = prev.view;
  const rederive = v.filters !== p.filters || s.highlight.path !== prev.highlight.path;
  if (rederive) {
    view.derive();
    afterDerive();
  }
  if (rederive || v.selected !== p.selected || s.highlight.path !== prev.highlight.path) view.refresh();
  if (v.selected !== p.selected || (v.selected && v.view !== p.view)) showDetails(v.selected);
  if (v.size !== p.size) view.sizeBy(v.size).catch(fail);
  if (v.colorBy !== p.colorBy || (v.colorBy === "cluster" && v.filters !== p.filters))
    view.colorBy(v.colorBy).catch(fail);
  if (v.view !== p.view || (v.view === "directory" && rederive) || (v.view === "analysis" && v.size !== p.size))
    sheets();
  // The analysis follows the view's filters and ego focus.
  else if (v.view === "analysis" && v.filters !== p.filters) sheets();
  if (v !== p) {
    syncControls(v);
    pushUrl();
  }
  // A selection the loaded graph does not hold (an old link, another dataset) is dropped.
  if (v.selected && !view.graph.hasNode(v.selected)) store.update((x) => T.select(x, undefined));
});

function wireToolbar(v: GraphView): void {
  for (const name of VIEWS) $(`view-${name}`).addEventListener("click", () => store.update((s) => T.setView(s, name)));
  $("reset-view").addEventListener("click", () => {
    if (store.get().view.layout === "map") void v.showLayout("force").catch(fail);
    store.update(() => T.reset());
    v.renderer?.getCamera().animatedReset();
  });
  $("layout-toggle").addEventListener("click", () => {
    $("layout-toggle").textContent = v.toggleForceLayout() ? "Stop layout" : "Run layout";
  });
  $("map-toggle").addEventListener("click", () => {
    $("layout-toggle").textContent = "Run layout";
    v.showLayout(store.get().view.layout === "map" ? "force" : "map").catch(fail);
  });
  $("noverlap").addEventListener("click", () => v.spread());
  attachExportMenu(
    $<HTMLSelectElement>("export"),
    () => v.renderer,
    () => store.get().view,
    fail,
    () => store.get().highlight.path,
    () => new Set((v.mounted?.labels ?? []).map((b) => b.node)),
  );
  yearRange = new YearRange(
    $("year-range"),
    $<HTMLButtonElement>("play-years"),
    $("graph").parentElement!,
    v.graph,
    store,
  );
  document.addEventListener("keydown", (e) => {
    const typing = e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement;
    if (e.key === "/" && !typing) {
      e.preventDefault();
      $("search").focus();
    } else if (e.key === "Escape") {
      store.update((s) => T.select(s, undefined));
    }
  });
}

async function start(): Promise<void> {
  message("Loading the network…");
  try {
    const data = await withRetry(() => api.graph(), { say: waiting });
    status.error = null;
    message("Loading the network…");
    Object.assign(status.phases, {
      requested: graphLoadTimings.requestedAt,
      downloaded: graphLoadTimings.downloadedAt,
      parsed: graphLoadTimings.parsedAt,
      payloadChars: graphLoadTimings.bytes,
    });
    const graph = buildGraph(data);
    status.phases.built = performance.now();
    if (graph.order === 0) {
      message("The database holds no actors yet. Load the dataset with npm run seed.");
      status.loaded = true;
      return;
    }
    // Without the server's layout, a quick pass for small networks; large ones open on their spiral start
    // and the researcher runs ForceAtlas2 in its worker.
    if (data.attributes.layout !== "forceatlas2" && graph.order <= 5000) {
      message("Laying out the network…");
      await new Promise((r) => setTimeout(r, 0));
      forceAtlas2.assign(graph, { iterations: 50, settings: forceAtlas2.inferSettings(graph) });
    }
    const v = (view = new GraphView(graph, store, settings));
    v.onResample = () => renderCounts($("counts"), v.graph, v.visible, v.drawn);
    v.derive();
    // Labels under the details panel or the path list would be hidden: the placer leaves them out.
    v.labelsCovered = () => ({
      right: panelOverlap($("graph"), $("panel")),
      top: overlayTop($("graph"), paths?.element ?? null),
    });
    v.mount($("graph"));
    // When the details panel opens or closes, the free area changes: the labels are placed again (a redraw of the
    // same picture, no reprocessing), and a selection under the panel (opened from a link, say) is brought into it.
    new MutationObserver(() => {
      view?.refresh([]);
      const selected = store.get().view.selected;
      if (selected && !$("panel").hidden) view?.keepInView(selected, panelOverlap($("graph"), $("panel")));
    }).observe($("panel"), {
      attributes: true,
      attributeFilter: ["hidden"],
    });
    // Sigma draws its first frame while it is constructed.
    status.firstFrameAt = status.phases.mounted = performance.now();
    buildControls(graph, store);
    setupPlaceFilters(graph, store).catch(fail);
    wireToolbar(v);
    paths = new PathView($("graph").parentElement!, store, graph, (id) => store.update((s) => T.select(s, id)));
    follower = new Follower(v, store, {
      panel: $("panel"),
      overlay: () => paths?.element ?? null,
      quiet: () => yearRange?.playing ?? false,
    });
    v.basePositions = () => follower?.basePositions() ?? null;
    renderLegend($("legend"));
    status.phases.controls = performance.now();
    const linked = store.get().view.selected;
    if (linked && !graph.hasNode(linked)) store.update((x) => T.select(x, undefined));
    const s = store.get().view;
    syncControls(s);
    afterDerive();
    sheets();
    showDetails(s.selected);
    status.phases.stateApplied = performance.now();
    if (s.size !== "degree") v.sizeBy(s.size).catch(fail);
    if (s.layout === "map") v.showLayout("map", false).catch(fail);
    if (s.colorBy === "cluster") v.colorBy("cluster").catch(fail);
    follower.start();
    paths.start();
    if (!status.error) message(view.visible.nodes.size ? null : "No actor matches these filters.");
    status.loaded = true;
    // An opened large group drawn before the network had loaded takes its members' places in it now.
    (window as unknown as { atlasClusters?: ClusterView }).atlasClusters?.placesKnown();
    requestAnimationFrame(() => {
      status.interactiveAt = performance.now();
    });
  } catch (e) {
    fail(e);
  }
}

setupAccount();
/** The cluster overview (its own data and renderer); read by the end-to-end tests. */
(window as unknown as { atlasClusters: ClusterView }).atlasClusters = new ClusterView(
  $("clusters"),
  store,
  fail,
  (id) =>
    view?.graph.hasNode(id)
      ? { x: view.graph.getNodeAttribute(id, "x"), y: view.graph.getNodeAttribute(id, "y") }
      : null,
);
// The search works from the start (and says so when the database is away); a pick made before the network has
// loaded is selected once it has.
attachAutocomplete($<HTMLInputElement>("search"), $<HTMLUListElement>("search-results"), (hit) => {
  const v = view;
  if (!v) return store.update((s) => T.select(s, hit.id));
  if (!v.graph.hasNode(hit.id)) return;
  if (!v.visible.nodes.has(hit.id)) store.update(T.clearFilters);
  store.update((s) => T.select(s, hit.id));
  v.centreOn(hit.id);
});
// Help, the first-visit hint, Copy link and the zoom buttons work before (and without) the network.
const help = attachHelp($("help-open"), $("help"));
showFirstVisitHint($("hint"), help.open);
attachCopyLink($<HTMLButtonElement>("copy-link"));
attachSavedViews($<HTMLButtonElement>("saved-views-open"), $("saved-views"));
attachZoom($("zoom"), () => view?.renderer ?? null);
// The comparison and the profile are in the URL: a reload or a copied link reopens them.
attachLinkedDialogs(store);
// The zoom buttons belong to the actor graph (the cluster overview has its own bar there): hidden in the other
// views, from the first one on.
const zoomFor = (s: ExplorerState) => ($("zoom").hidden = s.view.view !== "graph");
zoomFor(store.get());
store.subscribe(zoomFor);
void start();
