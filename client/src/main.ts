/**
 * The explorer: loads the network from the API into graphology, draws it with Sigma, and derives everything the
 * person sees (filters, focus, hover, selection, paths) from one view state through Sigma's reducers. The state
 * is mirrored in the URL.
 */
import { esc } from "./html.ts";
import Graph from "graphology";
import FA2Layout from "graphology-layout-forceatlas2/worker";
import forceAtlas2 from "graphology-layout-forceatlas2";
import noverlap from "graphology-layout-noverlap";
import Sigma from "sigma";
import { NodeSquareProgram } from "@sigma/node-square";
import { EdgeLineProgram, NodePointProgram } from "sigma/rendering";
import { api, ApiError, graphLoadTimings, type NodeDetail, type SearchHit } from "./api.ts";
import { renderDirectory, directoryRows } from "./directory.ts";
import { dataExportUrl, EdgeSampler, edgeMatches, visibleElements, type Box, type Visible } from "./filters.ts";
import { previewCameraMoves, type CameraPreview } from "./camera-preview.ts";
import { renderAnalysis } from "./analysis.ts";
import { applySizes, buildGraph, nodeColor } from "./graph-data.ts";
import { decoratePanel, setupAccount } from "./editing.ts";
import {
  REL_COLORS,
  REL_LABELS,
  REL_TYPES,
  SECTOR_COLORS,
  SECTOR_LABELS,
  SECTORS,
  PARTNERSHIP_COLOR,
} from "../../shared/palette.ts";
import { mapPositions, WORLD_BBOX, type CountryInfo } from "./geo.ts";
import type { MapLayer } from "./map-layer.ts";
import { animateNodes } from "sigma/utils";
import { decodeState, encodeState, VIEWS, type ViewState } from "./url-state.ts";

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const DIM_NODE = "#e4e6e8";
const DIM_EDGE = "#f0f1f2";
/** Above this many relationships, edges are drawn as plain one-pixel lines (no arrowheads). */
const LINE_EDGES_ABOVE = 20_000;
/** Above this many nodes, hovering highlights the node and its neighbours without redrawing (dimming) the rest,
 * and actors are drawn as points (one vertex each: far cheaper than Sigma's discs where WebGL runs in software). */
const LARGE_ORDER = 5_000;
/** Above this many nodes and edges together, camera moves show the last frame moved and scaled until the camera
 * rests (camera-preview.ts). */
const PREVIEW_ABOVE = 20_000;
/** At most this many relationships are drawn at once: larger views draw those in view, an even sample of them
 * when still too many (filters.ts, EdgeSampler), and say so in the counts. */
const EDGE_BUDGET = 50_000;

class Explorer {
  state: ViewState = decodeState(location.search);
  graph = new Graph();
  renderer: Sigma | null = null;
  visible: Visible = { nodes: new Set(), edges: new Set() };
  /** The visible edges that are drawn, when the view holds more than EDGE_BUDGET; null when all are. */
  drawn: Set<string> | null = null;
  edgeBudget = EDGE_BUDGET;
  sampler: EdgeSampler | null = null;
  preview: CameraPreview | null = null;
  hovered: string | null = null;
  hoverNeighbours = new Set<string>();
  path: Set<string> | null = null;
  layout: FA2Layout | null = null;
  mapLayer: MapLayer | null = null;
  countries: CountryInfo[] | null = null;
  /** Positions of the force layout, kept while the map view is shown. */
  forcePositions: Record<string, { x: number; y: number }> = {};
  playing: number | null = null;
  /** Read by the end-to-end tests and the client benchmark. */
  readonly status = {
    loaded: false,
    firstFrameAt: 0,
    interactiveAt: 0,
    error: null as string | null,
    /** When each loading step ended (performance.now()), for profiling. */
    phases: {} as Record<string, number>,
  };

