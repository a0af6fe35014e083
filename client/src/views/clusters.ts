/**
 * The cluster overview: the network's Louvain clusters (aggregated by the server, /api/analytics/clusters) drawn
 * as discs sized by their members with a pie of their sector mix, named by the server's stated rule, tied by
 * lines as wide as the ties between them (or only the cross-sector ones). A click opens a cluster: its members laid
 * out on their own, brokers to other clusters ringed, cross-sector ties coloured; "Back to clusters" (or zooming
 * far out) folds it back. The cluster opened and the cross-sector switch are in the URL (url-state.ts).
 */
import Graph from "graphology";
import forceAtlas2 from "graphology-layout-forceatlas2";
import noverlap from "graphology-layout-noverlap";
import Sigma from "sigma";
import { createNodePiechartProgram } from "@sigma/node-piechart";
import { createNodeBorderProgram } from "@sigma/node-border";
import { NodeSquareProgram } from "@sigma/node-square";
import { fitViewportToNodes } from "@sigma/utils";
import EdgeCurveProgram from "@sigma/edge-curve";
import type { Answer } from "../../../shared/api.ts";
import { nodeColor, spiralPoint } from "../../../shared/appearance.ts";
import { scopeQuery } from "../../../shared/filters.ts";
import { PARTNERSHIP_COLOR, SECTOR_COLORS, SECTOR_LABELS, SECTORS } from "../../../shared/palette.ts";
import { api } from "../api.ts";
import { html, render, type Html } from "../html.ts";
import { discBox, placeLabels, type Box } from "../renderer/cluster-labels.ts";
import { applyPlaces, layoutInWorker } from "./group-layout.ts";
import type { Store } from "../state/store.ts";
import { transitions as T, type ExplorerState } from "../state/view.ts";
import {
  addBundles,
  bundleTip,
  GROUPING_WORDS,
  GROUPINGS,
  type Grouping,
  ZOOM_OUT_RATIO,
  zoomIntoGroups,
} from "./group-bundles.ts";

export type ClustersAnswer = Answer<"get /api/analytics/clusters">;
type Opened = NonNullable<ClustersAnswer["opened"]>;

/** Sector groups of the glyph, in order, with their colours. */
export const GROUPS = [...SECTORS, "Partnership"] as const;
const GROUP_COLOR = (g: string) =>
  g === "Partnership" ? PARTNERSHIP_COLOR : (SECTOR_COLORS[g as keyof typeof SECTOR_COLORS] ?? SECTOR_COLORS.Other);
const groupLabel = (g: string) => (g === "Partnership" ? "Partnerships" : (SECTOR_LABELS[g as never] ?? g));
const CROSS_COLOR = "#d95f02";
/** Clusters drawn in the overview, largest first (the API counts the rest). */
export const OVERVIEW_CLUSTERS = 30;
/** Opened groups larger than this are not laid out on their own (ForceAtlas2 takes seconds on them, 16 s for 18,900
 * members in the page): their members keep their places in the whole network's layout, at once. Smaller ones are
 * drawn at once and laid out in a worker (group-layout.ts). */
export const LAYOUT_OWN_UP_TO = 2_000;
const TIE_COLOR = "#b8c0c8";
const BROKER_RING = "#c2185b";

const PieProgram = createNodePiechartProgram({
  defaultColor: "#cccccc",
  slices: GROUPS.map((g, i) => ({ color: { value: GROUP_COLOR(g) }, value: { attribute: `g${i}` } })) as never,
});
const BrokerProgram = createNodeBorderProgram({
  borders: [
    { size: { value: 0.35 }, color: { value: BROKER_RING } },
    { size: { fill: true }, color: { attribute: "color" } },
  ],
});

export const eiText = (ei: number | null | undefined) =>
  ei === null || ei === undefined ? "E-I n/a" : `E-I ${ei >= 0 ? "+" : "−"}${Math.abs(ei).toFixed(2)}`;
const eiMeaning = (ei: number | null) =>
  ei === null
    ? "no direct ties between its actors"
    : ei > 0.2
      ? "its ties mostly cross sectors"
      : ei < -0.2
        ? "its ties mostly stay within a sector"
        : "its ties cross and keep to sectors about equally";

