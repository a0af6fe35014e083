/**
 * Labels that never overlap. Sigma's label grid chooses which nodes may be labelled (at most `labelDensity` per
 * cell, more as the camera zooms in, and those with `forceLabel`); Sigma then asks the node program to draw each
 * one. Here those requests are gathered instead, and once Sigma has drawn the frame they are drawn by priority
 * (forced labels first, then by the node's `labelPriority`: the value of the size measure; the view's landmarks,
 * offered at any size, are not forced), leaving out any label
 * whose box would overlap one already drawn or a hover box, or run past the edge of the picture's free part. The
 * boxes drawn are kept in `drawn` (viewport pixels) for the tests.
 */
import type Sigma from "sigma";
import type { NodeHoverDrawingFunction, NodeLabelDrawingFunction } from "sigma/rendering";
import type { NodeDisplayData, PartialButFor } from "sigma/types";
import type { Settings } from "sigma/settings";

type LabelData = PartialButFor<NodeDisplayData, "x" | "y" | "size" | "label" | "color"> & {
  key: string;
  labelPriority?: number;
  /** Drawn as a highlighted disc in the hover layer, its label placed with the others. */
  haloOnly?: boolean;
  /** Offered a label at any size (one of the view's largest), but placed as any other: `forceLabel` is set only
   * so that Sigma offers it. */
  landmark?: boolean;
};

export interface LabelBox {
  node: string;
  label: string;
  layer: "labels" | "hovers";
  x: number;
  y: number;
  width: number;
  height: number;
}

interface Pending {
  data: LabelData;
  draw: NodeLabelDrawingFunction;
  settings: Settings;
}

/** The space labels keep between them, in pixels. */
const GAP = 2;

const overlaps = (a: LabelBox, b: LabelBox) =>
  a.x < b.x + b.width + GAP && b.x < a.x + a.width + GAP && a.y < b.y + b.height + GAP && b.y < a.y + a.height + GAP;

/** The box of a label as Sigma's `drawDiscNodeLabel` draws it: text from `size + 3` right of the node, its baseline
 * a third of the font size below the node's centre; as tall as the font (or the ink, when higher). */
export function labelBox(
  ctx: CanvasRenderingContext2D,
  data: LabelData,
  settings: Pick<Settings, "labelSize" | "labelFont" | "labelWeight">,
): LabelBox {
  const size = settings.labelSize;
  ctx.font = `${settings.labelWeight} ${size}px ${settings.labelFont}`;
  const m = ctx.measureText(data.label ?? "");
  const baseline = data.y + size / 3;
  const ascent = Math.max(m.fontBoundingBoxAscent || size, m.actualBoundingBoxAscent);
  const descent = Math.max(m.fontBoundingBoxDescent || size * 0.25, m.actualBoundingBoxDescent);
  const left = data.x + data.size + 3;
  return {
    node: data.key,
    label: data.label ?? "",
    layer: "labels",
    x: left - Math.max(0, m.actualBoundingBoxLeft),
    y: baseline - ascent,
    width: Math.max(m.width, m.actualBoundingBoxRight) + Math.max(0, m.actualBoundingBoxLeft),
    height: ascent + descent,
  };
}

/** The box Sigma's hover drawers fill: the node with its padding, and the label's box to its right. */
function hoverBox(ctx: CanvasRenderingContext2D, data: LabelData, settings: Settings): LabelBox {
  const size = settings.labelSize;
  ctx.font = `${settings.labelWeight} ${size}px ${settings.labelFont}`;
  const radius = Math.max(data.size, size / 2) + 2;
  const half = Math.max(radius, (size + 4) / 2);
  const width = data.label ? Math.round(ctx.measureText(data.label).width + 5) : 0;
  return {
    node: data.key,
    label: data.label ?? "",
    layer: "hovers",
    x: data.x - radius,
    y: data.y - half,
    width: 2 * radius + width,
    height: 2 * half,
  };
}

export class LabelPlacer {
  /** The labels drawn in the last frame (the labels layer) and in the hover layer, in viewport pixels. */
  drawn: LabelBox[] = [];
  private pending: Pending[] = [];
  private hovers = new Map<string, LabelBox>();
  private sigma: Sigma | null = null;
  private canvases = new Set<HTMLCanvasElement>();
  private disposed = false;
  /** How much of the picture's right and top something sits over (the details panel, the path list): labels there
   * would be hidden, so they are left out as past the edge. */
  covered: () => { right: number; top: number } = () => ({ right: 0, top: 0 });

