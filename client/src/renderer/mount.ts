/**
 * Sigma mounted on a graph with the explorer's programs and settings, drawing through the appearance reducers
 * (graph/appearance.ts), its labels placed so that none overlaps another (renderer/labels.ts). `dispose()` kills
 * Sigma, the camera preview and the layout worker; calling it twice is safe.
 *
 * While a mouse button is held (a drag of the view), the pointer does not hover nodes: Sigma would otherwise read a
 * pixel of its picking layer for every mouse move, and each node it crosses would draw the network again.
 */
import type Graph from "graphology";
import Sigma from "sigma";
import { drawSquareNodeHover, drawSquareNodeLabel, NodeSquareProgram } from "@sigma/node-square";
import {
  createNodeCompoundProgram,
  drawDiscNodeHover,
  drawDiscNodeLabel,
  EdgeLineProgram,
  NodeCircleProgram,
  NodePointProgram,
} from "sigma/rendering";
import { drawEdge, drawNode, type DrawContext, type Looks } from "../graph/appearance.ts";
import { previewCameraMoves, type CameraPreview } from "./camera-preview.ts";
import { LabelPlacer, type LabelBox } from "./labels.ts";
import { squareScale, zoomToSizeRatio, type RenderSettings } from "./settings.ts";

export interface Mounted {
  sigma: Sigma;
  /** Sigma's program for edges: arrows, or plain lines on large networks. */
  edgeProgram: "arrow" | "line";
  /** Large networks: hover without redrawing everything, actors as points. */
  large: boolean;
  preview: CameraPreview | null;
  /** The labels drawn in the last frame, with their boxes in viewport pixels. */
  readonly labels: readonly LabelBox[];
  /** Camera moves show a moved picture until the camera rests; `beforeRest` runs just before the real draw. */
  enablePreview(beforeRest: () => void): void;
  dispose(): void;
}

/** How a network is drawn: its edge program (plain lines above `lineEdgesAbove` relationships) and whether it is
 * large (above `largeOrder` nodes). Known before Sigma exists: its first frame is drawn while it is constructed, and
 * the reducers place every edge in the program they name then. */
export function drawingKind(
  graph: Pick<Graph, "order" | "size">,
  settings: Pick<RenderSettings, "lineEdgesAbove" | "largeOrder">,
): Pick<Mounted, "edgeProgram" | "large"> {
  return {
    edgeProgram: graph.size > settings.lineEdgesAbove ? "line" : "arrow",
    large: graph.order > settings.largeOrder,
  };
}

/** Hover follows the pointer only while no mouse button is held: Sigma's mouse-move listeners (hover detection)
 * are skipped during a drag; the drag itself is handled by the captor and still moves the camera. */
function noHoverWhileHeld(sigma: Sigma): void {
  const captor = sigma.getMouseCaptor();
  for (const listener of captor.listeners("mousemove")) {
    captor.off("mousemove", listener);
    captor.on("mousemove", (e) => {
      if (!captor.isMouseDown) listener(e);
    });
  }
}

/** Sigma 3.0.2 tells `leaveNode` when the pointer leaves the stage over a node but keeps the node as hovered, so
 * its hover box stays drawn: the node is let go here and the hover layer drawn again. */
function releaseHoverOnLeave(sigma: Sigma): void {
  const inner = sigma as unknown as { hoveredNode: string | null; scheduleHighlightedNodesRender(): void };
  sigma.on("leaveStage", () => {
    if (inner.hoveredNode === null) return;
    inner.hoveredNode = null;
    inner.scheduleHighlightedNodesRender();
  });
}

export function mountRenderer(
  container: HTMLElement,
  graph: Graph,
  settings: RenderSettings,
  context: () => DrawContext,
  /** How much of the picture the page covers (see LabelPlacer.covered), from the first frame on. */
  covered?: () => { right: number; top: number },
): Mounted {
  const { edgeProgram, large } = drawingKind(graph, settings);
  const labels = new LabelPlacer();
  if (covered) labels.covered = covered;
  const square = createNodeCompoundProgram(
    [NodeSquareProgram],
    labels.collect(drawSquareNodeLabel),
    labels.hover(drawSquareNodeHover, drawSquareNodeLabel),
  );
  const looks: Looks = {
    hoverLabelCap: settings.hoverLabelCap,
    squareScale: squareScale(graph.order, settings),
    landmarkLabels: settings.landmarkLabels,
  };
  const sigma = new Sigma(graph, container, {
    nodeProgramClasses: { circle: large ? NodePointProgram : NodeCircleProgram, square },
    edgeProgramClasses: { line: EdgeLineProgram },
    defaultEdgeType: edgeProgram,
    defaultDrawNodeLabel: labels.collect(drawDiscNodeLabel),
    defaultDrawNodeHover: labels.hover(drawDiscNodeHover, drawDiscNodeLabel),
    labelRenderedSizeThreshold: settings.labelRenderedSizeThreshold,
    labelDensity: settings.labelDensity,
    labelGridCellSize: settings.labelGridCellSize,
    zoomToSizeRatioFunction: zoomToSizeRatio(settings.maxNodeGrowth),
    zIndex: true,
    minEdgeThickness: 0.6,
    // Sigma hands the reducers a copy of the attributes: they change it in place.
    nodeReducer: (node, data) => drawNode(node, data as Record<string, unknown>, context(), looks) as typeof data,
    edgeReducer: (edge, data) => drawEdge(edge, data as Record<string, unknown>, context()) as typeof data,
  });
  labels.attach(sigma);
  noHoverWhileHeld(sigma);
  releaseHoverOnLeave(sigma);
  let disposed = false;
  const mounted: Mounted = {
    sigma,
    edgeProgram,
    large,
    preview: null,
    get labels() {
      return labels.drawn;
    },
    enablePreview(beforeRest) {
      mounted.preview ??= previewCameraMoves(sigma, { beforeRest });
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      mounted.preview?.uninstall();
      labels.dispose();
      sigma.kill();
    },
  };
  return mounted;
}
