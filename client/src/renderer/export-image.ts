/**
 * Export of the current drawing as PNG at a chosen scale or as SVG, each with its caption (what the view shows in
 * words, renderer/figure-caption.ts) and the legend (loaded when first used; data files come from the API:
 * `dataExportUrl` in panels/export-menu.ts).
 */
import { html, type Html } from "../html.ts";
import type { FigureCaption } from "./figure-caption.ts";
import type Sigma from "sigma";
import { drawOnCanvas } from "@sigma/export-image";
import { drawDiscNodeLabel } from "sigma/rendering";
import { legendItems } from "../panels/legend.ts";

/**
 * The nodes a figure labels: those the picture on screen labels (renderer/labels.ts places them, none over another),
 * so a figure shows the labels the researcher saw, not a pile of every larger node's name.
 */
export type FigureLabels = ReadonlySet<string>;

/** Where and how a node's label is drawn in a renderer (Sigma's own label drawers, in viewport pixels). */
function figureLabel(renderer: Sigma, node: string) {
  const d = renderer.getNodeDisplayData(node);
  if (!d || d.hidden || !d.label) return null;
  const p = renderer.framedGraphToViewport(d);
  return { ...d, key: node, x: p.x, y: p.y, size: renderer.scaleSize(d.size) };
}

