/** Browser-test helpers for the cluster overview (client/src/views/clusters.ts), shared by its e2e files. */
import type { Page } from "playwright-core";
import { overlaps as overlap, type Box } from "../../client/src/renderer/cluster-labels.ts";

export { overlap, type Box };

/** Waits until the overview shows the answer for the page's state, and its labels are placed (the next frame). */
export async function overviewSettled(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const c = (window as any).atlasClusters;
      return c?.status.loaded && c.status.key === c.query();
    },
    null,
    { timeout: 30_000 },
  );
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/** The rendered boxes of the overview's visible labels, with their names. */
export const overviewLabels = (page: Page): Promise<(Box & { text: string })[]> =>
  page.evaluate(() => (window as any).atlasClusters.labelBoxes());

/** The boxes of the overview's discs (page coordinates), with their labels. */
export const overviewDiscs = (page: Page): Promise<(Box & { label: string })[]> =>
  page.evaluate(() => {
    const c = (window as any).atlasClusters;
    const r = c.renderer;
    const at = r.getContainer().getBoundingClientRect();
    return c.graph.nodes().map((n: string) => {
      const d = r.getNodeDisplayData(n);
      const p = r.framedGraphToViewport(d);
      const s = r.scaleSize(d.size);
      return { label: d.label, left: at.left + p.x - s, top: at.top + p.y - s, width: 2 * s, height: 2 * s };
    });
  });

/** Every disc of the overview with its position in the graph (to compare the overview before and after a move). */
export const overviewPositions = (page: Page): Promise<[string, number, number][]> =>
  page.evaluate(() => {
    const g = (window as any).atlasClusters.graph;
    return g.nodes().map((n: string) => [n, g.getNodeAttribute(n, "x"), g.getNodeAttribute(n, "y")]);
  });

/** Where the disc of cluster (or group) `id` is on the page, with the label and size of the answer's `index`th. */
export const discTarget = (
  page: Page,
  id: string,
  index: number,
): Promise<{ x: number; y: number; label: string; size: number }> =>
  page.evaluate(
    ([node, i]) => {
      const c = (window as any).atlasClusters;
      const r = c.renderer;
      const at = r.getContainer().getBoundingClientRect();
      const p = r.framedGraphToViewport(r.getNodeDisplayData(node));
      return { x: at.left + p.x, y: at.top + p.y, label: c.data.clusters[i].label, size: c.data.clusters[i].size };
    },
    [id, index] as const,
  );
