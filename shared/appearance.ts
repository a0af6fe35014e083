/**
 * How an actor or partnership looks wherever it is drawn (the explorer, the GEXF/GraphML exports, figures): its
 * colour, its size for a measure, and a spread-out starting position when no layout is known. Pure.
 */
import { CLUSTER_COLORS, OTHER_CLUSTER_COLOR, PARTNERSHIP_COLOR, SECTOR_COLORS } from "./palette.ts";

/** A node's size for a measure's value, given the largest value in view: 3 to 18, by square root (area follows
 * the value); 4 when nothing has a value. */
export const nodeSize = (value: number, max: number) => (max > 0 ? 3 + 15 * Math.sqrt(value / max) : 4);

/** A node's colour: its cluster's when clusters are shown (a negative cluster: one of the smaller clusters, in
 * grey), else its sector's (partnerships: one grey). */
export function nodeColor(a: { entity?: unknown; sector?: unknown }, cluster?: number): string {
  if (cluster !== undefined)
    return cluster < 0 ? OTHER_CLUSTER_COLOR : CLUSTER_COLORS[cluster % CLUSTER_COLORS.length]!;
  if (a.entity === "Partnership") return PARTNERSHIP_COLOR;
  return SECTOR_COLORS[a.sector as keyof typeof SECTOR_COLORS] ?? SECTOR_COLORS.Other;
}

const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));

/** The i-th point of a golden-angle spiral (`step` apart, turned by `turn` radians): deterministic and already
 * spread out, the start of every layout. */
export function spiralPoint(i: number, step = 10, turn = 0): { x: number; y: number } {
  const r = Math.sqrt(i + 0.5) * step;
  return { x: r * Math.cos(i * GOLDEN_ANGLE + turn), y: r * Math.sin(i * GOLDEN_ANGLE + turn) };
}