  /**
   * Follows the renderer's frames (the drawers are given to it in its settings, before it exists). Sigma draws its
   * first frame in its constructor, before it can be attached: the labels of that frame were gathered (see ours)
   * and are placed here, so the first picture follows the rule like every later one.
   */
  attach(sigma: Sigma): void {
    this.sigma = sigma;
    const { labels, hovers } = sigma.getCanvases();
    this.canvases = new Set([labels, hovers].filter((c): c is HTMLCanvasElement => !!c));
    sigma.on("beforeRender", this.start);
    sigma.on("afterRender", this.place);
    if (this.pending.length > 0) this.place();
  }

  /**
   * Whether `ctx` is the attached renderer's (another renderer given the same settings, such as the image export's,
   * draws as Sigma does). Before it is attached, the renderer being constructed is the one drawing on a label or
   * hover canvas: its constructor draws the first frame.
   */
  private ours(ctx: CanvasRenderingContext2D): boolean {
    if (this.sigma === null && !this.disposed) return /\bsigma-(labels|hovers)\b/.test(ctx.canvas.className);
    return this.canvases.has(ctx.canvas as HTMLCanvasElement);
  }

  /** A node program's label drawer, gathering instead of drawing. */
  collect(draw: NodeLabelDrawingFunction): NodeLabelDrawingFunction {
    return (ctx, data, settings) => {
      if (!this.ours(ctx)) return draw(ctx, data, settings);
      if (data.label) this.pending.push({ data: data as LabelData, draw, settings });
    };
  }

  /** A node program's hover drawer: highlighted neighbours get the halo, their label is placed with the others. */
  hover(drawHover: NodeHoverDrawingFunction, drawLabel: NodeLabelDrawingFunction): NodeHoverDrawingFunction {
    return (ctx, data, settings) => {
      if (!this.ours(ctx)) return drawHover(ctx, data, settings);
      const d = data as LabelData;
      if (d.haloOnly) {
        drawHover(ctx, { ...data, label: null }, settings);
        if (d.label && d.forceLabel) this.pending.push({ data: d, draw: drawLabel, settings });
        return;
      }
      drawHover(ctx, data, settings);
      const box = hoverBox(ctx, d, settings);
      this.hovers.set(d.key, box);
      if (box.label) this.drawn = [...this.drawn.filter((b) => b.node !== d.key || b.layer !== "hovers"), box];
    };
  }

  dispose(): void {
    this.disposed = true;
    this.sigma?.off("beforeRender", this.start);
    this.sigma?.off("afterRender", this.place);
    this.sigma = null;
    this.canvases.clear();
  }

  private start = () => {
    this.pending = [];
    this.hovers.clear();
    this.drawn = [];
  };

  private place = () => {
    const ctx = this.sigma?.getCanvases().labels?.getContext("2d");
    if (!ctx) return;
    const forced = (d: LabelData) => !!d.forceLabel && !d.landmark;
    const rank = (p: Pending) => (forced(p.data) ? 1e15 : 0) + (p.data.labelPriority ?? p.data.size);
    const pending = this.pending.sort((a, b) => rank(b) - rank(a));
    this.pending = [];
    const taken: LabelBox[] = [...this.hovers.values()];
    const placed = new Set<string>();
    const { width, height } = this.sigma!.getDimensions();
    const covered = this.covered();
    // A label is drawn whole or not at all: one that would run past the picture's edge waits for the camera (but
    // a forced one, the selection's or a path's, which the researcher asked to see).
    const inView = (b: LabelBox, forced: boolean) =>
      forced || (b.x >= 0 && b.y >= covered.top && b.x + b.width <= width - covered.right && b.y + b.height <= height);
    for (const p of pending) {
      if (placed.has(p.data.key) || (this.hovers.get(p.data.key)?.label ?? "") !== "") continue;
      const box = labelBox(ctx, p.data, p.settings);
      if (!inView(box, forced(p.data)) || taken.some((t) => overlaps(t, box))) continue;
      p.draw(ctx, p.data, p.settings);
      taken.push(box);
      placed.add(p.data.key);
      this.drawn.push(box);
    }
  };
}
