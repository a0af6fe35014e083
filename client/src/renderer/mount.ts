/**
 * Sigma mounted on a graph with the explorer's programs and settings, drawing through the appearance reducers
 * (graph/appearance.ts). `dispose()` kills Sigma, the camera preview and the layout worker; calling it twice is
 * safe.
 */
import type Graph from "graphology";
import Sigma from "sigma";
import { NodeSquareProgram } from "@sigma/node-square";
import { EdgeLineProgram, NodePointProgram } from "sigma/rendering";
import { drawEdge, drawNode, type DrawContext } from "../graph/appearance.ts";
import { previewCameraMoves, type CameraPreview } from "./camera-preview.ts";
import type { RenderSettings } from "./settings.ts";

export interface Mounted {
  sigma: Sigma;
  /** Sigma's program for edges: arrows, or plain lines on large networks. */
  edgeProgram: "arrow" | "line";
  /** Large networks: hover without redrawing everything, actors as points. */
  large: boolean;
  preview: CameraPreview | null;
  /** Camera moves show a moved picture until the camera rests; `beforeRest` runs just before the real draw. */
  enablePreview(beforeRest: () => void): void;
  dispose(): void;
}

export function mountRenderer(
  container: HTMLElement,
  graph: Graph,
  settings: RenderSettings,
  context: () => DrawContext,
): Mounted {
  const edgeProgram = graph.size > settings.lineEdgesAbove ? "line" : "arrow";
  const large = graph.order > settings.largeOrder;
  const sigma = new Sigma(graph, container, {
    nodeProgramClasses: large ? { circle: NodePointProgram, square: NodeSquareProgram } : { square: NodeSquareProgram },
    edgeProgramClasses: { line: EdgeLineProgram },
    defaultEdgeType: edgeProgram,
    labelRenderedSizeThreshold: settings.labelRenderedSizeThreshold,
    labelDensity: settings.labelDensity,
    labelGridCellSize: settings.labelGridCellSize,
    zIndex: true,
    minEdgeThickness: 0.6,
    // Sigma hands the reducers a copy of the attributes: they change it in place.
    nodeReducer: (node, data) => drawNode(node, data as Record<string, unknown>, context()) as typeof data,
    edgeReducer: (edge, data) => drawEdge(edge, data as Record<string, unknown>, context()) as typeof data,
  });
  let disposed = false;
  const mounted: Mounted = {
    sigma,
    edgeProgram,
    large,
    preview: null,
    enablePreview(beforeRest) {
      mounted.preview ??= previewCameraMoves(sigma, { beforeRest });
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      mounted.preview?.uninstall();
      sigma.kill();
    },
  };
  return mounted;
}