  async start(): Promise<void> {
    this.message("Loading the network…");
    try {
      const data = await api.graph();
      Object.assign(this.status.phases, {
        requested: graphLoadTimings.requestedAt,
        downloaded: graphLoadTimings.downloadedAt,
        parsed: graphLoadTimings.parsedAt,
        payloadChars: graphLoadTimings.bytes,
      });
      this.graph = buildGraph(data);
      this.status.phases.built = performance.now();
      if (this.graph.order === 0) {
        this.message("The database holds no actors yet. Load the dataset with npm run seed.");
        this.status.loaded = true;
        return;
      }
      // Without the server's layout, a quick pass for small networks; large ones open on their spiral start
      // and the researcher runs ForceAtlas2 in its worker.
      if (data.attributes.layout !== "forceatlas2" && this.graph.order <= 5000) {
        this.message("Laying out the network…");
        await new Promise((r) => setTimeout(r, 0));
        forceAtlas2.assign(this.graph, { iterations: 50, settings: forceAtlas2.inferSettings(this.graph) });
      }
      this.show(visibleElements(this.graph, this.state.filters));
      this.mount();
      this.status.phases.mounted = performance.now();
      this.buildControls();
      this.status.phases.controls = performance.now();
      this.applyState(false, true);
      this.status.phases.stateApplied = performance.now();
      if (this.state.size !== "degree") void this.applySizeMetric();
      if (this.state.layout === "map") void this.showLayout("map", false);
      if (this.state.colorBy === "cluster") void this.applyColors();
      this.message(null);
      this.status.loaded = true;
      requestAnimationFrame(() => {
        this.status.interactiveAt = performance.now();
      });
    } catch (e) {
      this.fail(e);
    }
  }

  fail(e: unknown): void {
    const text =
      e instanceof ApiError && e.code === "database_unavailable"
        ? "The database is not reachable right now. The explorer will work again once it is back: reload in a moment."
        : e instanceof ApiError
          ? e.message
          : `Something went wrong: ${(e as Error).message}`;
    this.status.error = text;
    this.message(text, true);
  }

  message(text: string | null, error = false): void {
    const box = $("message");
    box.hidden = text === null;
    box.textContent = text ?? "";
    box.classList.toggle("error", error);
  }

  /** Sigma's program for edges: arrows, or plain lines on large networks. */
  edgeProgram: "arrow" | "line" = "arrow";
  /** Large networks: hover without redrawing everything. */
  large = false;

  show(visible: Visible): void {
    this.visible = visible;
    this.sampler = new EdgeSampler(this.graph, visible.edges, this.edgeBudget);
    this.drawn = this.sampler.choose(this.viewBox());
  }

  /** The part of the network in view, in graph coordinates (none before the renderer exists). */
  viewBox(): Box | undefined {
    if (!this.renderer) return undefined;
    const { width, height } = this.renderer.getDimensions();
    const a = this.renderer.viewportToGraph({ x: 0, y: 0 });
    const b = this.renderer.viewportToGraph({ x: width, y: height });
    return { x0: Math.min(a.x, b.x), x1: Math.max(a.x, b.x), y0: Math.min(a.y, b.y), y1: Math.max(a.y, b.y) };
  }

  /** Once the camera rests: the edges drawn follow the part of the network in view (only those whose drawing
   * changes are sent to Sigma again). */
  resample(): void {
    if (!this.drawn || !this.sampler || !this.renderer) return;
    const before = this.drawn;
    const after = this.sampler.choose(this.viewBox()) ?? new Set<string>();
    const changed = [...before].filter((e) => !after.has(e));
    for (const e of after) if (!before.has(e)) changed.push(e);
    this.drawn = after;
    this.renderCounts();
    if (changed.length)
      this.renderer.refresh({ partialGraph: { edges: changed }, skipIndexation: true, schedule: true });
  }

  mount(): void {
    const container = $("graph");
    this.edgeProgram = this.graph.size > LINE_EDGES_ABOVE ? "line" : "arrow";
    this.large = this.graph.order > LARGE_ORDER;
    this.renderer = new Sigma(this.graph, container, {
      nodeProgramClasses: this.large
        ? { circle: NodePointProgram, square: NodeSquareProgram }
        : { square: NodeSquareProgram },
      edgeProgramClasses: { line: EdgeLineProgram },
      defaultEdgeType: this.edgeProgram,
      labelRenderedSizeThreshold: 7,
      labelDensity: 0.6,
      labelGridCellSize: 90,
      zIndex: true,
      minEdgeThickness: 0.6,
      // Sigma hands the reducers a copy of the attributes: they change it in place.
      nodeReducer: (node, data) => {
        const res: Record<string, unknown> = data;
        if (!this.visible.nodes.has(node)) {
          res.hidden = true;
          return res;
        }
        if (this.large && !this.path && this.hovered) {
          if (this.hoverNeighbours.has(node)) {
            res.highlighted = true;
            res.forceLabel = true;
          }
        }
        const focusSet = this.path ?? (this.hovered && !this.large ? this.hoverNeighbours : null);
        if (focusSet && !focusSet.has(node)) {
          res.color = DIM_NODE;
          res.label = "";
          res.zIndex = 0;
        } else if (focusSet) {
          res.zIndex = 1;
          res.forceLabel = true;
        }
        if (node === this.state.selected) {
          res.highlighted = true;
          res.forceLabel = true;
          res.zIndex = 2;
        }
        return res;
      },
      edgeReducer: (edge, data) => {
        // The attribute `type` is the relationship's; Sigma's is the drawing program.
        data.type = this.edgeProgram;
        if (!this.visible.edges.has(edge) || (this.drawn && !this.drawn.has(edge) && !this.mustDraw(edge))) {
          data.hidden = true;
          return data;
        }
        if (!this.path && (!this.hovered || this.large)) return data;
        const [s, t] = this.graph.extremities(edge);
        if (this.path && !(this.path.has(s) && this.path.has(t))) data.color = DIM_EDGE;
        else if (this.hovered && !this.large && s !== this.hovered && t !== this.hovered) data.color = DIM_EDGE;
        return data;
      },
    });
    // Sigma draws its first frame while it is constructed.
    this.status.firstFrameAt = performance.now();
    if (this.graph.order + this.graph.size > PREVIEW_ABOVE) this.enableCameraPreview();
    this.renderer.on("enterNode", ({ node }) => this.hover(node));
    this.renderer.on("leaveNode", () => this.hover(null));
    this.renderer.on("clickNode", ({ node }) => this.select(node));
    this.renderer.on("clickStage", () => this.select(undefined));
    this.renderer.getCamera().on("updated", () => this.saveCameraSoon());
  }

