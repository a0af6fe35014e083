/**
 * The cluster view's label placement (renderer/cluster-labels.ts) keeps its boxes in a grid; it must place exactly
 * what the plain rule places (each label at the first of its positions that stays on screen and meets no placed
 * label and no other disc), which a direct transcription of the rule computes here for comparison.
 */
import { describe, expect, it } from "vitest";
import {
  type Box,
  discBox,
  type LabelRequest,
  overlaps,
  placeLabels,
} from "../../client/src/renderer/cluster-labels.ts";
import { prng } from "../../shared/random.ts";

/** The rule, checking every box against every other. */
function reference(items: LabelRequest[], bounds: Box, obstacles: (Box & { id?: string })[], gap = 3) {
  const placed = new Map<string, Box>();
  const boxes: Box[] = [];
  const inside = (b: Box) =>
    b.left >= bounds.left &&
    b.top >= bounds.top &&
    b.left + b.width <= bounds.left + bounds.width &&
    b.top + b.height <= bounds.top + bounds.height;
  for (const it of [...items].sort((a, b) => b.priority - a.priority || (a.id < b.id ? -1 : 1))) {
    const at = (left: number, top: number): Box => ({ left, top, width: it.w, height: it.h });
    const k = it.r * 0.7;
    const fit = [
      at(it.x - it.w / 2, it.y + it.r + gap),
      at(it.x - it.w / 2, it.y - it.r - gap - it.h),
      at(it.x + it.r + gap, it.y - it.h / 2),
      at(it.x - it.r - gap - it.w, it.y - it.h / 2),
      at(it.x + k, it.y + k),
      at(it.x - k - it.w, it.y + k),
      at(it.x + k, it.y - k - it.h),
      at(it.x - k - it.w, it.y - k - it.h),
      at(it.x - it.w / 2, it.y - it.h / 2),
    ].find(
      (c) =>
        inside(c) && !boxes.some((b) => overlaps(b, c)) && !obstacles.some((b) => b.id !== it.id && overlaps(b, c)),
    );
    if (!fit) continue;
    boxes.push(fit);
    placed.set(it.id, fit);
  }
  return placed;
}

describe("cluster label placement", () => {
  it.each([
    [1, 40, 60],
    [2, 300, 5_000],
    [3, 300, 800],
  ])("places what the plain rule places (seed %i, %i labels among %i discs)", (seed, labels, discs) => {
    const rng = prng(seed);
    const bounds = { left: 0, top: 0, width: 1200, height: 700 };
    // Discs spread over and beyond the screen (some partly or wholly off it), labels on some of them.
    const nodes = Array.from({ length: discs }, (_, i) => ({
      id: `n${i}`,
      x: -100 + rng() * 1400,
      y: -100 + rng() * 900,
      r: 1 + rng() * 12,
    }));
    const obstacles = nodes.map((n) => discBox(n.id, n.x, n.y, n.r));
    const items = nodes.slice(0, labels).map((n) => ({
      ...n,
      w: 20 + rng() * 140,
      h: 14 + rng() * 10,
      priority: Math.floor(rng() * 50),
    }));
    const ours = placeLabels(items, bounds, obstacles);
    const rule = reference(items, bounds, obstacles);
    expect([...ours.entries()].sort()).toEqual([...rule.entries()].sort());
    // Not a vacuous comparison: some labels are placed and some are left out.
    expect(ours.size).toBeGreaterThan(0);
    if (discs > labels * 2) expect(ours.size).toBeLessThan(labels);
    const shown = [...ours.values()];
    for (let i = 0; i < shown.length; i++)
      for (let j = i + 1; j < shown.length; j++) expect(overlaps(shown[i]!, shown[j]!)).toBe(false);
  });
});
