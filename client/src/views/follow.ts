/**
 * The camera follows what the researcher asked for, and a focused subset gets a layout of its own:
 * - an ego network is laid out radially by step distance (graph/ego-layout.ts), animated from where its nodes
 *   were, and the camera is fitted to it; clearing the focus animates every node back to the whole network's
 *   layout;
 * - a change of filters, a shown path or a query's result fits the camera to what is now visible or highlighted;
 * always in the part of the graph area the details panel leaves free (renderer/camera-fit.ts).
 * It reads the store after the graph view has derived what is visible (it subscribes after the view's wiring).
 */
import type Graph from "graphology";
import { animateNodes } from "sigma/utils";
import { egoPositions, type Positions } from "../graph/ego-layout.ts";
import { fitCamera, overlayTop, panelOverlap } from "../renderer/camera-fit.ts";
import type { Store } from "../state/store.ts";
import type { ExplorerState } from "../state/view.ts";
import type { GraphView } from "./graph-view.ts";

const MOVE_MS = 600;

export interface FollowOptions {
  /** The element over the right of the graph area (the details panel). */
  panel: HTMLElement;
  /** An overlay over the top of the graph area (the path view). */
  overlay?: () => HTMLElement | null;
  /** While true (the year player runs), filter changes do not move the camera. */
  quiet?: () => boolean;
}

export class Follower {
  /** The whole network's positions while a focused subset has its own layout; null otherwise. */
  private base: Positions | null = null;
  private laidOutFor: string | null = null;
  private stopAnimation: (() => void) | null = null;
  /** Moves under way (layout animation and camera): the tests wait for 0. */
  pending = 0;

  constructor(
    private readonly view: GraphView,
    private readonly store: Store<ExplorerState>,
    private readonly options: FollowOptions,
  ) {
    store.subscribe((s, prev) => this.changed(s, prev));
  }

  private get graph(): Graph {
    return this.view.graph;
  }

  /** The whole network's positions, also while a focused subset is laid out on its own (for the map switch). */
  basePositions(): Positions | null {
    return this.base;
  }

  /** Applies the state of an opened link: the focus laid out without animation; the camera fitted unless the
   * link holds one. */
  start(): void {
    const s = this.store.get();
    if (s.view.filters.focus) this.layoutFocus(false, !s.view.camera);
    // A link with filters and no camera of its own opens on what the filters leave.
    else if (!s.view.camera && this.view.visible.nodes.size < this.graph.order) this.fitVisible();
  }

  private changed(s: ExplorerState, prev: ExplorerState): void {
    const v = s.view;
    const p = prev.view;
    const focusKey = (st: ExplorerState) => {
      const f = st.view.filters.focus;
      return f ? `${f.id}:${f.depth}` : null;
    };
    const inGraph = v.view === "graph";
    if (v.layout !== p.layout) {
      // The map switch moves every node itself (from the whole network's positions, see basePositions).
      this.base = null;
      this.laidOutFor = null;
      return;
    }
    if (focusKey(s) !== focusKey(prev) || (v.filters !== p.filters && this.laidOutFor)) {
      this.layoutFocus(true, inGraph);
      return;
    }
    if (!inGraph) return;
    const path = s.highlight.path;
    if (path && (path !== prev.highlight.path || p.view !== "graph")) {
      void this.fit([...path]);
    } else if (v.filters !== p.filters && !this.options.quiet?.()) {
      this.fitVisible();
    }
  }

  /** Fits the camera to what the filters leave visible (the whole network: the camera's home). */
  fitVisible(): void {
    const r = this.view.renderer;
    if (!r) return;
    const visible = this.view.visible.nodes;
    if (visible.size === 0) return;
    if (visible.size === this.graph.order && !this.options.panel.offsetParent) {
      void r.getCamera().animatedReset({ duration: MOVE_MS });
      return;
    }
    void this.fit([...visible]);
  }

  /** Fits the camera to the given nodes, clear of the panel. */
  async fit(nodes: string[]): Promise<void> {
    const r = this.view.renderer;
    if (!r) return;
    this.pending++;
    try {
      const graphArea = r.getContainer();
      const covered = {
        right: panelOverlap(graphArea, this.options.panel),
        top: overlayTop(graphArea, this.options.overlay?.() ?? null),
      };
      await fitCamera(r, nodes, covered, MOVE_MS);
    } finally {
      this.pending--;
    }
  }

  /** Lays out the focused ego network on its own (or puts the whole network's layout back), then fits. */
  private layoutFocus(animate: boolean, fit: boolean): void {
    const { view } = this.store.get();
    const focus = view.filters.focus;
    const graph = this.graph;
    this.stopAnimation?.();
    this.stopAnimation = null;
    let targets: Positions | null = null;
    if (focus && view.layout === "force" && graph.hasNode(focus.id) && this.view.visible.nodes.has(focus.id)) {
      if (!this.base) {
        const base: Positions = {};
        graph.forEachNode((n, a) => (base[n] = { x: a.x, y: a.y }));
        this.base = base;
      }
      targets = this.egoTargets(focus.id);
      this.laidOutFor = `${focus.id}:${focus.depth}`;
    } else if (this.base) {
      targets = this.base;
      this.base = null;
      this.laidOutFor = null;
    }
    const done = () => {
      this.stopAnimation = null;
      if (fit) this.fitVisible();
      this.pending--;
    };
    this.pending++;
    if (!targets) return done();
    if (animate) {
      const stop = animateNodes(graph, targets, { duration: MOVE_MS }, done);
      // Interrupted by the next change: that one fits the camera.
      this.stopAnimation = () => {
        stop();
        this.pending--;
      };
    } else {
      graph.updateEachNodeAttributes((n, a) => (targets[n] ? { ...a, ...targets[n] } : a), {
        attributes: ["x", "y"],
      });
      done();
    }
  }

  /** The ego network's positions: centred where the focused node sits in the whole network's layout. */
  private egoTargets(focus: string): Positions {
    const base = this.base!;
    let x0 = Infinity;
    let x1 = -Infinity;
    let y0 = Infinity;
    let y1 = -Infinity;
    for (const { x, y } of Object.values(base)) {
      x0 = Math.min(x0, x);
      x1 = Math.max(x1, x);
      y0 = Math.min(y0, y);
      y1 = Math.max(y1, y);
    }
    // A third of the whole network's extent: large enough to read, inside the frame Sigma normalizes to.
    const radius = Math.max(1e-6, Math.max(x1 - x0, y1 - y0) / 3);
    const cx = Math.min(Math.max(base[focus]!.x, x0 + radius), x1 - radius);
    const cy = Math.min(Math.max(base[focus]!.y, y0 + radius), y1 - radius);
    const nodes = this.view.visible.nodes;
    return egoPositions(this.graph, focus, nodes, this.view.visible.edges, { x: cx, y: cy }, radius);
  }
}