  enableCameraPreview(): void {
    if (this.renderer) this.preview ??= previewCameraMoves(this.renderer, { beforeRest: () => this.resample() });
  }

  /** Edges drawn even when outside the sample: the selected node's and those on a shown path. */
  mustDraw(edge: string): boolean {
    if (!this.state.selected && !this.path) return false;
    const [s, t] = this.graph.extremities(edge);
    return (
      s === this.state.selected || t === this.state.selected || (!!this.path && this.path.has(s) && this.path.has(t))
    );
  }

  hover(node: string | null): void {
    // While the camera moves a large network, the frame on screen is a moved picture: a highlight would draw the
    // whole network again for each node the pointer crosses.
    if (this.preview?.moving) return;
    const before = this.hoverNeighbours;
    this.hovered = node;
    this.hoverNeighbours = new Set(node ? [node, ...this.graph.neighbors(node)] : []);
    if (this.large && !this.path) {
      // Only the nodes whose highlight changes are redrawn.
      const nodes = [...new Set([...before, ...this.hoverNeighbours])];
      this.renderer?.refresh({ partialGraph: { nodes }, skipIndexation: true });
    } else this.renderer?.refresh({ skipIndexation: true });
  }

  private cameraTimer = 0;
  saveCameraSoon(): void {
    clearTimeout(this.cameraTimer);
    this.cameraTimer = window.setTimeout(() => {
      const c = this.renderer!.getCamera().getState();
      this.state.camera = { x: c.x, y: c.y, ratio: c.ratio };
      this.pushUrl();
    }, 300);
  }

  pushUrl(): void {
    history.replaceState(null, "", `${location.pathname}${encodeState(this.state)}`);
  }

  /** Re-derives what is shown from the state; `push` records the new state in the URL. `loading`: the renderer
   * has just drawn the state's filters, so nothing is recomputed or redrawn. */
  applyState(push = true, loading = false): void {
    if (!loading) this.show(visibleElements(this.graph, this.state.filters));
    if (this.state.selected && !this.graph.hasNode(this.state.selected)) this.state.selected = undefined;
    this.syncControls();
    this.renderCounts();
    const empty = this.visible.nodes.size === 0;
    this.message(empty ? "No actor matches these filters. Loosen a filter or press Reset." : null);
    if (!loading) this.renderer?.refresh({ skipIndexation: true });
    if (this.state.camera && this.renderer) this.renderer.getCamera().setState(this.state.camera);
    this.showView();
    if (this.state.selected) void this.showPanel(this.state.selected);
    else $("panel").hidden = true;
    if (push) this.pushUrl();
  }

  renderCounts(): void {
    const actors = [...this.visible.nodes].filter((n) => this.graph.getNodeAttribute(n, "entity") === "Actor").length;
    $("counts").textContent =
      `${actors} actors, ${this.visible.nodes.size - actors} partnerships, ${this.visible.edges.size} relationships ` +
      `(of ${this.graph.order} nodes, ${this.graph.size} relationships)` +
      (this.drawn
        ? `; ${this.drawn.size} relationships drawn (those in view, an even sample when too many): zoom in, narrow ` +
          "the filters or select an actor to draw more"
        : "");
    $("counts").dataset.nodes = String(this.visible.nodes.size);
    $("counts").dataset.edges = String(this.visible.edges.size);
    $("counts").dataset.drawn = String(this.drawn?.size ?? this.visible.edges.size);
  }