/** A sector group's share of ties leaving the sector (its E-I index says the same on −1..+1). */
const leaving = (c: { internalTies: number; externalTies: number }) => {
  const total = c.internalTies + c.externalTies;
  return total ? ` (${Math.round((100 * c.externalTies) / total)}% of its ties leave the sector)` : "";
};

/** The sector mix as a small stacked bar (the side list's glyph). */
function mixBar(sectors: Record<string, number>, size: number): Html {
  const parts = GROUPS.filter((g) => sectors[g]).map(
    (g) =>
      html`<span
        style="width:${((100 * sectors[g]!) / size).toFixed(1)}%;background:${GROUP_COLOR(g)}"
        title="${groupLabel(g)}: ${sectors[g]}"
      ></span>`,
  );
  return html`<span class="mix" aria-hidden="true">${parts}</span>`;
}
const mixText = (sectors: Record<string, number>) =>
  Object.entries(sectors)
    .sort((a, b) => b[1] - a[1])
    .map(([g, n]) => `${groupLabel(g)} ${n}`)
    .join(", ");

export interface ClusterStatus {
  /** The picture is final: drawn, and an opened group's layout done. */
  loaded: boolean;
  /** The picture is drawn and answers input (an opened group's layout may still be refining it). */
  shown: boolean;
  error: string | null;
  /** The request the shown picture answers (for the tests). */
  key: string;
  opened: number | null;
  /** How long the last draw took, from the data to the first frame with its labels (layout included). */
  drawMs: number;
  /** From the data to the first picture (before an opened group's layout refines it). */
  firstDrawMs: number;
}

export class ClusterView {
  readonly status: ClusterStatus = {
    loaded: false,
    shown: false,
    error: null,
    key: "",
    opened: null,
    drawMs: 0,
    firstDrawMs: 0,
  };
  data: ClustersAnswer | null = null;
  graph: Graph | null = null;
  renderer: Sigma | null = null;
  private readonly canvas: HTMLElement;
  private readonly labels: HTMLElement;
  private readonly side: HTMLElement;
  private readonly bar: HTMLElement;
  private readonly tip: HTMLElement;
  private loading = "";
  hovered: string | null = null;
  /** The bundle (or strand) under the pointer, by edge key. */
  hoveredBundle: string | null = null;
  /** Brokers between NGOs and governments shown (ids), or null. */
  private brokers: Set<string> | null = null;
  picked: string | null = null;
  /** The opened group's layout running in its worker, if any. */
  private layout: { stop: () => void } | null = null;
  /** An opened large group drawn with members the network's layout did not place yet. */
  private unplaced = false;
  /** Opened groups above this size keep their places in the network's layout (tests lower it on a small one). */
  layoutOwnUpTo = LAYOUT_OWN_UP_TO;

  constructor(
    root: HTMLElement,
    private readonly store: Store<ExplorerState>,
    private readonly fail: (e: unknown) => void,
    /** A node's place in the whole network's layout, when the actor graph has loaded. */
    private readonly placeOf: (id: string) => { x: number; y: number } | null = () => null,
  ) {
    render(
      root,
      html`<div class="cluster-bar" role="toolbar" aria-label="Cluster view"></div>
        <div class="cluster-canvas" aria-label="Clusters" role="img"></div>
        <div class="cluster-labels" aria-hidden="true"></div>
        <div class="cluster-tip" role="tooltip" hidden></div>
        <aside class="cluster-side" aria-label="Clusters list"></aside>`,
    );
    this.bar = root.querySelector(".cluster-bar")!;
    this.canvas = root.querySelector(".cluster-canvas")!;
    this.labels = root.querySelector(".cluster-labels")!;
    this.tip = root.querySelector(".cluster-tip")!;
    this.side = root.querySelector(".cluster-side")!;
    store.subscribe((s, p) => {
      const v = s.view;
      const q = p.view;
      root.hidden = v.view !== "clusters";
      if (v.view !== "clusters") return;
      if (
        q.view !== "clusters" ||
        v.filters !== q.filters ||
        v.cluster !== q.cluster ||
        v.crossSector !== q.crossSector ||
        v.grouping !== q.grouping ||
        v.split !== q.split ||
        !this.data
      )
        this.show();
    });
    root.hidden = store.get().view.view !== "clusters";
    if (!root.hidden) this.show();
  }

