/** The legend: what node colours (sectors), squares (partnerships) and edge colours (relationship types) mean. */
import { html, render } from "../html.ts";
import { LEGEND } from "../../../shared/palette.ts";

const swatch = { disc: "swatch", square: "swatch", line: "swatch line" } as const;

export function renderLegend(root: HTMLElement): void {
  render(
    root,
    html`${LEGEND.map(
      (item) =>
        html`<div>
          <span
            class="${swatch[item.shape]}"
            style="background:${item.color}${item.shape === "square" ? ";border-radius:0" : ""}"
          ></span
          >${item.shape === "square" ? `${item.label} (square)` : item.label}
        </div>`,
    )}`,
  );
}