  select(node: string | undefined): void {
    this.state.selected = node;
    this.path = null;
    if (node) void this.showPanel(node);
    else $("panel").hidden = true;
    this.renderer?.refresh({ skipIndexation: true });
    this.pushUrl();
  }

  centreOn(node: string): void {
    if (!this.renderer) return;
    const pos = this.renderer.getNodeDisplayData(node);
    if (pos) void this.renderer.getCamera().animate({ x: pos.x, y: pos.y, ratio: 0.25 }, { duration: 500 });
  }

  private panelFor: string | null = null;
  async showPanel(id: string): Promise<void> {
    const panel = $("panel");
    panel.hidden = false;
    if (this.panelFor === id && panel.dataset.loaded === "true") return;
    this.panelFor = id;
    panel.dataset.loaded = "false";
    panel.innerHTML = `<p>Loading…</p>`;
    let d: NodeDetail;
    try {
      d = await api.node(id);
    } catch (e) {
      panel.innerHTML = `<p class="error">${esc(e instanceof Error ? e.message : e)}</p>`;
      return;
    }
    if (this.panelFor !== id) return;
    panel.innerHTML = renderPanel(d);
    decoratePanel(panel, d, async (q) => (await api.search(q)).results.map((h) => ({ id: h.id, name: h.name })));
    panel.dataset.loaded = "true";
    panel.querySelector<HTMLButtonElement>(".close")!.onclick = () => this.select(undefined);
    panel.querySelectorAll<HTMLButtonElement>("[data-focus]").forEach((b) => {
      b.onclick = () => {
        this.state.filters = { ...this.state.filters, focus: { id, depth: Number(b.dataset.focus) } };
        this.applyState();
        this.centreOn(id);
      };
    });
    panel.querySelectorAll<HTMLAnchorElement>("[data-node]").forEach((a) => {
      a.onclick = (ev) => {
        ev.preventDefault();
        this.select(a.dataset.node);
        if (this.visible.nodes.has(a.dataset.node!)) this.centreOn(a.dataset.node!);
      };
    });
    const pathInput = panel.querySelector<HTMLInputElement>("#path-to")!;
    attachAutocomplete(pathInput, panel.querySelector<HTMLUListElement>("#path-results")!, async (hit) => {
      try {
        const res = await api.paths(id, hit.id);
        if (res.paths.length === 0) {
          panel.querySelector("#path-out")!.textContent = `No path of 8 steps or fewer to ${hit.name}.`;
          return;
        }
        this.path = new Set(res.paths.flat());
        for (const n of this.path) this.visible.nodes.add(n);
        this.graph.forEachEdge((e, a, s, t) => {
          if (this.path!.has(s) && this.path!.has(t) && edgeMatches(a, { ...this.state.filters, relTypes: [] }))
            this.visible.edges.add(e);
        });
        const first = res.paths[0]!;
        panel.querySelector("#path-out")!.innerHTML =
          `${res.paths.length} shortest path${res.paths.length > 1 ? "s" : ""} of ${first.length - 1} step${first.length > 2 ? "s" : ""}: ` +
          first.map((n) => esc(this.graph.hasNode(n) ? this.graph.getNodeAttribute(n, "fullName") : n)).join(" → ");
        this.renderer?.refresh({ skipIndexation: true });
      } catch (e) {
        panel.querySelector("#path-out")!.textContent = e instanceof Error ? e.message : String(e);
      }
    });
  }

  showQueries(renderQueries: typeof import("./queries.ts").renderQueries): Promise<void> {
    return renderQueries($("queries"), {
      initial: this.state.query,
      remember: (query) => {
        this.state.query = query;
        this.pushUrl();
      },
      highlight: (ids) => {
        this.path = new Set(ids.filter((id) => this.graph.hasNode(id)));
        for (const id of this.path) this.visible.nodes.add(id);
      },
      showGraph: () => {
        this.state.view = "graph";
        this.showView();
        this.pushUrl();
        this.renderer?.refresh({ skipIndexation: true });
      },
    });
  }

  showView(): void {
    for (const v of VIEWS) {
      $(`view-${v}`).setAttribute("aria-pressed", String(v === this.state.view));
      if (v !== "graph") $(v).hidden = v !== this.state.view;
    }
    $("legend").hidden = this.state.view !== "graph";
    const directory = this.state.view === "directory";
    if (this.state.view === "analysis") {
      renderAnalysis($("analysis"), this.state.size, "", (id) => this.focusFromSheet(id)).catch((e) => this.fail(e));
    }
    // The query view's Cypher editor is a large module of its own, loaded when the view is first opened.
    if (this.state.view === "queries") {
      void import("./queries.ts")
        .then(({ renderQueries }) => this.showQueries(renderQueries))
        .catch((e) => this.fail(e));
    }
    if (directory)
      renderDirectory($("directory"), directoryRows(this.graph, this.visible), (id) => {
        this.state.view = "graph";
        this.select(id);
        this.applyState();
        this.centreOn(id);
      });
  }

