/** The legend: what node colours (sectors), squares (partnerships) and edge colours (relationship types) mean. */
import { html, render } from "../html.ts";
import {
  PARTNERSHIP_COLOR,
  REL_COLORS,
  REL_LABELS,
  REL_TYPES,
  SECTOR_COLORS,
  SECTOR_LABELS,
  SECTORS,
} from "../../../shared/palette.ts";

export function renderLegend(root: HTMLElement): void {
  const sectors = SECTORS.map(
    (s) => html`<div><span class="swatch" style="background:${SECTOR_COLORS[s]}"></span>${SECTOR_LABELS[s]}</div>`,
  );
  const partnership = html`<div>
    <span class="swatch" style="background:${PARTNERSHIP_COLOR};border-radius:0"></span>Partnership (square)
  </div>`;
  const types = REL_TYPES.map(
    (t) => html`<div><span class="swatch line" style="background:${REL_COLORS[t]}"></span>${REL_LABELS[t]}</div>`,
  );
  render(root, html`${sectors}${partnership}${types}`);
}