  /** The request for the view's state. */
  query(): string {
    const v = this.store.get().view;
    const scope = scopeQuery(v.filters);
    const by = v.grouping ? `&by=${v.grouping}` : "";
    return `/api/analytics/clusters?seed=1&limit=${OVERVIEW_CLUSTERS}${by}${v.cluster ? `&open=${v.cluster}` : ""}${scope ? `&${scope}` : ""}`;
  }

  /** Loads (when the request changed) and draws the overview or the opened cluster. */
  show(): void {
    const url = this.query();
    if (url === this.status.key && this.data) return this.draw();
    if (url === this.loading) return;
    this.loading = url;
    this.status.loaded = false;
    this.status.shown = false;
    this.side.textContent = "Finding clusters…";
    api
      .send<ClustersAnswer>("GET", url)
      .then((data) => {
        if (this.loading !== url) return;
        this.loading = "";
        this.data = data;
        this.status.key = url;
        this.brokers = null;
        this.picked = null;
        this.draw();
      })
      .catch((e: unknown) => {
        this.loading = "";
        this.status.error = e instanceof Error ? e.message : String(e);
        this.fail(e);
      });
  }

  private draw(): void {
    const started = performance.now();
    const data = this.data!;
    const v = this.store.get().view;
    const opened = v.cluster && data.opened ? data.opened : null;
    this.status.opened = opened ? opened.id : null;
    this.layout?.stop();
    this.layout = null;
    this.unplaced = false;
    this.renderer?.kill();
    this.renderer = null;
    this.hoveredBundle = null;
    this.labels.replaceChildren();
    this.graph = opened
      ? this.memberGraph(opened, !!v.crossSector)
      : this.overviewGraph(data, !!v.crossSector, !!v.split);
    const sigma = new Sigma(this.graph, this.canvas, {
      allowInvalidContainer: true,
      renderLabels: false,
      labelDensity: 0.5,
      labelGridCellSize: 120,
      labelRenderedSizeThreshold: 8,
      nodeProgramClasses: { pie: PieProgram, square: NodeSquareProgram, broker: BrokerProgram },
      edgeProgramClasses: { curved: EdgeCurveProgram },
      enableEdgeEvents: !opened,
      defaultEdgeType: "line",
      zIndex: true,
      minEdgeThickness: 0.8,
      nodeReducer: (node, d) => this.reduceNode(node, d),
      edgeReducer: (_e, d) => d,
    });
    this.renderer = sigma;
    sigma.on("enterNode", ({ node }) => {
      this.hovered = node;
      this.showTip(node);
    });
    sigma.on("leaveNode", () => {
      this.hovered = null;
      this.tip.hidden = true;
    });
    sigma.on("enterEdge", ({ edge, event }) => this.showBundleTip(edge, event));
    sigma.on("clickEdge", ({ edge, event }) => this.showBundleTip(edge, event));
    sigma.on("leaveEdge", () => {
      this.hoveredBundle = null;
      this.tip.hidden = true;
    });
    sigma.on("clickNode", ({ node }) => {
      if (!opened) this.store.update((s) => T.openCluster(s, Number(node)));
      else this.store.update((s) => T.select(s, node));
    });
    sigma.on("afterRender", () => this.placeLabels());
    if (opened) {
      sigma.getCamera().on("updated", (c) => {
        // Zoomed far out of an opened cluster: fold it back into the overview.
        if (c.ratio > ZOOM_OUT_RATIO && this.store.get().view.cluster) this.back();
      });
    } else zoomIntoGroups(sigma, (node) => this.store.update((s) => T.openCluster(s, Number(node))));
    this.renderBar(opened);
    if (opened) this.renderOpened(data, opened);
    else this.renderList(data);
    // Sigma drew its first frame while it was made, before the handler above listened.
    this.placeLabels();
    this.status.firstDrawMs = performance.now() - started;
    this.status.shown = true;
    this.status.error = null;
    const graph = this.graph;
    const finish = () => {
      this.status.drawMs = performance.now() - started;
      this.status.loaded = true;
    };
    if (!opened || graph.order < 2 || opened.nodes.length > this.layoutOwnUpTo) return finish();
    // Drawn at its starting places at once; ForceAtlas2 refines them in a worker, the page answering meanwhile.
    this.status.loaded = false;
    const iterations = graph.order > 800 ? 100 : 250;
    this.layout = layoutInWorker(
      graph,
      {
        iterations,
        settings: { ...forceAtlas2.inferSettings(graph), barnesHutOptimize: graph.order > 800 },
        // Five pictures on the way: each is a full redraw, which must not crowd out the page's answers to input.
        batch: Math.ceil(iterations / 5),
      },
      (step) => {
        if (this.graph !== graph || !this.renderer) return;
        applyPlaces(graph, step.positions);
        if (!step.done) return;
        this.layout = null;
        this.renderer.refresh();
        finish();
      },
      (e) => this.fail(e),
    );
  }

