/**
 * The cluster overview in a real headless Chromium against the real server and database, as a researcher sees it:
 * labelled clusters with their sector mixes, labels that never overlap, a cluster opened and folded back, the view
 * reproduced from its URL, cross-sector ties only, the brokers between NGOs and governments in one click, and with
 * colours by cluster a legend naming the clusters that stays off the graph.
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

/** Waits until the cluster view shows the answer for the page's state. */
const settled = () => overviewSettled(page);

async function go(query: string): Promise<void> {
  await page.goto(`${api.url}/${query}`);
  await settled();
}

const labelBoxes = () => overviewLabels(page);
const url = () => new URL(page.url()).searchParams;

describe("cluster overview", () => {
  it("opens on the cluster overview: labelled clusters, each with its size, E-I index and sector mix", async () => {
    await go("");
    expect(await page.isVisible("#clusters .cluster-canvas")).toBe(true);
    const labels = await labelBoxes();
    expect(labels.length).toBeGreaterThanOrEqual(8);
    const texts = await page.$$eval(".cluster-label:not([hidden])", (els) => els.map((e) => e.textContent ?? ""));
    for (const t of texts) expect(t).toMatch(/\d+ members · E-I (n\/a|[+−]\d\.\d\d)/);
    // The largest cluster's disc is drawn with its sector mix (pie slices), and its list entry shows the same mix.
    const first = await page.evaluate(() => {
      const c = (window as any).atlasClusters;
      const g = c.graph;
      const slices = Object.entries(g.getNodeAttributes("1")).filter(([k]) => /^g\d+$/.test(k));
      return {
        size: c.data.clusters[0].size,
        label: c.data.clusters[0].label,
        total: slices.reduce((a: number, [, v]) => a + (v as number), 0),
        nonZero: slices.filter(([, v]) => (v as number) > 0).length,
      };
    });
    expect(first.total).toBe(first.size);
    expect(first.nonZero).toBeGreaterThan(1);
    const entry = page.locator(".cluster-list li").first();
    expect(await entry.locator(".link").textContent()).toBe(first.label);
    const mix = await entry.locator(".mix span").evaluateAll((els) => els.map((e) => e.getAttribute("title")));
    expect(mix.length).toBe(first.nonZero);
    expect(mix.join(" ")).toMatch(/Government|NGO|Partnerships/);
    // The rule behind a name is one click away.
    await entry.locator("summary").click();
    expect(await entry.locator("details p").first().textContent()).toMatch(/located actors|has a location/);
  });

  it("never lets two visible cluster labels overlap, nor a label cover another cluster, at any zoom", async () => {
    for (const ratio of [1, 0.5, 1.8]) {
      await page.evaluate((r) => (window as any).atlasClusters.renderer.getCamera().setState({ ratio: r }), ratio);
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const boxes = await labelBoxes();
      expect(boxes.length, `ratio ${ratio}`).toBeGreaterThan(2);
      for (let i = 0; i < boxes.length; i++)
        for (let j = i + 1; j < boxes.length; j++)
          expect(overlap(boxes[i]!, boxes[j]!), `${boxes[i]!.text} / ${boxes[j]!.text}`).toBe(false);
      const discs = await overviewDiscs(page);
      // A label may sit on its own disc, never on another's.
      for (const b of boxes)
        for (const d of discs) if (d.label !== b.text) expect(overlap(b, d), `${b.text} on ${d.label}`).toBe(false);
    }
    await page.evaluate(() =>
      (window as any).atlasClusters.renderer.getCamera().setState({ ratio: 1, x: 0.5, y: 0.5 }),
    );
  });

  it("opens a cluster with a click on its disc, rings its brokers, and folds back to the same overview", async () => {
    await go("?view=clusters");
    const before = await overviewPositions(page);
    const target = await discTarget(page, "3", 2);
    await page.mouse.move(target.x - 5, target.y - 5);
    await page.mouse.move(target.x, target.y, { steps: 3 });
    await page.waitForFunction(() => (window as any).atlasClusters.hovered === "3", null, { timeout: 5000 });
    // Hovering a disc names the cluster, with its rule.
    expect(await page.locator(".cluster-tip").textContent()).toContain(target.label);
    await page.mouse.click(target.x, target.y);
    await settled();
    expect(url().get("cl")).toBe("3");
    const opened = await page.evaluate(() => {
      const c = (window as any).atlasClusters;
      const g = c.graph;
      return {
        opened: c.status.opened,
        order: g.order,
        brokers: g.filterNodes((_n: string, a: any) => a.broker).length,
        ringed: g.filterNodes((_n: string, a: any) => a.type === "broker").length,
      };
    });
    expect(opened.opened).toBe(3);
    expect(opened.order).toBe(target.size);
    expect(opened.brokers).toBeGreaterThan(0);
    expect(opened.ringed).toBeGreaterThan(0);
    expect(await page.locator(".cluster-bar .crumb").textContent()).toBe(target.label);
    expect(await page.locator(".broker-list li").count()).toBeGreaterThan(0);
    // Members' names, placed like the clusters' labels: none overlaps another.
    const names = await labelBoxes();
    expect(names.length).toBeGreaterThan(5);
    for (let i = 0; i < names.length; i++)
      for (let j = i + 1; j < names.length; j++)
        expect(overlap(names[i]!, names[j]!), `${names[i]!.text} / ${names[j]!.text}`).toBe(false);

    await page.getByRole("button", { name: "← Back to clusters" }).click();
    await settled();
    expect(url().get("cl")).toBeNull();
    const after = await overviewPositions(page);
    expect(after).toEqual(before);
  });

  it("reproduces an opened cluster with cross-sector ties only from its URL", async () => {
    await go("?view=clusters");
    await page.getByLabel("Cross-sector ties only").check();
    await settled();
    expect(url().get("xs")).toBe("1");
    // Between clusters, only cross-sector ties are counted.
    const widths = await page.evaluate(() => {
      const c = (window as any).atlasClusters;
      return c.graph.edges().map((e: string) => {
        const [s, t] = c.graph.extremities(e).map(Number);
        const tie = c.data.ties.find((x: any) => x.source === Math.min(s, t) && x.target === Math.max(s, t));
        return [c.graph.getEdgeAttribute(e, "ties"), tie.crossSector];
      });
    });
    expect(widths.length).toBeGreaterThan(0);
    for (const [shown, cross] of widths) expect(shown).toBe(cross);

    const link = `?view=clusters&cl=2&xs=1&sector=NGO,Government`;
    await go(link);
    const state = await page.evaluate(() => {
      const c = (window as any).atlasClusters;
      return {
        opened: c.status.opened,
        label: c.data.opened.label,
        edges: c.graph.edges().map((e: string) => c.graph.getEdgeAttribute(e, "crossSector")),
        members: c.data.opened.nodes.map((n: any) => n.sector),
      };
    });
    expect(state.opened).toBe(2);
    expect(state.edges.every(Boolean)).toBe(true);
    for (const s of state.members) expect([null, "NGO", "Government"]).toContain(s);
    expect(await page.getByLabel("Cross-sector ties only").isChecked()).toBe(true);
    // The same link opened again draws the same cluster in the same places.
    const positions = () =>
      page.evaluate(() => {
        const g = (window as any).atlasClusters.graph;
        return g.nodes().map((n: string) => [n, g.getNodeAttribute(n, "x").toFixed(6)]);
      });
    const first = await positions();
    await go(link);
    expect(await positions()).toEqual(first);
    expect(await page.locator(".cluster-bar .crumb").textContent()).toBe(state.label);
  });

  it("finds the brokers between NGOs and governments in one click", async () => {
    await go("?view=clusters");
    await page.getByRole("button", { name: "Brokers between NGOs and governments" }).click();
    const items = page.locator(".brokers li");
    expect(await items.count()).toBeGreaterThan(0);
    expect(await items.first().textContent()).toMatch(/\d+ NGOs, \d+ governments/);
    // The clusters holding them stand out; the others are dimmed.
    const dimmed = await page.locator(".cluster-label.dim").count();
    const lit = await page.locator(".cluster-label:not(.dim):not([hidden])").count();
    expect(lit).toBeGreaterThan(0);
    expect(dimmed).toBeGreaterThan(0);
    // A broker picked in the list opens its cluster with it marked.
    const name = (await items.first().locator("button").textContent())!;
    await items.first().locator("button").click();
    await settled();
    await page.waitForFunction(() => (window as any).atlasClusters.picked !== null);
    expect(await page.evaluate(() => (window as any).atlasClusters.picked)).toBeTruthy();
    expect(url().get("cl")).toMatch(/^\d+$/);
    expect(await page.locator(".broker-list").textContent()).toContain(name);
  });

  it("with colours by cluster, the legend names the clusters and stays off the graph; sector colours say sectors", async () => {
    await page.goto(`${api.url}/?color=cluster`);
    await page.waitForFunction(() => (window as any).atlas?.status.loaded, null, { timeout: 30_000 });
    await page.waitForFunction(() => document.getElementById("legend")?.dataset.colour === "cluster", null, {
      timeout: 30_000,
    });
    const overview = await page.evaluate(async () =>
      (await (await fetch("/api/analytics/clusters?seed=1&limit=3")).json()).clusters.map((c: any) => c.label),
    );
    const legend = (await page.locator("#legend").textContent())!;
    for (const label of overview) expect(legend).toContain(label);
    expect(legend).not.toContain("Intergovernmental (IGO)");
    // The nodes of the largest cluster have the first legend colour.
    const colours = await page.evaluate(() => {
      const a = (window as any).atlas;
      const r = a.renderer;
      const swatch = getComputedStyle(document.querySelector("#legend .swatch")!).backgroundColor;
      const node = a.graph.nodes().find((n: string) => r.getNodeDisplayData(n)?.color?.toLowerCase() === "#4477aa");
      return { swatch, node: !!node };
    });
    expect(colours.swatch).toBe("rgb(68, 119, 170)");
    expect(colours.node).toBe(true);
    const boxes = async () => {
      const legendBox = (await page.locator("#legend").boundingBox())!;
      const graphBox = (await page.locator("#graph").boundingBox())!;
      const drawn = await page.evaluate(() => {
        const a = (window as any).atlas;
        const r = a.renderer;
        const at = r.getContainer().getBoundingClientRect();
        let box = { x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity };
        for (const n of a.graph.nodes()) {
          const d = r.getNodeDisplayData(n);
          if (!d || d.hidden) continue;
          const p = r.framedGraphToViewport(d);
          const s = r.scaleSize(d.size);
          box = {
            x0: Math.min(box.x0, at.left + p.x - s),
            y0: Math.min(box.y0, at.top + p.y - s),
            x1: Math.max(box.x1, at.left + p.x + s),
            y1: Math.max(box.y1, at.top + p.y + s),
          };
        }
        return { left: box.x0, top: box.y0, width: box.x1 - box.x0, height: box.y1 - box.y0 };
      });
      return { legendBox, graphBox, drawn };
    };
    for (const size of [
      { width: 1440, height: 900 },
      { width: 1024, height: 768 },
    ]) {
      await page.setViewportSize(size);
      await page.waitForTimeout(300);
      const { legendBox, graphBox, drawn } = await boxes();
      const lb = { left: legendBox.x, top: legendBox.y, width: legendBox.width, height: legendBox.height };
      expect(overlap(lb, { left: graphBox.x, top: graphBox.y, width: graphBox.width, height: graphBox.height })).toBe(
        false,
      );
      expect(overlap(lb, drawn)).toBe(false);
    }
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.locator("#color-cluster").uncheck();
    await page.waitForFunction(() => document.getElementById("legend")?.dataset.colour === "sector");
    expect(await page.locator("#legend").textContent()).toContain("Intergovernmental (IGO)");
  });

  it("colours by the clusters of the filtered view, as the overview finds them under the same filters", async () => {
    const labels = (query: string) =>
      page.evaluate(
        async (q) =>
          (await (await fetch(`/api/analytics/clusters?seed=1&limit=3${q}`)).json()).clusters.map((c: any) => c.label),
        query,
      );
    const legendHolds = (expected: string[]) =>
      page.waitForFunction(
        (want) => {
          const legend = document.getElementById("legend");
          return legend?.dataset.colour === "cluster" && want.every((l) => legend.textContent!.includes(l));
        },
        expected,
        { timeout: 30_000 },
      );
    await page.goto(`${api.url}/?color=cluster&sector=NGO`);
    await page.waitForFunction(() => (window as any).atlas?.status.loaded, null, { timeout: 30_000 });
    const ngo = await labels("&sector=NGO");
    const whole = await labels("");
    expect(ngo).not.toEqual(whole);
    await legendHolds(ngo);
    // Filters changed on the page: the colours and the legend follow.
    await page.locator("#filter-sector input[value='NGO']").uncheck();
    await legendHolds(whole);
  });
});
