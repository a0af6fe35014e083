/**
 * The graph view: the loaded network, what of it is visible for the view's state (shared/filters.ts, plus a shown
 * path), which of the visible relationships are drawn (graph/sampling.ts), and Sigma mounted on it
 * (renderer/mount.ts) drawing through the appearance reducers. It reads the store; it changes the store only
 * through transitions (hover, camera).
 */
import type Graph from "graphology";
import FA2Layout from "graphology-layout-forceatlas2/worker";
import forceAtlas2 from "graphology-layout-forceatlas2";
import noverlap from "graphology-layout-noverlap";
import { animateNodes } from "sigma/utils";
import { api } from "../api.ts";
import { DEFAULT_APPEARANCE, sizeScale, type Appearance, type DrawContext } from "../graph/appearance.ts";
import { EdgeSampler, type Box } from "../graph/sampling.ts";
import { drawingKind, mountRenderer, type Mounted } from "../renderer/mount.ts";
import { mapLayout, WORLD_BBOX, type CountryInfo } from "../renderer/geo.ts";
import type { MapLayer } from "../renderer/map-layer.ts";
import type { RenderSettings } from "../renderer/settings.ts";
import type { Store } from "../state/store.ts";
import { transitions as T, type ExplorerState } from "../state/view.ts";
import { edgeMatches, scopeQuery, visibleElements, type Visible } from "../../../shared/filters.ts";
import { CLUSTER_COLORS } from "../../../shared/palette.ts";
import { clusterLegend, renderLegend } from "../panels/legend.ts";
import type { ClustersAnswer } from "./clusters.ts";

/** The clusters of the scope the filters select (those of the cluster overview under the same filters), the
 * coloured ones described, every node's cluster id. */
const clusterColoursUrl = (scope: string) =>
  `/api/analytics/clusters?seed=1&limit=${CLUSTER_COLORS.length}&assignment=true${scope ? `&${scope}` : ""}`;
/** Colour index by node: cluster id 1 is colour 0; clusters beyond the palette are -1 (grey). */
const clusterIndex = (assignment: Record<string, number>) =>
  Object.fromEntries(Object.entries(assignment).map(([n, c]) => [n, c <= CLUSTER_COLORS.length ? c - 1 : -1]));

export class GraphView {
  visible: Visible = { nodes: new Set(), edges: new Set() };
  /** The visible edges that are drawn, when the view holds more than the edge budget; null when all are. */
  drawn: Set<string> | null = null;
  appearance: Appearance = DEFAULT_APPEARANCE;
  mounted: Mounted | null = null;
  /** How much of the picture the page covers (panel, path list), for the label placer; none when not given. */
  labelsCovered: (() => { right: number; top: number }) | null = null;
  mapLayer: MapLayer | null = null;
  private sampler: EdgeSampler | null = null;
  private ctx: DrawContext | null = null;
  private sizeMax = 1;
  private layout: FA2Layout | null = null;
  private countries: CountryInfo[] | null = null;
  /** Positions of the force layout, kept while the map view is shown. */
  private forcePositions: Record<string, { x: number; y: number }> = {};
  private cameraTimer = 0;
  /** The cluster colours' request last made. */
  private colouring = "";

  constructor(
    readonly graph: Graph,
    private readonly store: Store<ExplorerState>,
    readonly settings: RenderSettings,
  ) {
    this.sizeMax = sizeScale(graph, this.appearance);
  }

  get renderer() {
    return this.mounted?.sigma ?? null;
  }

  /** What the view's filters (and a shown path) leave visible, and which of it is drawn. */
  derive(): void {
    const { view, highlight } = this.store.get();
    const visible = visibleElements(this.graph, view.filters);
    if (highlight.path) {
      const path = highlight.path;
      const years = { ...view.filters, relTypes: [] };
      for (const n of path) if (this.graph.hasNode(n)) visible.nodes.add(n);
      this.graph.forEachEdge((e, a, s, t) => {
        if (path.has(s) && path.has(t) && edgeMatches(a, years)) visible.edges.add(e);
      });
    }
    this.visible = visible;
    this.sampler = new EdgeSampler(this.graph, visible.edges, this.settings.edgeBudget);
    this.drawn = this.sampler.choose(this.viewBox());
    this.ctx = null;
  }

  /** Everything the reducers read, rebuilt after each change (they run for every node and edge drawn). */
  private context = (): DrawContext =>
    (this.ctx ??= {
      graph: this.graph,
      visible: this.visible,
      drawn: this.drawn,
      highlight: this.store.get().highlight,
      selected: this.store.get().view.selected,
      appearance: this.appearance,
      sizeMax: this.sizeMax,
      // Before Sigma exists too: its constructor draws the first frame through the reducers.
      ...drawingKind(this.graph, this.settings),
    });