  /**
   * The network's layout has loaded in the page: an opened large group drawn before it (its members on a spiral)
   * takes its members' places in it now.
   */
  placesKnown(): void {
    const opened = this.status.opened ? this.data?.opened : null;
    if (!this.unplaced || !opened || !this.graph || !this.renderer) return;
    this.unplaced = false;
    this.graph.updateEachNodeAttributes(
      (id, a) => {
        const p = this.placeOf(id);
        if (p) {
          a.x = p.x;
          a.y = p.y;
        } else this.unplaced = true;
        return a;
      },
      { attributes: ["x", "y"] },
    );
    this.renderer.refresh();
  }

  back(): void {
    this.store.update((s) => T.openCluster(s, undefined));
  }

  private overviewGraph(data: ClustersAnswer, crossOnly: boolean, split: boolean): Graph {
    const g = new Graph({ type: "undirected", multi: true });
    const max = Math.max(1, ...data.clusters.map((c) => c.size));
    // Smaller discs on a narrow picture, leaving room for their labels.
    const scale = this.canvas.clientWidth ? Math.min(1, Math.max(0.5, this.canvas.clientWidth / 900)) : 1;
    data.clusters.forEach((c, i) => {
      const slices = Object.fromEntries(GROUPS.map((grp, k) => [`g${k}`, c.sectors[grp] ?? 0]));
      g.addNode(String(c.id), {
        ...spiralPoint(i, 10),
        size: scale * (5 + 26 * Math.sqrt(c.size / max)),
        label: c.label,
        type: "pie",
        color: "#cccccc",
        ...slices,
      });
    });
    // Laid out by all ties (`weight`), so switching to cross-sector ties only keeps every cluster in its place.
    const bundles = { crossOnly, tieColor: TIE_COLOR, crossColor: CROSS_COLOR };
    addBundles(g, data.ties, { ...bundles, split: false });
    // Deterministic: the same clusters give the same picture.
    if (g.order > 1) {
      forceAtlas2.assign(g, {
        iterations: 300,
        getEdgeWeight: "weight",
        settings: { ...forceAtlas2.inferSettings(g), adjustSizes: true, scalingRatio: 20, gravity: 1 },
      });
      noverlap.assign(g, { maxIterations: 200, settings: { margin: 12, ratio: 1.4 } });
    }
    // Split into strands after the layout: the same places whether split or not.
    if (split) {
      g.clearEdges();
      addBundles(g, data.ties, { ...bundles, split: true });
    }
    return g;
  }

  private memberGraph(opened: Opened, crossOnly: boolean): Graph {
    const g = new Graph({ type: "undirected", multi: true });
    const max = Math.max(1, ...opened.nodes.map((n) => n.ties));
    const inPlace = opened.nodes.length > this.layoutOwnUpTo;
    // Large groups keep their places in the network's layout: the server's when it sends them, else the page's.
    const place = (n: Opened["nodes"][number], i: number) => {
      if (!inPlace) return spiralPoint(i, 10);
      if (typeof n.x === "number" && typeof n.y === "number") return { x: n.x, y: n.y };
      const p = this.placeOf(n.id);
      if (!p) this.unplaced = true;
      return p ?? spiralPoint(i, 10);
    };
    opened.nodes.forEach((n, i) => {
      g.addNode(n.id, {
        ...place(n, i),
        size: 3 + 13 * Math.sqrt(n.ties / max),
        label: n.name,
        color: nodeColor(n),
        type: n.broker && n.entity !== "Partnership" ? "broker" : n.entity === "Partnership" ? "square" : "circle",
        broker: n.broker,
        zIndex: n.broker ? 1 : 0,
      });
    });
    for (const e of opened.edges) {
      if (crossOnly && !e.crossSector) continue;
      g.addEdge(e.source, e.target, {
        color: e.crossSector ? CROSS_COLOR : "#d5dade",
        size: e.crossSector ? 1.6 : 0.8,
        crossSector: e.crossSector,
      });
    }
    return g;
  }

