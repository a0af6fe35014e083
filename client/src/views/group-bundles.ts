/**
 * The overview's groupings, its bundles of ties and its semantic zoom (used by clusters.ts). Groupings: Louvain
 * clusters, sectors, or regions, each with the words the view uses for it. Bundles: one line per pair of groups,
 * as wide as its ties, or split into one curved strand per sector pair (the API's `bySector`), same-sector strands
 * in their sector's colour and cross-sector strands in the blend of the two. Semantic zoom: zooming in past a
 * threshold on a group opens it, as a click does.
 */
import type Graph from "graphology";
import type Sigma from "sigma";
import { PARTNERSHIP_COLOR, SECTOR_COLORS, SECTOR_LABELS } from "../../../shared/palette.ts";
import { html, type Html } from "../html.ts";

export const GROUPINGS = ["cluster", "sector", "region"] as const;
export type Grouping = (typeof GROUPINGS)[number];

/** Words for each grouping: the menu entry, the plural and the singular. */
export const GROUPING_WORDS: Record<Grouping, { menu: string; plural: string; one: string }> = {
  cluster: { menu: "Clusters", plural: "clusters", one: "cluster" },
  sector: { menu: "Sectors", plural: "sectors", one: "sector" },
  region: { menu: "Regions", plural: "regions", one: "region" },
};

interface Tie {
  source: number;
  target: number;
  ties: number;
  crossSector: number;
  bySector: Record<string, number>;
}

const sectorColor = (s: string) =>
  s === "Partnership" ? PARTNERSHIP_COLOR : (SECTOR_COLORS[s as keyof typeof SECTOR_COLORS] ?? SECTOR_COLORS.Other);
export const sectorWord = (s: string) =>
  s === "Partnership" ? "Partnerships" : (SECTOR_LABELS[s as keyof typeof SECTOR_LABELS] ?? s);

/** The average of two #rrggbb colours. */
function blend(a: string, b: string): string {
  const c = (h: string, i: number) => parseInt(h.slice(1 + 2 * i, 3 + 2 * i), 16);
  return `#${[0, 1, 2]
    .map((i) =>
      Math.round((c(a, i) + c(b, i)) / 2)
        .toString(16)
        .padStart(2, "0"),
    )
    .join("")}`;
}

/** The strands of a bundle: its sector pairs, most ties first (only cross-sector pairs when asked). */
export function strands(t: Tie, crossOnly: boolean): { pair: string; a: string; b: string; ties: number }[] {
  return Object.entries(t.bySector)
    .map(([pair, ties]) => {
      const [a, b] = pair.split("|") as [string, string];
      return { pair, a, b, ties };
    })
    .filter((s) => !crossOnly || (s.a !== s.b && s.a !== "Partnership" && s.b !== "Partnership"))
    .sort((x, y) => y.ties - x.ties || (x.pair < y.pair ? -1 : 1));
}

/**
 * Adds the ties between groups to the overview graph (a multi graph when split): one line per bundle, or one
 * curved strand per sector pair. Every edge keeps the bundle's total in `weight` for the layout.
 */
export function addBundles(
  g: Graph,
  ties: Tie[],
  opts: { crossOnly: boolean; split: boolean; tieColor: string; crossColor: string },
): void {
  const weight = (t: Tie) => (opts.crossOnly ? t.crossSector : t.ties);
  const maxTies = Math.max(1, ...ties.map(weight));
  for (const t of ties) {
    const [s, d] = [String(t.source), String(t.target)];
    if (!g.hasNode(s) || !g.hasNode(d)) continue;
    const w = weight(t);
    const width = (n: number) => 0.8 + 9 * Math.sqrt(n / maxTies);
    if (!opts.split) {
      g.addEdge(s, d, {
        size: width(w),
        color: opts.crossOnly ? opts.crossColor : opts.tieColor,
        hidden: w === 0,
        ties: w,
        weight: t.ties,
        bundle: `${t.source}|${t.target}`,
      });
      continue;
    }
    const list = strands(t, opts.crossOnly);
    // Fanned out symmetrically around the straight line; the widest strand in the middle.
    list.forEach((x, i) => {
      const slot = i === 0 ? 0 : i % 2 ? Math.ceil(i / 2) : -Math.ceil(i / 2);
      g.addEdge(s, d, {
        type: "curved",
        curvature: 0.0001 + 0.09 * slot,
        size: Math.max(1, width(x.ties) * 0.85),
        color: x.a === x.b ? sectorColor(x.a) : blend(sectorColor(x.a), sectorColor(x.b)),
        ties: x.ties,
        pair: x.pair,
        weight: t.ties,
        bundle: `${t.source}|${t.target}`,
      });
    });
  }
}

/** The tip of a bundle: the two groups, its ties and its sector pairs with their counts. */
export function bundleTip(t: Tie, label: (id: number) => string, crossOnly: boolean, pair?: string): Html {
  const list = strands(t, crossOnly);
  return html`<b>${label(t.source)} — ${label(t.target)}</b><br />${t.ties} ties, ${t.crossSector} cross-sector
    <ol class="pairs">
      ${list
        .slice(0, 12)
        .map(
          (x) =>
            html`<li class="${x.pair === pair ? "on" : ""}">
              ${x.a === x.b ? sectorWord(x.a) : `${sectorWord(x.a)} – ${sectorWord(x.b)}`}: ${x.ties}
            </li>`,
        )}
    </ol>
    ${list.length > 12 ? html`<small>and ${list.length - 12} more pairs</small>` : ""}`;
}

/** Below this camera ratio over the overview, the group at the zoom's focus opens. */
export const ZOOM_IN_RATIO = 0.3;
/** Above this camera ratio in an opened group, the overview comes back. */
export const ZOOM_OUT_RATIO = 3;

/**
 * Semantic zoom on the overview: when the camera zooms in past ZOOM_IN_RATIO, the group at the pointer's last place
 * over the picture (or, before the pointer has been over it, at its centre) opens, provided that place is on or near
 * its disc.
 */
export function zoomIntoGroups(sigma: Sigma, open: (node: string) => void): void {
  let pointer: { x: number; y: number } | null = null;
  let done = false;
  // The renderer's own pointer events (viewport coordinates), gone with the renderer.
  const captor = sigma.getMouseCaptor();
  const follow = (e: { x: number; y: number }) => (pointer = { x: e.x, y: e.y });
  captor.on("mousemove", follow);
  captor.on("wheel", follow);
  sigma.getCamera().on("updated", (c) => {
    if (done || c.ratio >= ZOOM_IN_RATIO) return;
    const { width, height } = sigma.getDimensions();
    const focus = pointer ?? { x: width / 2, y: height / 2 };
    let best: { node: string; d: number } | null = null;
    for (const node of sigma.getGraph().nodes()) {
      const d = sigma.getNodeDisplayData(node);
      if (!d || d.hidden) continue;
      const p = sigma.framedGraphToViewport(d);
      const dist = Math.hypot(p.x - focus.x, p.y - focus.y) - sigma.scaleSize(d.size);
      if (dist < 60 && (!best || dist < best.d)) best = { node, d: dist };
    }
    if (!best) return;
    done = true;
    open(best.node);
  });
}
