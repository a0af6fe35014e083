/**
 * Placement of the cluster overview's labels so that no two overlap: largest clusters first, each label tried
 * below its disc, then above, right, left at its four corners, then over its own disc; a label that fits nowhere is hidden (its cluster is still named in
 * the side list and on hover). Other boxes (the discs) can be given as obstacles. Pure: boxes in, boxes out.
 */
export interface LabelRequest {
  id: string;
  /** Centre and radius of the disc, in pixels. */
  x: number;
  y: number;
  r: number;
  /** Size of the label, in pixels. */
  w: number;
  h: number;
  priority: number;
}

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

export const overlaps = (a: Box, b: Box) =>
  a.left < b.left + b.width && b.left < a.left + a.width && a.top < b.top + b.height && b.top < a.top + a.height;

/** The box of each label that is shown (by id); labels left out are absent. `bounds` keeps labels on screen. */
export function placeLabels(
  items: LabelRequest[],
  bounds: Box,
  obstacles: (Box & { id?: string })[] = [],
  gap = 3,
): Map<string, Box> {
  const placed = new Map<string, Box>();
  const boxes: Box[] = [];
  const inside = (b: Box) =>
    b.left >= bounds.left &&
    b.top >= bounds.top &&
    b.left + b.width <= bounds.left + bounds.width &&
    b.top + b.height <= bounds.top + bounds.height;
  const order = [...items].sort((a, b) => b.priority - a.priority || (a.id < b.id ? -1 : 1));
  for (const it of order) {
    const candidates: Box[] = [
      { left: it.x - it.w / 2, top: it.y + it.r + gap, width: it.w, height: it.h },
      { left: it.x - it.w / 2, top: it.y - it.r - gap - it.h, width: it.w, height: it.h },
      { left: it.x + it.r + gap, top: it.y - it.h / 2, width: it.w, height: it.h },
      { left: it.x - it.r - gap - it.w, top: it.y - it.h / 2, width: it.w, height: it.h },
      { left: it.x + it.r * 0.7, top: it.y + it.r * 0.7, width: it.w, height: it.h },
      { left: it.x - it.r * 0.7 - it.w, top: it.y + it.r * 0.7, width: it.w, height: it.h },
      { left: it.x + it.r * 0.7, top: it.y - it.r * 0.7 - it.h, width: it.w, height: it.h },
      { left: it.x - it.r * 0.7 - it.w, top: it.y - it.r * 0.7 - it.h, width: it.w, height: it.h },
      // Last: over its own disc.
      { left: it.x - it.w / 2, top: it.y - it.h / 2, width: it.w, height: it.h },
    ];
    const fit = candidates.find(
      (c) =>
        inside(c) && !boxes.some((b) => overlaps(b, c)) && !obstacles.some((b) => b.id !== it.id && overlaps(b, c)),
    );
    if (!fit) continue;
    boxes.push(fit);
    placed.set(it.id, fit);
  }
  return placed;
}