  private reduceNode(node: string, d: Record<string, any>): any {
    const out = { ...d };
    if (this.brokers && !this.brokers.has(node)) {
      out.color = "#e4e6e8";
      for (let k = 0; k < GROUPS.length; k++) out[`g${k}`] = 0;
      out.label = this.status.opened ? null : out.label;
      out.zIndex = 0;
    } else if (this.brokers) {
      out.forceLabel = true;
      out.zIndex = 2;
    }
    if (node === this.picked || node === this.hovered) {
      out.highlighted = true;
      out.forceLabel = true;
    }
    return out;
  }

  /**
   * The labels, placed so that none overlaps another or another's disc: the clusters' (name, size, E-I), or in an
   * opened cluster its members' names (brokers first, then by ties; the best placed few hundred in view).
   */
  private placeLabels(): void {
    const sigma = this.renderer;
    if (!sigma || !this.data || !this.graph) return;
    const { width, height } = sigma.getDimensions();
    const opened = this.status.opened ? this.data.opened : null;
    const byId = new Map(this.data.clusters.map((c) => [String(c.id), c]));
    const members = new Map(opened ? opened.nodes.map((n) => [n.id, n]) : []);
    const els = new Map<string, HTMLElement>();
    for (const el of this.labels.querySelectorAll<HTMLElement>("[data-cluster]")) els.set(el.dataset.cluster!, el);
    const candidates: { node: string; x: number; y: number; r: number; priority: number; dimmed: boolean }[] = [];
    for (const node of this.graph.nodes()) {
      const d = sigma.getNodeDisplayData(node);
      if (!d || d.hidden) continue;
      const p = sigma.framedGraphToViewport(d);
      const r = sigma.scaleSize(d.size);
      if (p.x < -r || p.y < -r || p.x > width + r || p.y > height + r) continue;
      const dimmed = !!this.brokers && !this.brokers.has(node);
      const m = members.get(node);
      const weight = m ? (m.broker ? 1e5 : 0) + m.ties : byId.get(node)!.size;
      const marked = node === this.picked || node === this.hovered;
      candidates.push({ node, x: p.x, y: p.y, r, priority: (marked ? 1e8 : 0) + (dimmed ? 0 : 1e6) + weight, dimmed });
    }
    candidates.sort((a, b) => b.priority - a.priority);
    const discs = candidates.map((q) => discBox(q.node, q.x, q.y, q.r));
    // Every label shown first, then all measured: one layout of the page, not one per label.
    const shown = candidates.slice(0, opened ? 300 : 1000);
    for (const q of shown) {
      let el = els.get(q.node);
      if (!el) {
        el = document.createElement("div");
        el.className = opened ? "cluster-label member" : "cluster-label";
        el.dataset.cluster = q.node;
        const c = byId.get(q.node);
        render(
          el,
          opened || !c
            ? html`<b>${members.get(q.node)?.name ?? q.node}</b>`
            : html`<b>${c.label}</b><span>${c.size} members · ${eiText(c.ei)}</span>`,
        );
        this.labels.append(el);
        els.set(q.node, el);
      }
      el.classList.toggle("dim", q.dimmed);
      // Measured shown: a hidden label has no size.
      el.hidden = false;
    }
    const requests = shown.map((q) => {
      // Fractional sizes, and a pixel to spare on each side: rounded positions never touch.
      const size = els.get(q.node)!.getBoundingClientRect();
      return { id: q.node, x: q.x, y: q.y, r: q.r, w: size.width + 2, h: size.height + 2, priority: q.priority };
    });
    // Discs are obstacles too: a label never covers another node.
    const placed = placeLabels(requests, { left: 0, top: 0, width, height }, discs);
    for (const [id, el] of els) {
      const box = placed.get(id);
      el.hidden = !box;
      if (box) el.style.transform = `translate(${Math.round(box.left + 1)}px, ${Math.round(box.top + 1)}px)`;
    }
  }