  buildControls(): void {
    const sectorBox = $("filter-sector");
    sectorBox.innerHTML = SECTORS.map(
      (s) =>
        `<label><input type="checkbox" value="${s}"><span class="swatch" style="background:${SECTOR_COLORS[s]}"></span>${esc(SECTOR_LABELS[s])}</label>`,
    ).join("");
    const relBox = $("filter-rel");
    relBox.innerHTML = REL_TYPES.map(
      (t) =>
        `<label><input type="checkbox" value="${t}"><span class="swatch line" style="background:${REL_COLORS[t]}"></span>${esc(REL_LABELS[t])}</label>`,
    ).join("");
    const onChecks = (box: HTMLElement, key: "sectors" | "relTypes") =>
      box.addEventListener("change", () => {
        const values = [...box.querySelectorAll<HTMLInputElement>("input:checked")].map((i) => i.value);
        this.state.filters = { ...this.state.filters, [key]: values };
        this.applyState();
      });
    onChecks(sectorBox, "sectors");
    onChecks(relBox, "relTypes");

    const regions = new Set<string>();
    const issues = new Set<string>();
    const datasets = new Set<string>();
    const countries = new Set<string>();
    this.graph.forEachNode((_n, a) => {
      if (a.region) regions.add(a.region);
      if (a.country) countries.add(a.country);
      for (const i of a.issues ?? []) issues.add(i);
      if (a.dataset) datasets.add(a.dataset);
    });
    const fill = (select: HTMLSelectElement, values: string[], label = (v: string) => v) =>
      select.insertAdjacentHTML(
        "beforeend",
        values.map((v) => `<option value="${esc(v)}">${esc(label(v))}</option>`).join(""),
      );
    fill($("filter-region"), [...regions].sort());
    fill($("filter-country"), [...countries].sort());
    void api
      .countries()
      .then(({ countries: all }) => {
        const names = new Map(all.map((c) => [c.id, c.name]));
        for (const o of $<HTMLSelectElement>("filter-country").options)
          if (o.value) o.textContent = names.get(o.value) ?? o.value;
      })
      .catch(() => undefined);
    $("filter-country").addEventListener("change", (e) => {
      const v = (e.target as HTMLSelectElement).value;
      this.state.filters = { ...this.state.filters, countries: v ? [v] : [] };
      this.applyState();
    });
    fill($("filter-issue"), [...issues].sort(), (v) => v.replace(/-/g, " "));
    fill($("filter-dataset"), [...datasets].sort());
    // With one dataset loaded there is nothing to choose.
    $("dataset-section").hidden = datasets.size < 2 && this.state.filters.datasets.length === 0;
    $("filter-dataset").addEventListener("change", (e) => {
      const v = (e.target as HTMLSelectElement).value;
      this.state.filters = { ...this.state.filters, datasets: v ? [v] : [] };
      this.applyState();
    });
    $("filter-region").addEventListener("change", (e) => {
      const v = (e.target as HTMLSelectElement).value;
      this.state.filters = { ...this.state.filters, regions: v ? [v] : [] };
      this.applyState();
    });
    $("filter-issue").addEventListener("change", (e) => {
      const v = (e.target as HTMLSelectElement).value;
      this.state.filters = { ...this.state.filters, issues: v ? [v] : [] };
      this.applyState();
    });
    const yearInput = (id: string, key: "from" | "to") =>
      $(id).addEventListener("change", (e) => {
        const v = (e.target as HTMLInputElement).value;
        this.state.filters = { ...this.state.filters, [key]: /^\d{4}$/.test(v) ? Number(v) : undefined };
        this.applyState();
      });
    yearInput("filter-from", "from");
    yearInput("filter-to", "to");
    $("filter-min").addEventListener("change", (e) => {
      this.state.filters = {
        ...this.state.filters,
        minDegree: Math.max(0, Number((e.target as HTMLInputElement).value) || 0),
      };
      this.applyState();
    });
    $("filter-isolated").addEventListener("change", (e) => {
      const on = (e.target as HTMLInputElement).checked;
      this.state.filters = { ...this.state.filters, minDegree: on ? Math.max(1, this.state.filters.minDegree) : 0 };
      this.applyState();
    });
    $("play-years").addEventListener("click", () => this.togglePlay());
    $("size-metric").addEventListener("change", (e) => {
      this.state.size = (e.target as HTMLSelectElement).value as ViewState["size"];
      void this.applySizeMetric();
      this.applyState();
    });
    for (const v of VIEWS) {
      $(`view-${v}`).addEventListener("click", () => {
        this.state.view = v;
        this.applyState();
      });
    }
    $("color-cluster").addEventListener("change", (e) => {
      this.state.colorBy = (e.target as HTMLInputElement).checked ? "cluster" : "sector";
      void this.applyColors();
      this.pushUrl();
    });
    $("reset-view").addEventListener("click", () => {
      if (this.state.layout === "map") void this.showLayout("force");
      this.state = decodeState("");
      this.path = null;
      this.renderer?.getCamera().animatedReset();
      this.applyState();
    });
    $("layout-toggle").addEventListener("click", () => this.toggleLayout());
    $("map-toggle").addEventListener(
      "click",
      () => void this.showLayout(this.state.layout === "map" ? "force" : "map"),
    );
    $("export").addEventListener("change", (e) => {
      const select = e.target as HTMLSelectElement;
      const choice = select.value;
      select.value = "";
      if (!choice || !this.renderer) return;
      const renderer = this.renderer;
      if (choice === "svg" || choice.startsWith("png")) {
        import("./export.ts")
          .then(({ downloadPng, downloadSvg }) =>
            choice === "svg" ? downloadSvg(renderer) : downloadPng(renderer, Number(choice.slice(3))),
          )
          .catch((e) => this.fail(e));
      } else {
        const include: string[] = this.state.size !== "degree" ? [this.state.size] : [];
        if (this.state.colorBy === "cluster") include.push("community");
        location.assign(dataExportUrl(choice, this.state.filters, include));
      }
    });
    $("noverlap").addEventListener("click", () => {
      noverlap.assign(this.graph, { maxIterations: 50, settings: { ratio: 1.2, margin: 1 } });
    });
    attachAutocomplete($<HTMLInputElement>("search"), $<HTMLUListElement>("search-results"), (hit) => {
      if (!this.graph.hasNode(hit.id)) return;
      if (!this.visible.nodes.has(hit.id)) {
        this.state.filters = decodeState("").filters;
        this.applyState();
      }
      this.select(hit.id);
      this.centreOn(hit.id);
    });
    document.addEventListener("keydown", (e) => {
      const typing = e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement;
      if (e.key === "/" && !typing) {
        e.preventDefault();
        $("search").focus();
      } else if (e.key === "Escape") {
        this.path = null;
        this.select(undefined);
      }
    });
    renderLegend();
  }

