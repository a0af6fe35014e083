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
   * camera rests (renderer/camera-preview.ts). */
  previewAbove: number;
  /** Sigma's label settings. */
  labelRenderedSizeThreshold: number;
  labelDensity: number;
  labelGridCellSize: number;
}

export const DEFAULT_RENDER_SETTINGS: Readonly<RenderSettings> = Object.freeze({
  edgeBudget: 50_000,
  lineEdgesAbove: 20_000,
  largeOrder: 5_000,
  previewAbove: 20_000,
  labelRenderedSizeThreshold: 7,
  labelDensity: 0.6,
  labelGridCellSize: 90,
});

const COUNTS = ["edgeBudget", "lineEdgesAbove", "largeOrder", "previewAbove", "labelGridCellSize"] as const;

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
}

export function resolveRenderSettings(options: Partial<RenderSettings> = {}): RenderSettings {
  const s = { ...DEFAULT_RENDER_SETTINGS, ...options };
  validateRenderSettings(s);
  return s;
}