  /** The rendered boxes of the visible overview labels (page coordinates), for the tests. */
  labelBoxes(): (Box & { text: string })[] {
    return [...this.labels.querySelectorAll<HTMLElement>(".cluster-label:not([hidden])")].map((el) => {
      const r = el.getBoundingClientRect();
      return { left: r.left, top: r.top, width: r.width, height: r.height, text: el.querySelector("b")!.textContent! };
    });
  }

  private showTip(node: string): void {
    const data = this.data!;
    if (this.status.opened) {
      const n = data.opened!.nodes.find((x) => x.id === node);
      if (!n) return;
      render(
        this.tip,
        html`<b>${n.name}</b><br />${n.entity === "Partnership" ? "Partnership" : groupLabel(n.sector ?? "Other")} ·
          ${n.ties} ties inside, ${n.external} to other ${GROUPING_WORDS[this.grouping()].plural}
          ${
            n.broker
              ? html`<br />Broker (Gould–Fernandez, ${GROUPING_WORDS[this.grouping()].plural} as groups): gatekeeper
                  ${n.roles.gatekeeper}, consultant ${n.roles.consultant}, liaison ${n.roles.liaison}`
              : ""
          }`,
      );
    } else {
      const c = data.clusters.find((x) => String(x.id) === node);
      if (!c) return;
      render(
        this.tip,
        html`<b>${c.label}</b><br />${c.size} members (${mixText(c.sectors)})<br />${eiText(c.ei)}: ${eiMeaning(c.ei)}
          <br /><small>${c.rule}</small>`,
      );
    }
    const d = this.renderer!.getNodeDisplayData(node)!;
    const p = this.renderer!.framedGraphToViewport(d);
    this.tip.style.left = `${Math.round(Math.min(p.x + 14, this.canvas.clientWidth - 300))}px`;
    this.tip.style.top = `${Math.round(p.y + 40)}px`;
    this.tip.hidden = false;
  }

  /** The sector pairs of the bundle under the pointer (or clicked). */
  private showBundleTip(edge: string, event: { x: number; y: number }): void {
    const g = this.graph!;
    const data = this.data!;
    const [x, y] = g.extremities(edge).map(Number) as [number, number];
    const tie = data.ties.find((t) => t.source === Math.min(x, y) && t.target === Math.max(x, y));
    if (!tie) return;
    this.hoveredBundle = edge;
    const label = (id: number) => data.clusters.find((c) => c.id === id)?.label ?? `#${id}`;
    render(this.tip, bundleTip(tie, label, !!this.store.get().view.crossSector, g.getEdgeAttribute(edge, "pair")));
    this.tip.style.left = `${Math.round(Math.min(event.x + 14, this.canvas.clientWidth - 300))}px`;
    this.tip.style.top = `${Math.round(event.y + 40)}px`;
    this.tip.hidden = false;
  }

  /** What the overview's groups are now. */
  grouping(): Grouping {
    return this.store.get().view.grouping ?? "cluster";
  }