  /** Sizes nodes by the chosen centrality, computed by the API over the whole network. */
  async applySizeMetric(): Promise<void> {
    try {
      if (this.state.size === "degree") applySizes(this.graph, null);
      else {
        const { results } = await api.centrality(this.state.size);
        applySizes(this.graph, Object.fromEntries(results.map((r) => [r.id, r.value])));
      }
      this.renderer?.refresh({ skipIndexation: true });
    } catch (e) {
      this.fail(e);
    }
  }

  /** Colours nodes by sector, or by Louvain community. */
  async applyColors(): Promise<void> {
    try {
      const assignment = this.state.colorBy === "cluster" ? (await api.communities()).assignment : null;
      this.graph.forEachNode((n, a) => this.graph.setNodeAttribute(n, "color", nodeColor(a, assignment?.[n])));
      this.renderer?.refresh({ skipIndexation: true });
    } catch (e) {
      this.fail(e);
    }
  }

  focusFromSheet(id: string): void {
    this.state.view = "graph";
    this.select(id);
    this.applyState();
    this.centreOn(id);
  }

  /** Puts the state's values into the form controls (after loading a shared URL or a reset). */
  syncControls(): void {
    const f = this.state.filters;
    $("filter-sector")
      .querySelectorAll<HTMLInputElement>("input")
      .forEach((i) => (i.checked = f.sectors.includes(i.value)));
    $("filter-rel")
      .querySelectorAll<HTMLInputElement>("input")
      .forEach((i) => (i.checked = f.relTypes.includes(i.value)));
    $<HTMLSelectElement>("filter-region").value = f.regions[0] ?? "";
    $<HTMLSelectElement>("filter-country").value = f.countries[0] ?? "";
    $<HTMLSelectElement>("filter-issue").value = f.issues[0] ?? "";
    $<HTMLSelectElement>("filter-dataset").value = f.datasets[0] ?? "";
    $<HTMLInputElement>("filter-from").value = f.from ? String(f.from) : "";
    $<HTMLInputElement>("filter-to").value = f.to ? String(f.to) : "";
    $<HTMLInputElement>("filter-min").value = String(f.minDegree);
    $<HTMLInputElement>("filter-isolated").checked = f.minDegree > 0;
    $<HTMLSelectElement>("size-metric").value = this.state.size;
    $<HTMLInputElement>("color-cluster").checked = this.state.colorBy === "cluster";
  }

