/**
 * The renderer's settings, in the manner of sigma's own: a `DEFAULT_RENDER_SETTINGS` object, `validateRenderSettings`
 * that throws naming the setting and what it expected, and `resolveRenderSettings` that merges a caller's choices
 * over the defaults and validates the result.
 */
export interface RenderSettings {
  /** At most this many relationships are drawn at once: larger views draw those in view, an even sample of them
   * when still too many (graph/sampling.ts), and say so in the counts. */
  edgeBudget: number;
  /** Above this many relationships, edges are drawn as plain one-pixel lines (no arrowheads). */
  lineEdgesAbove: number;
  /** Above this many nodes, hovering highlights the node and its neighbours without redrawing (dimming) the rest,
   * and actors are drawn as points (one vertex each: far cheaper than discs where WebGL runs in software). */
  largeOrder: number;
  /** Above this many nodes and edges together, camera moves show the last frame moved and scaled until the
   * camera rests (renderer/camera-preview.ts). Where WebGL runs in software, a full draw of the curated network
   * (some 4,700 nodes and edges) takes 80 ms or more: a drag drawn live would lag behind the pointer. */
  previewAbove: number;
  /** Sigma's label settings: the label grid offers at most `labelDensity` labels per cell of `labelGridCellSize`
   * pixels (more as the camera zooms in), nodes drawn smaller than `labelRenderedSizeThreshold` pixels are not
   * labelled unless forced; of what is offered, labels are drawn by priority and one that would overlap a label
   * already drawn is left out (renderer/labels.ts). */
  labelRenderedSizeThreshold: number;
  labelDensity: number;
  labelGridCellSize: number;
  /** At most this many labels a hover may turn on (the hovered node's and its neighbours' first by priority). */
  hoverLabelCap: number;
  /** The visible nodes drawn largest (this many) are offered a label however small they are drawn, so that a
   * filtered view of small actors still names its largest ones; they are placed by the same rule as every label
   * (no overlap, whole inside the picture). */
  landmarkLabels: number;
  /** Zoomed in, nodes grow at most this many times their size at the default zoom (sigma's default grows them with
   * the square root of the zoom, so that at 5x they cover their neighbours); zoomed out, they shrink as before. */
  maxNodeGrowth: number;
  /** Partnerships (squares) are drawn at this share of their size on networks of more than `largeOrder` nodes,
   * and scaled between it and 1 below that, from 1 at 300 nodes. */
  largeSquareScale: number;
}

export const DEFAULT_RENDER_SETTINGS: Readonly<RenderSettings> = Object.freeze({
  edgeBudget: 50_000,
  lineEdgesAbove: 20_000,
  largeOrder: 5_000,
  previewAbove: 2_000,
  labelRenderedSizeThreshold: 7,
  labelDensity: 0.6,
  labelGridCellSize: 90,
  hoverLabelCap: 30,
  landmarkLabels: 12,
  maxNodeGrowth: 1.5,
  largeSquareScale: 0.4,
});

const COUNTS = [
  "edgeBudget",
  "lineEdgesAbove",
  "largeOrder",
  "previewAbove",
  "labelGridCellSize",
  "hoverLabelCap",
  "landmarkLabels",
] as const;

/** Throws on the first setting that is not what it should be. */
export function validateRenderSettings(s: RenderSettings): void {
  for (const key of COUNTS) {
    if (!Number.isInteger(s[key]) || s[key] < 1)
      throw new Error(`renderer/settings: '${key}' must be a positive integer, got ${String(s[key])}`);
  }
  if (!(s.labelDensity > 0))
    throw new Error(`renderer/settings: 'labelDensity' must be above 0, got ${s.labelDensity}`);
  if (!(s.labelRenderedSizeThreshold >= 0))
    throw new Error(
      `renderer/settings: 'labelRenderedSizeThreshold' must be 0 or more, got ${s.labelRenderedSizeThreshold}`,
    );
  if (!(s.maxNodeGrowth >= 1))
    throw new Error(`renderer/settings: 'maxNodeGrowth' must be 1 or more, got ${s.maxNodeGrowth}`);
  if (!(s.largeSquareScale > 0 && s.largeSquareScale <= 1))
    throw new Error(`renderer/settings: 'largeSquareScale' must be above 0 and at most 1, got ${s.largeSquareScale}`);
}

/** Sigma's `zoomToSizeRatioFunction`: sizes are divided by it. Zoomed out (ratio above 1) nodes shrink with the
 * square root of the zoom as in sigma; zoomed in they grow as sigma's do, up to `maxGrowth` times. */
export function zoomToSizeRatio(maxGrowth: number): (ratio: number) => number {
  return (ratio) => Math.max(Math.sqrt(ratio), 1 / maxGrowth);
}

/** The share of their size partnerships are drawn at on a network of `order` nodes. */
export function squareScale(order: number, s: Pick<RenderSettings, "largeOrder" | "largeSquareScale">): number {
  if (order <= 300) return 1;
  if (order >= s.largeOrder) return s.largeSquareScale;
  // Between, in proportion to the logarithm of the order.
  const t = Math.log(order / 300) / Math.log(s.largeOrder / 300);
  return 1 - t * (1 - s.largeSquareScale);
}

export function resolveRenderSettings(options: Partial<RenderSettings> = {}): RenderSettings {
  const s = { ...DEFAULT_RENDER_SETTINGS, ...options };
  validateRenderSettings(s);
  return s;
}
