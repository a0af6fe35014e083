/**
 * Group views beyond clusters in a real headless Chromium against the real server and database: the overview
 * grouped by sector and by region from its "Group by" control, kept in the URL; group labels that never overlap at
 * 1440×900 and 1024×768; bundles split into sector-pair strands; and semantic zoom, where zooming into a group
 * opens it (brokers ringed) and zooming out folds it back to the same overview.
 */
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { explorerFor } from "./helpers/explorer.ts";
import {
  overlap,
  overviewDiscs,
  overviewLabels,
  overviewSettled,
  discTarget,
  overviewPositions,
} from "./helpers/overview.ts";
import type { TestServer } from "./helpers/server.ts";

let api: TestServer;
let page: Page;

const ui = explorerFor({ RATE_LIMIT_PER_MINUTE: "100000" });
beforeAll(() => {
  ({ api, page } = ui);
});

const settled = () => overviewSettled(page);
async function go(query: string): Promise<void> {
  await page.goto(`${api.url}/${query}`);
  await settled();
}
const url = () => new URL(page.url()).searchParams;

/** No two visible labels overlap, nor does a label cover another group's disc. */
async function expectNoOverlap(where: string): Promise<number> {
  const boxes = await overviewLabels(page);
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++)
      expect(overlap(boxes[i]!, boxes[j]!), `${where}: ${boxes[i]!.text} / ${boxes[j]!.text}`).toBe(false);
  const discs = await overviewDiscs(page);
  for (const b of boxes)
    for (const d of discs)
      if (d.label !== b.text) expect(overlap(b, d), `${where}: ${b.text} on ${d.label}`).toBe(false);
  return boxes.length;
}