  /** Draws again after a change of state; `nodes` limits the redraw to those nodes. */
  refresh(nodes?: string[]): void {
    this.ctx = null;
    if (!this.renderer) return;
    if (nodes) this.renderer.refresh({ partialGraph: { nodes }, skipIndexation: true });
    else this.renderer.refresh({ skipIndexation: true });
  }

  mount(container: HTMLElement): void {
    this.mounted = mountRenderer(container, this.graph, this.settings, this.context, this.labelsCovered ?? undefined);
    this.ctx = null;
    const sigma = this.mounted.sigma;
    if (this.graph.order + this.graph.size > this.settings.previewAbove) this.enableCameraPreview();
    sigma.on("enterNode", ({ node }) => this.hover(node));
    sigma.on("leaveNode", () => this.hover(null));
    sigma.on("clickNode", ({ node }) => this.store.update((s) => T.select(s, node)));
    sigma.on("clickStage", () => this.store.update((s) => T.select(s, undefined)));
    sigma.getCamera().on("updated", () => this.saveCameraSoon());
    const camera = this.store.get().view.camera;
    if (camera) sigma.getCamera().setState(camera);
  }

  enableCameraPreview(): void {
    this.mounted?.enablePreview(() => this.resample());
  }

  get preview() {
    return this.mounted?.preview ?? null;
  }

  dispose(): void {
    this.layout?.kill();
    this.layout = null;
    this.mounted?.dispose();
    this.mounted = null;
  }

  /** The part of the network in view, in graph coordinates (none before the renderer exists). */
  viewBox(): Box | undefined {
    const r = this.renderer;
    if (!r) return undefined;
    const { width, height } = r.getDimensions();
    const a = r.viewportToGraph({ x: 0, y: 0 });
    const b = r.viewportToGraph({ x: width, y: height });
    return { x0: Math.min(a.x, b.x), x1: Math.max(a.x, b.x), y0: Math.min(a.y, b.y), y1: Math.max(a.y, b.y) };
  }

  /** Once the camera rests: the edges drawn follow the part of the network in view (only those whose drawing
   * changes are sent to Sigma again). Answers whether anything changed. */
  resample(): boolean {
    if (!this.drawn || !this.sampler || !this.renderer) return false;
    const before = this.drawn;
    const after = this.sampler.choose(this.viewBox()) ?? new Set<string>();
    const changed = [...before].filter((e) => !after.has(e));
    for (const e of after) if (!before.has(e)) changed.push(e);
    this.drawn = after;
    this.ctx = null;
    this.onResample?.();
    if (changed.length)
      this.renderer.refresh({ partialGraph: { edges: changed }, skipIndexation: true, schedule: true });
    return changed.length > 0;
  }
  /** The whole network's positions while a focused subset has a layout of its own (views/follow.ts). */
  basePositions?: () => Record<string, { x: number; y: number }> | null;
  /** Told when the drawn edges follow the camera (the counts say how many are drawn). */
  onResample?: () => void;

  private hover(node: string | null): void {
    // While the camera moves a large network, the frame on screen is a moved picture: a highlight would draw the
    // whole network again for each node the pointer crosses.
    if (this.preview?.moving) return;
    const before = this.store.get().highlight;
    this.store.update((s) => T.hover(s, node, node ? this.graph.neighbors(node) : []));
    const after = this.store.get().highlight;
    if (this.mounted?.large && !after.path) {
      // Only the nodes whose highlight changes are redrawn.
      this.refresh([...new Set([...before.hoverNeighbours, ...after.hoverNeighbours])]);
    } else this.refresh();
  }

  private saveCameraSoon(): void {
    clearTimeout(this.cameraTimer);
    this.cameraTimer = window.setTimeout(() => {
      if (!this.renderer) return;
      const c = this.renderer.getCamera().getState();
      this.store.update((s) => T.setCamera(s, { x: c.x, y: c.y, ratio: c.ratio }));
    }, 300);
  }