  /** Switches between the force layout and the map, animating the nodes to their new places. */
  async showLayout(layout: "force" | "map", animate = true): Promise<void> {
    if (!this.renderer) return;
    if (this.layout?.isRunning()) this.toggleLayout();
    let targets: Record<string, { x: number; y: number }>;
    if (layout === "map") {
      try {
        this.countries ??= (await api.countries()).countries;
        this.mapLayer ??= new (await import("./map-layer.ts")).MapLayer(this.renderer);
      } catch (e) {
        return this.fail(e);
      }
      if (this.state.layout !== "map" || !Object.keys(this.forcePositions).length) {
        this.graph.forEachNode((n, a) => (this.forcePositions[n] = { x: a.x, y: a.y }));
      }
      targets = mapPositions(this.graph, this.countries);
      this.renderer.setCustomBBox(WORLD_BBOX);
    } else {
      targets = this.forcePositions;
      this.renderer.setCustomBBox(null);
    }
    this.state.layout = layout;
    if (this.mapLayer) this.mapLayer.visible = layout === "map";
    $("map-toggle").setAttribute("aria-pressed", String(layout === "map"));
    $("layout-toggle").toggleAttribute("disabled", layout === "map");
    if (animate) animateNodes(this.graph, targets, { duration: 700 });
    else this.graph.updateEachNodeAttributes((n, a) => ({ ...a, ...(targets[n] ?? {}) }));
    this.renderer.getCamera().animatedReset();
    this.pushUrl();
  }

  toggleLayout(): void {
    const button = $("layout-toggle");
    if (this.layout?.isRunning()) {
      this.layout.stop();
      button.textContent = "Run layout";
      return;
    }
    this.layout ??= new FA2Layout(this.graph, { settings: forceAtlas2.inferSettings(this.graph) });
    this.layout.start();
    button.textContent = "Stop layout";
  }

  /** Steps the year window one year at a time from the earliest year in the data. */
  togglePlay(): void {
    const button = $("play-years");
    if (this.playing !== null) {
      clearInterval(this.playing);
      this.playing = null;
      button.textContent = "▶ Play";
      return;
    }
    let min = Infinity;
    let max = -Infinity;
    this.graph.forEachEdge((_e, a) => {
      if (!a.since) return;
      min = Math.min(min, a.since);
      max = Math.max(max, a.since);
    });
    if (!Number.isFinite(min)) return;
    let year = this.state.filters.to && this.state.filters.to < max ? this.state.filters.to + 1 : min;
    button.textContent = "⏸ Pause";
    this.playing = window.setInterval(() => {
      this.state.filters = { ...this.state.filters, to: year, from: undefined };
      this.applyState();
      if (++year > max) this.togglePlay();
    }, 900);
  }
}