  private renderBar(opened: Opened | null): void {
    const v = this.store.get().view;
    const grouping = this.grouping();
    const words = GROUPING_WORDS[grouping];
    render(
      this.bar,
      html`${
          opened
            ? html`<button class="cluster-back">← Back to ${words.plural}</button> <b class="crumb">${opened.label}</b>`
            : html`<b class="crumb">${words.menu}</b>`
        }
        <label
          >Group by
          <select class="grouping">
            ${GROUPINGS.map(
              (g) => html`<option value="${g}" ${g === grouping ? "selected" : ""}>${GROUPING_WORDS[g].menu}</option>`,
            )}
          </select></label
        >
        ${
          opened
            ? ""
            : html`<label title="Each bundle as one strand per pair of sectors at its ends"
                ><input type="checkbox" class="split" ${v.split ? "checked" : ""} /> Split by sector pair</label
              >`
        }
        <label
          ><input type="checkbox" class="cross-only" ${v.crossSector ? "checked" : ""} /> Cross-sector ties only</label
        >
        <button class="ngo-gov" aria-pressed="${this.brokers ? "true" : "false"}">
          Brokers between NGOs and governments
        </button>
        <button class="all-actors" title="Every actor and partnership, coloured by cluster">All actors</button>`,
    );
    this.bar.querySelector(".cluster-back")?.addEventListener("click", () => this.back());
    this.bar
      .querySelector<HTMLSelectElement>(".grouping")!
      .addEventListener("change", (e) =>
        this.store.update((s) => T.setGrouping(s, (e.target as HTMLSelectElement).value as Grouping)),
      );
    this.bar
      .querySelector<HTMLInputElement>(".split")
      ?.addEventListener("change", (e) =>
        this.store.update((s) => T.setSplit(s, (e.target as HTMLInputElement).checked)),
      );
    this.bar
      .querySelector<HTMLInputElement>(".cross-only")!
      .addEventListener("change", (e) =>
        this.store.update((s) => T.setCrossSector(s, (e.target as HTMLInputElement).checked)),
      );
    this.bar.querySelector(".ngo-gov")!.addEventListener("click", () => this.toggleBrokers());
    this.bar
      .querySelector(".all-actors")!
      .addEventListener("click", () => this.store.update((s) => T.setColorBy(T.setView(s, "graph"), "cluster")));
  }

  /** Shows (or hides) the brokers between NGOs and governments: in the list, and on the picture. */
  toggleBrokers(): void {
    const data = this.data!;
    const opened = this.status.opened;
    if (this.brokers) this.brokers = null;
    else {
      const list = data.ngoGovernmentBrokers.filter((b) => !opened || b.cluster === opened);
      this.brokers = new Set(opened ? list.map((b) => b.id) : list.map((b) => String(b.cluster)));
    }
    this.bar.querySelector(".ngo-gov")!.setAttribute("aria-pressed", String(!!this.brokers));
    if (opened) this.renderOpened(data, data.opened!);
    else this.renderList(data);
    this.renderer?.refresh();
  }

  private brokerList(data: ClustersAnswer): Html {
    const opened = this.status.opened;
    const list = data.ngoGovernmentBrokers.filter((b) => !opened || b.cluster === opened);
    const label = (id: number) => data.clusters.find((c) => c.id === id)?.label ?? `Cluster ${id}`;
    return html`<section class="brokers">
      <h3>Brokers between NGOs and governments</h3>
      <p class="meta">
        Actors and partnerships tied to an NGO and to a government that are not tied to each other, by the number of
        such open two-paths.
      </p>
      ${
        list.length
          ? html`<ol>
              ${list.map(
                (b) =>
                  html`<li>
                    <button class="link" data-broker="${b.id}" data-cluster="${b.cluster}">${b.name}</button>
                    <span class="meta"
                      >${b.paths} paths · ${b.ngos} NGOs, ${b.governments} governments
                      ${opened ? "" : html`· in ${label(b.cluster)}`}</span
                    >
                  </li>`,
              )}
            </ol>`
          : html`<p>None in ${opened ? `this ${GROUPING_WORDS[this.grouping()].one}` : "this view"}.</p>`
      }
    </section>`;
  }

  private wireBrokerLinks(): void {
    for (const b of this.side.querySelectorAll<HTMLElement>("[data-broker]"))
      b.addEventListener("click", () => {
        const id = b.dataset.broker!;
        const cluster = Number(b.dataset.cluster);
        if (this.status.opened === cluster) this.pick(id);
        else {
          this.store.update((s) => T.openCluster(s, cluster));
          const wait = () =>
            this.status.opened === cluster && this.graph?.hasNode(id) ? this.pick(id) : setTimeout(wait, 50);
          wait();
        }
      });
  }

  /** Marks a member and centres the camera on it. */
  pick(id: string): void {
    if (!this.renderer || !this.graph?.hasNode(id)) return;
    this.picked = id;
    this.renderer.refresh();
    void fitViewportToNodes(this.renderer, [id, ...this.graph.neighbors(id)], { animate: true });
  }