function save(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  Object.assign(document.createElement("a"), { href: url, download: name }).click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The caption's height in pixels (at scale 1): the title and each line, 16 px each, and a margin. */
const captionHeight = (c: FigureCaption | null) => (c ? (1 + c.lines.length) * 16 + 8 : 0);

export async function downloadPng(
  renderer: Sigma,
  scale: number,
  caption: FigureCaption | null = null,
  labelled: FigureLabels = new Set(),
): Promise<void> {
  const { width, height } = renderer.getDimensions();
  const picture = await drawOnCanvas(renderer, {
    width: width * scale,
    height: height * scale,
    backgroundColor: "#ffffff",
    // The figure's labels are the screen's, drawn by Sigma's own drawers where the figure's renderer puts the nodes
    // (its label grid would pick others, some over each other); hovers are left out.
    withTempRenderer: (figure) => {
      const { labels, hovers } = figure.getCanvases();
      for (const c of [labels, hovers]) c?.getContext("2d")?.clearRect(0, 0, c.width, c.height);
      const ctx = labels?.getContext("2d");
      if (!ctx) return;
      const settings = figure.getSettings();
      for (const node of labelled) {
        const d = figureLabel(figure, node);
        // Partnerships' squares are labelled by the same drawer (node-square's label drawer is the disc's).
        if (d) drawDiscNodeLabel(ctx, d, settings);
      }
    },
  });
  // The legend (what colours mean now: sectors or clusters) below the picture, never over it.
  const LEGEND = legendItems;
  const canvas = document.createElement("canvas");
  canvas.width = picture.width;
  canvas.height = picture.height + (captionHeight(caption) + LEGEND.length * 14 + 16) * scale;
  const ctx = canvas.getContext("2d")!;
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(picture, 0, 0);
  // The caption under the picture, above the legend.
  if (caption)
    [caption.title, ...caption.lines].forEach((text, i) => {
      ctx.font = `${i ? "" : "bold "}${(i ? 11 : 13) * scale}px sans-serif`;
      ctx.fillStyle = i ? "#444" : "#111";
      ctx.fillText(text, 10 * scale, picture.height + (16 * i + 18) * scale, canvas.width - 20 * scale);
    });
  ctx.font = `${11 * scale}px sans-serif`;
  LEGEND.forEach((item, i) => {
    const y = canvas.height - (LEGEND.length - i) * 14 * scale - 8 * scale;
    ctx.fillStyle = item.color;
    if (item.shape === "line") ctx.fillRect(10 * scale, y + 4 * scale, 14 * scale, 3 * scale);
    else ctx.fillRect(10 * scale, y, 10 * scale, 10 * scale);
    ctx.fillStyle = "#222";
    ctx.fillText(item.label, 30 * scale, y + 9 * scale);
  });
  canvas.toBlob((b) => b && save(b, "coalition-atlas.png"), "image/png");
}

/**
 * The current drawing as SVG: what the reducers show (hidden elements left out), the labels the screen shows, the
 * caption (also as the file's title and description) and the legend.
 */
export function toSvg(
  renderer: Sigma,
  caption: FigureCaption | null = null,
  labelled: FigureLabels = new Set(),
): string {
  const { width, height } = renderer.getDimensions();
  const graph = renderer.getGraph();
  const parts: Html[] = [];
  graph.forEachEdge((e, _a, s, t) => {
    const d = renderer.getEdgeDisplayData(e);
    const ds = renderer.getNodeDisplayData(s);
    const dt = renderer.getNodeDisplayData(t);
    if (!d || d.hidden || !ds || !dt || ds.hidden || dt.hidden) return;
    // Display data are in the framed graph's coordinates.
    const a = renderer.framedGraphToViewport(ds);
    const b = renderer.framedGraphToViewport(dt);
    parts.push(
      html`<line
        x1="${a.x.toFixed(1)}"
        y1="${a.y.toFixed(1)}"
        x2="${b.x.toFixed(1)}"
        y2="${b.y.toFixed(1)}"
        stroke="${d.color}"
        stroke-width="${Math.max(0.5, d.size)}"
        opacity="0.7"
      />`,
    );
  });
  graph.forEachNode((n) => {
    const d = renderer.getNodeDisplayData(n);
    if (!d || d.hidden) return;
    const p = renderer.framedGraphToViewport(d);
    const r = renderer.scaleSize(d.size);
    parts.push(
      d.type === "square"
        ? html`<rect
            x="${(p.x - r).toFixed(1)}"
            y="${(p.y - r).toFixed(1)}"
            width="${(2 * r).toFixed(1)}"
            height="${(2 * r).toFixed(1)}"
            fill="${d.color}"
          />`
        : html`<circle cx="${p.x.toFixed(1)}" cy="${p.y.toFixed(1)}" r="${r.toFixed(1)}" fill="${d.color}" />`,
    );
  });
  // The labels over the nodes, where Sigma's drawDiscNodeLabel puts them: from size + 3 right of the node, the
  // baseline a third of the font size below its centre.
  const { labelSize, labelFont, labelWeight } = renderer.getSettings();
  for (const node of labelled) {
    const d = figureLabel(renderer, node);
    if (!d) continue;
    parts.push(
      html`<text
        class="label"
        x="${(d.x + d.size + 3).toFixed(1)}"
        y="${(d.y + labelSize / 3).toFixed(1)}"
        font-size="${labelSize}"
        font-family="${labelFont}"
        font-weight="${labelWeight}"
      >
        ${d.label}
      </text>`,
    );
  }
  const LEGEND = legendItems;
  const full = height + captionHeight(caption) + LEGEND.length * 14 + 16;
  if (caption)
    [caption.title, ...caption.lines].forEach((text, i) =>
      parts.push(
        html`<text
          class="${i ? "caption" : "caption-title"}"
          x="10"
          y="${height + 16 * i + 18}"
          font-size="${i ? 11 : 13}"
          font-weight="${i ? "normal" : "bold"}"
          fill="${i ? "#444" : "#111"}"
        >
          ${text}
        </text>`,
      ),
    );
  LEGEND.forEach((item, i) => {
    const y = full - (LEGEND.length - i) * 14 - 8;
    parts.push(
      item.shape === "line"
        ? html`<rect x="10" y="${y + 4}" width="14" height="3" fill="${item.color}" />`
        : html`<rect x="10" y="${y}" width="10" height="10" fill="${item.color}" />`,
      html`<text x="30" y="${y + 9}" font-size="11">${item.label}</text>`,
    );
  });
  return html`<svg
    xmlns="http://www.w3.org/2000/svg"
    width="${width}"
    height="${full}"
    viewBox="0 0 ${width} ${full}"
    font-family="sans-serif"
  >
    ${caption ? html`<title>${caption.title}</title><desc>${caption.lines.join("\n")}</desc>` : ""}
    <rect width="100%" height="100%" fill="#fff" />
    ${parts}
  </svg>`.text;
}

export function downloadSvg(
  renderer: Sigma,
  caption: FigureCaption | null = null,
  labelled: FigureLabels = new Set(),
): void {
  save(new Blob([toSvg(renderer, caption, labelled)], { type: "image/svg+xml" }), "coalition-atlas.svg");
}