function renderPanel(d: NodeDetail): string {
  const n = d.node;
  const isPartnership = d.labels.includes("Partnership");
  const links = (urls: string[] = []) =>
    urls
      .map((u) => `<a href="${esc(u)}" target="_blank" rel="noopener noreferrer">${esc(new URL(u).hostname)}</a>`)
      .join(", ");
  const years = (r: Record<string, any>) => (r.since || r.until ? ` (${r.since ?? "?"}–${r.until ?? ""})` : "");
  const groups = Object.entries(d.relationships)
    .map(
      ([type, list]) =>
        `<h3>${esc(REL_LABELS[type as keyof typeof REL_LABELS] ?? type)} <small>(${list.length})</small></h3><ul>` +
        list
          .map(
            (r) =>
              `<li>${r.direction === "out" ? "→" : "←"} <a href="#" data-node="${esc(r.counterpart.id)}">${esc(r.counterpart.name)}</a>` +
              `${r.role ? ` <em>${esc(r.role)}</em>` : ""}${years(r)}` +
              `${r.amount ? ` ${esc(r.amount.toLocaleString())} ${esc(r.currency)}` : ""}` +
              ` <span class="src">[${links(r.sources)}]</span></li>`,
          )
          .join("") +
        `</ul>`,
    )
    .join("");
  return `
    <button class="close" aria-label="Close details">✕</button>
    <h2>${esc(n.name)}</h2>
    <p class="meta">${esc(n.acronym ?? "")} ${isPartnership ? `Partnership · ${esc(n.kind)}` : esc(SECTOR_LABELS[n.sector as keyof typeof SECTOR_LABELS] ?? n.sector)}</p>
    ${n.description ? `<p>${esc(n.description)}</p>` : ""}
    <dl>
      ${d.country ? `<dt>Based in</dt><dd>${esc(d.country.name)} (${esc(d.country.region)})</dd>` : ""}
      ${n.founded ? `<dt>Founded</dt><dd>${esc(n.founded)}</dd>` : ""}
      ${n.website ? `<dt>Website</dt><dd><a href="${esc(n.website)}" target="_blank" rel="noopener noreferrer">${esc(n.website)}</a></dd>` : ""}
      ${d.issues.length ? `<dt>Issues</dt><dd>${d.issues.map((i) => esc(i.name)).join(", ")}</dd>` : ""}
      ${d.operatesIn.length ? `<dt>Works in</dt><dd>${d.operatesIn.map((c) => esc(c.name)).join(", ")}</dd>` : ""}
      ${n.aliases?.length ? `<dt>Also known as</dt><dd>${n.aliases.map(esc).join("; ")}</dd>` : ""}
      <dt>Sources</dt><dd>${links(n.sources)}${n.retrieved ? ` <small>(read ${esc(n.retrieved)})</small>` : ""}</dd>
    </dl>
    <div class="actions">
      <span>Ego network:</span>
      <button data-focus="1">1 step</button><button data-focus="2">2 steps</button><button data-focus="3">3 steps</button>
    </div>
    <div class="search">
      <input id="path-to" type="search" placeholder="Shortest path to…" aria-label="Shortest path to another actor" autocomplete="off" />
      <ul id="path-results" role="listbox" hidden></ul>
    </div>
    <p id="path-out" aria-live="polite"></p>
    ${groups || "<p>No recorded relationships.</p>"}
    ${d.truncated ? "<p>Only the first relationships are listed.</p>" : ""}`;
}

/** Search-as-you-type over the API's full-text search, with arrow keys, Enter and Escape. */
function attachAutocomplete(input: HTMLInputElement, list: HTMLUListElement, choose: (hit: SearchHit) => void): void {
  let hits: SearchHit[] = [];
  let active = -1;
  let controller: AbortController | null = null;
  let timer = 0;
  const close = () => {
    list.hidden = true;
    active = -1;
  };
  const render = () => {
    list.innerHTML = hits
      .map(
        (h, i) =>
          `<li role="option" data-i="${i}" aria-selected="${i === active}">${esc(h.name)} <small>${esc(h.acronym ?? "")} ${esc(h.sector ?? h.kind ?? "")} ${esc(h.country ?? "")}</small></li>`,
      )
      .join("");
    list.hidden = hits.length === 0;
  };
  input.addEventListener("input", () => {
    clearTimeout(timer);
    const q = input.value.trim();
    if (!q) return close();
    timer = window.setTimeout(async () => {
      controller?.abort();
      controller = new AbortController();
      try {
        hits = (await api.search(q, controller.signal)).results;
        active = hits.length ? 0 : -1;
        render();
      } catch (e) {
        if ((e as Error).name !== "AbortError") close();
      }
    }, 150);
  });
  const pick = (i: number) => {
    const hit = hits[i];
    if (!hit) return;
    input.value = hit.name;
    close();
    choose(hit);
  };
  input.addEventListener("keydown", (e) => {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      active = Math.max(0, Math.min(hits.length - 1, active + (e.key === "ArrowDown" ? 1 : -1)));
      render();
    } else if (e.key === "Enter") {
      e.preventDefault();
      pick(active);
    } else if (e.key === "Escape") {
      close();
    }
  });
  list.addEventListener("mousedown", (e) => {
    const li = (e.target as HTMLElement).closest("li");
    if (li) pick(Number(li.dataset.i));
  });
  input.addEventListener("blur", () => setTimeout(close, 150));
}

function renderLegend(): void {
  $("legend").innerHTML =
    SECTORS.map(
      (s) => `<div><span class="swatch" style="background:${SECTOR_COLORS[s]}"></span>${esc(SECTOR_LABELS[s])}</div>`,
    ).join("") +
    `<div><span class="swatch" style="background:${PARTNERSHIP_COLOR};border-radius:0"></span>Partnership (square)</div>` +
    REL_TYPES.map(
      (t) => `<div><span class="swatch line" style="background:${REL_COLORS[t]}"></span>${esc(REL_LABELS[t])}</div>`,
    ).join("");
}

const explorer = new Explorer();
(window as unknown as { atlas: Explorer }).atlas = explorer;
setupAccount();
void explorer.start();