  /**
   * Pans the camera (no zoom) so that `node` sits in the middle of the picture's free part when it is hidden under
   * what covers the right of it (the details panel) or lies outside the picture.
   */
  keepInView(node: string, coveredRight: number): void {
    const sigma = this.renderer;
    const d = sigma?.getNodeDisplayData(node);
    if (!sigma || !d) return;
    const { width, height } = sigma.getDimensions();
    const p = sigma.framedGraphToViewport(d);
    const free = width - coveredRight;
    const margin = 24;
    if (p.x >= margin && p.x <= free - margin && p.y >= margin && p.y <= height - margin) return;
    // The camera looks at the point that is as far from the node as the free part's middle is from the centre.
    const target = sigma.viewportToFramedGraph({ x: width / 2 + p.x - free / 2, y: height / 2 + p.y - height / 2 });
    void sigma.getCamera().animate({ x: target.x, y: target.y }, { duration: 400 });
  }

  centreOn(node: string): void {
    const pos = this.renderer?.getNodeDisplayData(node);
    if (pos) void this.renderer!.getCamera().animate({ x: pos.x, y: pos.y, ratio: 0.25 }, { duration: 500 });
  }

  /** Sizes follow a measure computed by the API over the whole network (degree: from the graph itself). */
  async sizeBy(metric: string): Promise<void> {
    const sizeValues =
      metric === "degree"
        ? null
        : Object.fromEntries((await api.centrality(metric)).results.map((r) => [r.id, r.value]));
    this.appearance = { ...this.appearance, sizeValues };
    this.sizeMax = sizeScale(this.graph, this.appearance);
    this.refresh();
  }

  /** Colours follow sectors, or Louvain communities of the filtered view (asked again when the filters change). */
  async colorBy(by: "sector" | "cluster"): Promise<void> {
    // The clusters of the cluster overview under the same filters (same seed, ids and labels): the largest
    // coloured, the rest grey, and the legend saying which is which. An answer overtaken by a newer request is
    // dropped.
    const url = clusterColoursUrl(scopeQuery(this.store.get().view.filters));
    this.colouring = url;
    const found = by === "cluster" ? await api.send<ClustersAnswer>("GET", url) : null;
    if (this.colouring !== url) return;
    const clusters = found ? clusterIndex(found.assignment ?? {}) : null;
    this.appearance = { ...this.appearance, clusters };
    const legend = document.getElementById("legend");
    if (legend)
      renderLegend(
        legend,
        found ? clusterLegend(found.clusters, Math.max(0, found.count - CLUSTER_COLORS.length)) : undefined,
      );
    this.refresh();
  }

  /** Switches between the force layout and the map, animating the nodes to their new places. */
  async showLayout(layout: "force" | "map", animate = true): Promise<void> {
    const renderer = this.renderer;
    if (!renderer) return;
    if (this.layout?.isRunning()) this.layout.stop();
    let targets: Record<string, { x: number; y: number }>;
    if (layout === "map") {
      this.countries ??= (await api.countries()).countries;
      this.mapLayer ??= new (await import("../renderer/map-layer.ts")).MapLayer(renderer);
      if (this.store.get().view.layout !== "map" || !Object.keys(this.forcePositions).length) {
        const base = this.basePositions?.();
        this.graph.forEachNode((n, a) => (this.forcePositions[n] = base?.[n] ?? { x: a.x, y: a.y }));
      }
      const map = mapLayout(this.graph, this.countries);
      targets = map.positions;
      this.mapLayer.noLocationCount = () => map.unplaced.filter((n) => this.visible.nodes.has(n)).length;
      renderer.setCustomBBox(WORLD_BBOX);
    } else {
      targets = this.forcePositions;
      renderer.setCustomBBox(null);
    }
    if (this.mapLayer) this.mapLayer.visible = layout === "map";
    if (animate) animateNodes(this.graph, targets, { duration: 700 });
    else this.graph.updateEachNodeAttributes((n, a) => ({ ...a, ...(targets[n] ?? {}) }));
    renderer.getCamera().animatedReset();
    this.store.update((s) => T.setLayout(s, layout));
  }

  /** Runs or stops ForceAtlas2 in its worker; answers whether it now runs. */
  toggleForceLayout(): boolean {
    if (this.layout?.isRunning()) {
      this.layout.stop();
      return false;
    }
    this.layout ??= new FA2Layout(this.graph, { settings: forceAtlas2.inferSettings(this.graph) });
    this.layout.start();
    return true;
  }

  spread(): void {
    noverlap.assign(this.graph, { maxIterations: 50, settings: { ratio: 1.2, margin: 1 } });
  }

  /** The earliest and latest start years of relationships, or null when none has one. */
  yearSpan(): [number, number] | null {
    let min = Infinity;
    let max = -Infinity;
    this.graph.forEachEdge((_e, a) => {
      if (!a.since) return;
      min = Math.min(min, a.since);
      max = Math.max(max, a.since);
    });
    return Number.isFinite(min) ? [min, max] : null;
  }
}
