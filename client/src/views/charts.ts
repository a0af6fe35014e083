/**
 * Small charts in plain HTML and SVG, built through html.ts (every value escaped): a bar beside a table value, a
 * stacked bar of a composition, a heat-map cell, and a bar chart of a series with an optional cumulative line.
 */
import { html, type Html } from "../html.ts";

const pct = (v: number, max: number) => (max > 0 ? Math.max(0, Math.min(100, (100 * v) / max)) : 0).toFixed(1);

/** A horizontal bar for a value out of `max`. */
export const bar = (value: number, max: number, color = "#2f5d8a"): Html =>
  html`<span class="bar" aria-hidden="true"><span style="width:${pct(value, max)}%;background:${color}"></span></span>`;

/** A stacked bar of parts (each with a label, a count and a colour), with the parts in its tooltip. */
export function stackedBar(parts: { label: string; count: number; color: string }[]): Html {
  const total = parts.reduce((a, p) => a + p.count, 0);
  const title = parts.map((p) => `${p.label} ${p.count}`).join(", ");
  return html`<span class="stack" role="img" aria-label="${title}" title="${title}"
    >${parts.map(
      (p) => html`<span style="width:${pct(p.count, total)}%;background:${p.color}" data-part="${p.label}"></span>`,
    )}</span
  >`;
}

/** A heat-map cell's style for a value out of `max`. */
export const heatStyle = (v: number, max: number) =>
  `background:rgba(47,93,138,${(max > 0 ? v / max : 0).toFixed(2)});color:${max > 0 && v / max > 0.5 ? "#fff" : "inherit"}`;

export interface SeriesPoint {
  x: string;
  y: number;
  /** A second, cumulative value drawn as a line (same scale). */
  line?: number | null;
}

/** A bar chart of a series (x labels along the bottom), with a line for a cumulative value when given. */
export function seriesChart(points: SeriesPoint[], yLabel: string, lineLabel?: string): Html {
  const W = 640;
  const H = 240;
  const pad = { l: 44, r: 12, t: 14, b: 40 };
  const max = Math.max(1, ...points.map((p) => Math.max(p.y, p.line ?? 0)));
  const step = (W - pad.l - pad.r) / Math.max(1, points.length);
  const y = (v: number) => pad.t + (H - pad.t - pad.b) * (1 - v / max);
  const every = Math.max(1, Math.ceil(points.length / 16));
  const ticks = [0, max / 2, max].map((v) => Math.round(v));
  const line = points
    .map((p, i) => (p.line === null || p.line === undefined ? null : `${pad.l + step * (i + 0.5)},${y(p.line)}`))
    .filter(Boolean)
    .join(" ");
  return html`<svg
    class="series-chart"
    viewBox="0 0 ${W} ${H}"
    role="img"
    aria-label="${yLabel} by ${points.length} values"
    xmlns="http://www.w3.org/2000/svg"
  >
    ${ticks.map(
      (t) =>
        html`<line x1="${pad.l}" x2="${W - pad.r}" y1="${y(t)}" y2="${y(t)}" stroke="#ddd" />
          <text x="${pad.l - 6}" y="${y(t) + 4}" text-anchor="end" font-size="11">${t}</text>`,
    )}
    ${points.map(
      (p, i) =>
        html`<rect
            x="${pad.l + step * i + step * 0.12}"
            y="${y(p.y)}"
            width="${step * 0.76}"
            height="${Math.max(0, H - pad.b - y(p.y))}"
            fill="#2f5d8a"
            ><title>${p.x}: ${p.y}</title></rect
          >${
            i % every === 0
              ? html`<text x="${pad.l + step * (i + 0.5)}" y="${H - pad.b + 16}" text-anchor="middle" font-size="11">
                  ${p.x}
                </text>`
              : ""
          }`,
    )}
    ${line ? html`<polyline points="${line}" fill="none" stroke="#c9a227" stroke-width="2.5" />` : ""}
    <text x="${pad.l}" y="${H - 6}" font-size="11" fill="#555">
      ■ ${yLabel}${line && lineLabel ? html` <tspan fill="#c9a227">━ ${lineLabel}</tspan>` : ""}
    </text>
  </svg>`;
}