  private renderList(data: ClustersAnswer): void {
    const grouping = this.grouping();
    const words = GROUPING_WORDS[grouping];
    render(
      this.side,
      html`<p class="meta">
          ${data.count} ${words.plural} of ${data.nodeCount} actors and partnerships
          (${grouping === "cluster" ? `Louvain, seed ${data.seed}, ` : ""}modularity ${data.modularity.toFixed(2)}).
          ${
            data.others.clusters
              ? `The ${data.others.clusters} smallest (${data.others.members} members) are not drawn.`
              : ""
          }
        </p>
        <details class="rule">
          <summary>How ${words.plural} are ${grouping === "cluster" ? "named" : "made"}</summary>
          <p>${data.labelRule}</p>
          <p>
            ${data.crossSectorRule} The E-I index runs from −1 (every tie within a sector) to +1 (every tie across).
          </p>
        </details>
        ${this.brokers ? this.brokerList(data) : ""}
        <ol class="cluster-list">
          ${data.clusters.map(
            (c) =>
              html`<li data-id="${c.id}">
                <button class="link" data-open="${c.id}">${c.label}</button>
                ${mixBar(c.sectors, c.size)}
                <span class="meta"
                  >${c.size} members · ${eiText(c.ei)}${grouping === "sector" && c.actors ? leaving(c) : ""} ·
                  ${c.brokers} with ties to other ${words.plural}</span
                >
                <span class="meta"
                  >Around
                  ${c.central
                    .slice(0, 3)
                    .map((m) => m.name)
                    .join(", ")}</span
                >
                <details>
                  <summary>${grouping === "cluster" ? "Why this name" : `What this ${words.one} holds`}</summary>
                  <p>${c.rule}</p>
                  <p>Sectors: ${mixText(c.sectors)}. ${eiText(c.ei)}: ${eiMeaning(c.ei)}.</p>
                </details>
              </li>`,
          )}
        </ol>`,
    );
    for (const b of this.side.querySelectorAll<HTMLElement>("[data-open]"))
      b.addEventListener("click", () => this.store.update((s) => T.openCluster(s, Number(b.dataset.open))));
    this.wireBrokerLinks();
  }

  private renderOpened(data: ClustersAnswer, opened: Opened): void {
    const words = GROUPING_WORDS[this.grouping()];
    const c = data.clusters.find((x) => x.id === opened.id);
    const brokers = opened.nodes
      .filter((n) => n.broker)
      .sort(
        (a, b) =>
          b.roles.gatekeeper +
            b.roles.consultant +
            b.roles.liaison -
            (a.roles.gatekeeper + a.roles.consultant + a.roles.liaison) || a.name.localeCompare(b.name),
      );
    render(
      this.side,
      html`<h2>${opened.label}</h2>
        ${
          c
            ? html`${mixBar(c.sectors, c.size)}
                <p class="meta">${c.size} members (${mixText(c.sectors)})</p>
                <p>${eiText(c.ei)}: ${eiMeaning(c.ei)}. ${c.crossSectorTies} cross-sector ties inside.</p>
                <details>
                  <summary>${this.grouping() === "cluster" ? "Why this name" : `What this ${words.one} holds`}</summary>
                  <p>${c.rule}</p>
                </details>`
            : ""
        }
        <p class="legend-line">
          <span class="ring"></span> broker to other ${words.plural} · <span class="tie cross"></span> cross-sector tie
          · <span class="tie"></span> other tie
        </p>
        ${this.brokers ? this.brokerList(data) : ""}
        <h3>Brokers to other ${words.plural} (${brokers.length})</h3>
        <p class="meta">
          Gould–Fernandez roles with the ${words.plural} as groups: gatekeeper (one side outside), consultant (both
          sides in one other ${words.one}), liaison (two other ${words.plural}).
        </p>
        <ol class="broker-list">
          ${brokers.slice(0, 40).map(
            (n) =>
              html`<li>
                <button class="link" data-broker="${n.id}" data-cluster="${opened.id}">${n.name}</button>
                <span class="meta"
                  >gatekeeper ${n.roles.gatekeeper} · consultant ${n.roles.consultant} · liaison
                  ${n.roles.liaison}</span
                >
              </li>`,
          )}
        </ol>`,
    );
    this.wireBrokerLinks();
  }
}
