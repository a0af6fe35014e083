/**
 * The camera follows what was asked for: an ego network, a filter, a path or a query's result is fitted into the
 * part of the graph area left free by the details panel (which sits over the right of the graph), with a margin.
 * Sigma's own helper (`@sigma/utils`) computes the state that fills the whole viewport; it is then zoomed out to
 * the free area and shifted left by half the panel's width.
 */
import { getCameraStateToFitViewportToNodes } from "@sigma/utils";
import type Sigma from "sigma";

/** Pixels kept free around the fitted nodes (node discs and labels sit inside). */
export const FIT_MARGIN = 48;

/** How much of the graph area's right side the open details panel covers, in pixels (0 when it is closed). */
export function panelOverlap(graphArea: HTMLElement, panel: HTMLElement | null): number {
  if (!panel || panel.hidden) return 0;
  const g = graphArea.getBoundingClientRect();
  const p = panel.getBoundingClientRect();
  return Math.max(0, Math.min(g.width, g.right - p.left));
}

/** How much of the graph area's top an overlay (the path view) covers, in pixels (0 when there is none). */
export function overlayTop(graphArea: HTMLElement, overlay: HTMLElement | null): number {
  if (!overlay || overlay.hidden || !overlay.offsetParent) return 0;
  const g = graphArea.getBoundingClientRect();
  const o = overlay.getBoundingClientRect();
  return Math.max(0, Math.min(g.height / 2, o.bottom - g.top));
}

/** The camera state that shows `nodes` inside the viewport minus `coveredRight` pixels on the right and
 * `coveredTop` at the top. */
export function cameraStateFor(sigma: Sigma, nodes: string[], coveredRight = 0, coveredTop = 0, margin = FIT_MARGIN) {
  const known = nodes.filter((n) => sigma.getNodeDisplayData(n));
  if (!known.length) return null;
  const full = getCameraStateToFitViewportToNodes(sigma, known);
  const { width, height } = sigma.getDimensions();
  const freeW = Math.max(80, width - coveredRight - 2 * margin);
  const freeH = Math.max(80, height - coveredTop - 2 * margin);
  // The nodes' extent in pixels as Sigma's fit shows them; the zoom that makes it fit the free area in both
  // directions (Sigma fits the group's box to the viewport's smaller side, so its extent is rarely the viewport's).
  let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const n of known) {
    const p = sigma.framedGraphToViewport(sigma.getNodeDisplayData(n)!, { cameraState: full });
    [x0, x1, y0, y1] = [Math.min(x0, p.x), Math.max(x1, p.x), Math.min(y0, p.y), Math.max(y1, p.y)];
  }
  // A single node (or a line of them) gives a degenerate box: never zoom in further than a close look.
  const ratio = Math.max(full.ratio * Math.max((x1 - x0) / freeW, (y1 - y0) / freeH), 0.02);
  const zoomed = { ...full, ratio };
  // The point that must sit in the middle of the free area is the group's centre: the camera looks at the point
  // half the covered width to the right of it.
  const centre = sigma.viewportToFramedGraph(
    { x: width / 2 + coveredRight / 2, y: height / 2 - coveredTop / 2 },
    { cameraState: zoomed },
  );
  return { ...zoomed, x: centre.x, y: centre.y };
}

/** Moves the camera (animated) so that every node of `nodes` is in view and clear of the panel. */
export async function fitCamera(
  sigma: Sigma,
  nodes: string[],
  covered: { right?: number; top?: number } = {},
  duration = 600,
): Promise<void> {
  // The fit reads the nodes' display data, which Sigma brings up to date when it draws. A layout or filter change
  // asked for a draw that may not have happened yet (while the camera moves, the camera preview holds draws back):
  // draw now, so the fit is made from where the nodes are.
  sigma.refresh();
  const state = cameraStateFor(sigma, nodes, covered.right, covered.top);
  if (!state) return;
  if (duration > 0) await sigma.getCamera().animate(state, { duration });
  else sigma.getCamera().setState(state);
}