describe("group views", () => {
  it("groups the overview by sector from its control: one group per sector present, counts summing to the actors in view", async () => {
    await go("");
    const clusters = await page.evaluate(() => (window as any).atlasClusters.data.clusters.map((c: any) => c.label));
    await page.getByLabel("Group by").selectOption("sector");
    await settled();
    expect(url().get("grp")).toBe("sector");
    const shown = await page.evaluate(() => {
      const c = (window as any).atlasClusters;
      return {
        labels: c.data.clusters.map((x: any) => x.label),
        sizes: c.data.clusters.map((x: any) => x.size),
        nodeCount: c.data.nodeCount,
        discs: c.graph.order,
      };
    });
    expect(shown.labels).not.toEqual(clusters);
    // The sectors in view, counted from the actor graph of the same (unfiltered) scope.
    const counted = await page.evaluate(async () => {
      const g = await (await fetch("/api/graph?limit=200000")).json();
      const by: Record<string, number> = {};
      for (const n of g.nodes) {
        const a = n.attributes;
        const k = a.entity === "Partnership" ? "Partnership" : (a.sector ?? "Other");
        by[k] = (by[k] ?? 0) + 1;
      }
      return { groups: Object.keys(by).length, nodes: g.nodes.length };
    });
    expect(shown.discs).toBe(counted.groups);
    expect(shown.labels).toHaveLength(counted.groups);
    expect(shown.sizes.reduce((a: number, b: number) => a + b, 0)).toBe(counted.nodes);
    expect(shown.nodeCount).toBe(counted.nodes);
    expect(shown.labels).toContain("NGO");
    expect(shown.labels).toContain("Partnerships");
    expect(await page.locator(".cluster-bar .crumb").textContent()).toBe("Sectors");
    // Each group's label gives its size and E-I index; its entry in the list the share of its ties leaving the sector.
    const texts = await page.$$eval(".cluster-label:not([hidden])", (els) => els.map((e) => e.textContent ?? ""));
    expect(texts.length).toBeGreaterThan(5);
    for (const t of texts) expect(t).toMatch(/\d+ members · E-I (n\/a|[+−]\d\.\d\d)/);
    const ngo = await page.evaluate(() =>
      (window as any).atlasClusters.data.clusters.find((c: any) => c.label === "NGO"),
    );
    const share = Math.round((100 * ngo.externalTies) / (ngo.internalTies + ngo.externalTies));
    const entry = page.locator(".cluster-list li", { has: page.getByRole("button", { name: "NGO", exact: true }) });
    expect(await entry.locator(".meta").first().textContent()).toContain(`${share}% of its ties leave the sector`);

    // The URL reproduces it after a reload.
    await page.reload();
    await settled();
    expect(await page.getByLabel("Group by").inputValue()).toBe("sector");
    expect(await page.evaluate(() => (window as any).atlasClusters.data.clusters.map((c: any) => c.label))).toEqual(
      shown.labels,
    );
  });

  it("groups by region, with a 'No location' group, and back to clusters", async () => {
    await page.getByLabel("Group by").selectOption("region");
    await settled();
    expect(url().get("grp")).toBe("region");
    const labels: string[] = await page.evaluate(() =>
      (window as any).atlasClusters.data.clusters.map((c: any) => c.label),
    );
    expect(labels).toContain("No location");
    expect(labels.length).toBeGreaterThan(5);
    await page.getByLabel("Group by").selectOption("cluster");
    await settled();
    expect(url().get("grp")).toBeNull();
    expect(await page.locator(".cluster-bar .crumb").textContent()).toBe("Clusters");
  });

  it("never lets two group labels overlap, at 1440×900 and 1024×768, in every grouping", async () => {
    for (const size of [
      { width: 1440, height: 900 },
      { width: 1024, height: 768 },
    ])
      for (const grp of ["sector", "region", ""]) {
        await page.setViewportSize(size);
        await go(grp ? `?view=clusters&grp=${grp}` : "?view=clusters");
        const shown = await expectNoOverlap(`${size.width}×${size.height} ${grp || "cluster"}`);
        expect(shown, `${size.width} ${grp}`).toBeGreaterThan(3);
      }
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  it("splits each bundle into strands by sector pair, their ties adding up to the bundle's; a bundle lists its pairs", async () => {
    // By region: a bundle between two regions joins several pairs of sectors (between two sectors, only one).
    await go("?view=clusters&grp=region");
    const bundles = await page.evaluate(() => (window as any).atlasClusters.graph.size);
    await page.getByLabel("Split by sector pair").check();
    await settled();
    expect(url().get("sp")).toBe("1");
    const strands = await page.evaluate(() => {
      const c = (window as any).atlasClusters;
      const g = c.graph;
      const sums: Record<string, number> = {};
      for (const e of g.edges()) {
        const a = g.getEdgeAttributes(e);
        sums[a.bundle] = (sums[a.bundle] ?? 0) + a.ties;
      }
      return {
        strands: g.size,
        curved: g.filterEdges((_e: string, a: any) => a.type === "curved").length,
        sums,
        ties: Object.fromEntries(c.data.ties.map((t: any) => [`${t.source}|${t.target}`, t.ties])),
      };
    });
    expect(strands.strands).toBeGreaterThan(bundles);
    expect(strands.curved).toBe(strands.strands);
    expect(strands.sums).toEqual(strands.ties);
    // Hovering a strand lists the sector pairs of its bundle.
    const at = await page.evaluate(() => {
      const c = (window as any).atlasClusters;
      const r = c.renderer;
      const g = c.graph;
      const box = r.getContainer().getBoundingClientRect();
      // The strand with the most ties, hovered at the middle of its two ends (the middle strand is straight).
      const e = g
        .edges()
        .sort((a: string, b: string) => g.getEdgeAttribute(b, "ties") - g.getEdgeAttribute(a, "ties"))[0];
      const [s, t] = g.extremities(e).map((n: string) => r.framedGraphToViewport(r.getNodeDisplayData(n)));
      return { x: box.left + (s.x + t.x) / 2, y: box.top + (s.y + t.y) / 2 };
    });
    await page.mouse.move(at.x - 3, at.y - 3);
    await page.mouse.move(at.x, at.y, { steps: 2 });
    await page.waitForFunction(() => (window as any).atlasClusters.hoveredBundle !== null, null, { timeout: 5000 });
    const tip = (await page.locator(".cluster-tip").textContent())!;
    expect(tip).toMatch(/\d+ ties, \d+ cross-sector/);
    expect(await page.locator(".cluster-tip ol.pairs li").count()).toBeGreaterThan(0);
  });

  it("zooming into a group opens it with its brokers ringed; zooming out folds it back to the same overview", async () => {
    await go("?view=clusters&grp=sector");
    const before = await overviewPositions(page);
    const target = await discTarget(page, "1", 0);
    await page.mouse.move(target.x, target.y);
    for (let i = 0; i < 8 && !new URL(page.url()).searchParams.get("cl"); i++) {
      await page.mouse.wheel(0, -400);
      await page.waitForTimeout(350);
    }
    await settled();
    expect(url().get("cl")).toBe("1");
    expect(url().get("grp")).toBe("sector");
    const opened = await page.evaluate(() => {
      const c = (window as any).atlasClusters;
      return {
        opened: c.status.opened,
        order: c.graph.order,
        ringed: c.graph.filterNodes((_n: string, a: any) => a.type === "broker").length,
      };
    });
    expect(opened.opened).toBe(1);
    expect(opened.order).toBe(target.size);
    expect(opened.ringed).toBeGreaterThan(0);
    expect(await page.locator(".cluster-bar .crumb").textContent()).toBe(target.label);
    expect(await page.getByRole("button", { name: "← Back to sectors" }).isVisible()).toBe(true);

    // Zooming far out folds it back.
    const mid = await page.evaluate(() => {
      const r = (window as any).atlasClusters.renderer.getContainer().getBoundingClientRect();
      return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    });
    await page.mouse.move(mid.x, mid.y);
    for (let i = 0; i < 8 && new URL(page.url()).searchParams.get("cl"); i++) {
      await page.mouse.wheel(0, 400);
      await page.waitForTimeout(350);
    }
    await settled();
    expect(url().get("cl")).toBeNull();
    expect(url().get("grp")).toBe("sector");
    const after = await overviewPositions(page);
    expect(after).toEqual(before);
  });
});
