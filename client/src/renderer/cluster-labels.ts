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

/** The square box of a disc (centre and radius in pixels), as an obstacle named by its node. */
export const discBox = (id: string, x: number, y: number, r: number): Box & { id: string } => ({
  id,
  left: x - r,
  top: y - r,
  width: 2 * r,
  height: 2 * r,
});

export const overlaps = (a: Box, b: Box) =>
  a.left < b.left + b.width && b.left < a.left + a.width && a.top < b.top + b.height && b.top < a.top + a.height;

/** Boxes kept in the cells of a grid over `bounds`, so that a test for overlap reads only the boxes nearby. */
class BoxGrid {
  private readonly cells = new Map<number, (Box & { id?: string })[]>();
  private readonly cols: number;
  private readonly rows: number;

  constructor(
    private readonly bounds: Box,
    private readonly size: number,
  ) {
    this.cols = Math.max(1, Math.ceil(bounds.width / size));
    this.rows = Math.max(1, Math.ceil(bounds.height / size));
  }

  /** Calls `f` with each cell's key that `b` meets inside the bounds (none when it lies outside them). */
  private each(b: Box, f: (key: number) => boolean | void): boolean {
    const x0 = Math.max(0, Math.floor((b.left - this.bounds.left) / this.size));
    const x1 = Math.min(this.cols - 1, Math.floor((b.left + b.width - this.bounds.left) / this.size));
    const y0 = Math.max(0, Math.floor((b.top - this.bounds.top) / this.size));
    const y1 = Math.min(this.rows - 1, Math.floor((b.top + b.height - this.bounds.top) / this.size));
    for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) if (f(y * this.cols + x)) return true;
    return false;
  }

  add(b: Box & { id?: string }): void {
    this.each(b, (key) => {
      const cell = this.cells.get(key);
      if (cell) cell.push(b);
      else this.cells.set(key, [b]);
    });
  }

  /** Whether `b` overlaps a kept box other than those with id `except`. */
  hits(b: Box, except?: string): boolean {
    return this.each(b, (key) =>
      this.cells.get(key)?.some((o) => (except === undefined || o.id !== except) && overlaps(o, b)),
    );
  }
}

/**
 * The box of each label that is shown (by id); labels left out are absent. `bounds` keeps labels on screen. Placed
 * labels and obstacles are kept in a grid, so an opened group of thousands of members (each disc an obstacle) is
 * placed in milliseconds, on every frame.
 */
export function placeLabels(
  items: LabelRequest[],
  bounds: Box,
  obstacles: (Box & { id?: string })[] = [],
  gap = 3,
): Map<string, Box> {
  const placed = new Map<string, Box>();
  const cell = Math.max(32, Math.min(256, Math.sqrt((bounds.width * bounds.height) / Math.max(1, obstacles.length))));
  const boxes = new BoxGrid(bounds, cell);
  const discs = new BoxGrid(bounds, cell);
  for (const o of obstacles) discs.add(o);
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
    const fit = candidates.find((c) => inside(c) && !boxes.hits(c) && !discs.hits(c, it.id));
    if (!fit) continue;
    boxes.add(fit);
    placed.set(it.id, fit);
  }
  return placed;
}
