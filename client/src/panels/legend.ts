/**
 * The legend: what node colours mean now (sectors, or clusters with their labels), squares (partnerships) and edge
 * colours (relationship types). The items shown are kept (`legendItems`) so an exported image carries the same.
 */
import { html, render } from "../html.ts";
import {
  CLUSTER_COLORS,
  LEGEND,
  OTHER_CLUSTER_COLOR,
  PARTNERSHIP_COLOR,
  REL_COLORS,
  REL_LABELS,
  REL_TYPES,
} from "../../../shared/palette.ts";

export type LegendItem = (typeof LEGEND)[number];

const swatch = { disc: "swatch", square: "swatch", line: "swatch line" } as const;

/** What the legend shows now (read by the image export). */
export let legendItems: LegendItem[] = LEGEND;

/** The legend for colours by cluster: each coloured cluster with its label, the rest in grey. */
export function clusterLegend(clusters: { id: number; label: string }[], others: number): LegendItem[] {
  return [
    ...clusters.slice(0, CLUSTER_COLORS.length).map((c, i) => ({
      color: CLUSTER_COLORS[i]!,
      label: `${c.id}. ${c.label}`,
      shape: "disc" as const,
    })),
    ...(others ? [{ color: OTHER_CLUSTER_COLOR, label: `Smaller clusters (${others})`, shape: "disc" as const }] : []),
    { color: PARTNERSHIP_COLOR, label: "Partnership", shape: "square" as const },
    ...REL_TYPES.map((t) => ({ color: REL_COLORS[t], label: REL_LABELS[t], shape: "line" as const })),
  ];
}

export function renderLegend(root: HTMLElement, items: LegendItem[] = LEGEND): void {
  legendItems = items;
  root.dataset.colour = items === LEGEND ? "sector" : "cluster";
  render(
    root,
    html`${items.map(
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
