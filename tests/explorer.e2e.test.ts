/**
 * The explorer in a real headless Chromium against the real server and database: it draws the network, finds an
 * organization, filters, reproduces a shared view from its URL, and says so when the database is down.
 * Screenshots go to test-artifacts/.
 */
import { mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import pino from "pino";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../db/local.ts";
import { createApp } from "../server/app.ts";
import { loadConfig } from "../server/core/config.ts";
import { Database } from "../server/core/db.ts";
import { launchBrowser } from "./helpers/browser.ts";
import { layoutReady, startServer, type TestServer } from "./helpers/server.ts";

const ARTIFACTS = path.join(ROOT, "test-artifacts");
let api: TestServer;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  api = await startServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await api?.close();
});

async function open(url: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 850 } });
  await page.goto(url);
  await page.waitForFunction(() => (window as any).atlas?.status.loaded, null, { timeout: 30_000 });
  return page;
}

const counts = async (page: Page) =>
  page.$eval("#counts", (el) => ({ nodes: Number(el.dataset.nodes), edges: Number(el.dataset.edges) }));

/** Share of the graph area's pixels that differ from the background. */
async function inkedShare(page: Page): Promise<number> {
  const png = PNG.sync.read(await page.locator("#graph").screenshot());
  const [r0, g0, b0] = [png.data[0]!, png.data[1]!, png.data[2]!];
  let inked = 0;
  for (let i = 0; i < png.data.length; i += 4) {
    if (Math.abs(png.data[i]! - r0) + Math.abs(png.data[i + 1]! - g0) + Math.abs(png.data[i + 2]! - b0) > 30) inked++;
  }
  return inked / (png.width * png.height);
}

describe("explorer", () => {
  it("loads and draws a non-empty network", async () => {
    const page = await open(`${api.url}/?view=graph`);
    const order = await page.evaluate(() => (window as any).atlas.graph.order);
    expect(order).toBeGreaterThan(100);
    expect((await counts(page)).nodes).toBe(order);
    await page.waitForTimeout(500);
    expect(await inkedShare(page)).toBeGreaterThan(0.005);
    await page.screenshot({ path: path.join(ARTIFACTS, "explorer.png") });
    await page.close();
  });

  it("keeps the toolbar and the search usable while the details panel is open, at 1440 and 1024 px", async () => {
    for (const viewport of [
      { width: 1440, height: 900 },
      { width: 1024, height: 768 },
    ]) {
      const page = await browser.newPage({ viewport });
      await page.goto(`${api.url}/?sel=unodc`);
      await page.waitForFunction(() => (window as any).atlas?.status.loaded, null, { timeout: 30_000 });
      await page.waitForSelector('#panel[data-loaded="true"]');
      // What a researcher would click: each control's centre must be the control itself, not the panel over it.
      const covered = await page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>(".top button:not([hidden]), .top select, .top input")]
          .filter((el) => el.offsetParent !== null)
          .filter((el) => {
            const r = el.getBoundingClientRect();
            const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
            return !(hit && (hit === el || el.contains(hit)));
          })
          .map((el) => el.id || el.textContent),
      );
      expect(covered, `${viewport.width}px`).toEqual([]);
      await page.click("#reset-view");
      await page.close();
    }
  });

  it("finds an organization and opens its panel", async () => {
    const page = await open(`${api.url}/?view=graph`);
    await page.keyboard.press("/");
    await page.keyboard.type("UNODC");
    await page.waitForSelector("#search-results li");
    await page.keyboard.press("Enter");
    await page.waitForSelector('#panel[data-loaded="true"]');
    expect(await page.textContent("#panel h2")).toMatch(/Office on Drugs and Crime/);
    expect(await page.$$eval("#panel a[href^='http']", (as) => as.length)).toBeGreaterThan(0);
    expect(new URL(page.url()).searchParams.get("sel")).toBe("unodc");
    await page.screenshot({ path: path.join(ARTIFACTS, "explorer-panel.png") });
    await page.keyboard.press("Escape");
    expect(await page.isHidden("#panel")).toBe(true);
    await page.close();
  });

  it("updates the counts when a sector filter is applied", async () => {
    const page = await open(`${api.url}/?view=graph`);
    const before = await counts(page);
    await page.check('#filter-sector input[value="NGO"]');
    const after = await counts(page);
    expect(after.nodes).toBeLessThan(before.nodes);
    expect(after.nodes).toBeGreaterThan(0);
    expect(new URL(page.url()).searchParams.get("sector")).toBe("NGO");
    await page.close();
  });

  it("reopens the same view from a shared URL", async () => {
    const page = await open(`${api.url}/?view=graph`);
    await page.check('#filter-sector input[value="IGO"]');
    await page.check('#filter-rel input[value="MEMBER_OF"]');
    await page.click("#view-directory");
    const shared = page.url();
    const expected = await counts(page);
    const rows = await page.$$eval("#directory tbody tr", (trs) => trs.length);
    await page.close();

    const again = await open(shared);
    expect(await counts(again)).toEqual(expected);
    expect(await again.isChecked('#filter-sector input[value="IGO"]')).toBe(true);
    expect(await again.isChecked('#filter-rel input[value="MEMBER_OF"]')).toBe(true);
    expect(await again.isVisible("#directory")).toBe(true);
    expect(await again.$$eval("#directory tbody tr", (trs) => trs.length)).toBe(rows);
    await again.screenshot({ path: path.join(ARTIFACTS, "explorer-directory.png") });
    await again.close();
  });

  it("shows relationships of a chosen type", async () => {
    const page = await open(`${api.url}/?view=graph`);
    await page.check('#filter-rel input[value="MEMBER_OF"]');
    const { edges } = await counts(page);
    expect(edges).toBeGreaterThan(0);
    const types = await page.evaluate(() => {
      const { graph, visible } = (window as any).atlas;
      return [...new Set([...visible.edges].map((e: string) => graph.getEdgeAttribute(e, "type")))];
    });
    expect(types).toEqual(["MEMBER_OF"]);
    await page.close();
  });

  it("draws the same network from the columnar payload that large networks use", async () => {
    // Both loads compare positions too: both after the server's layout (a fresh data version computes it anew).
    await layoutReady(api);
    const plain = await open(`${api.url}/?view=graph`);
    const expected = {
      counts: await counts(plain),
      graph: await plain.evaluate(() => (window as any).atlas.graph.export()),
    };
    await plain.close();
    const page = await browser.newPage({ viewport: { width: 1400, height: 850 } });
    // The curated network is small enough to come in graphology's format: ask for columns instead.
    await page.route("**/api/graph?*", (route) =>
      route.continue({ url: route.request().url().replace("format=auto", "format=columns") }),
    );
    let columnar = false;
    page.on("response", (res) => {
      if (res.url().includes("format=columns")) columnar = true;
    });
    await page.goto(`${api.url}/?view=graph`);
    await page.waitForFunction(() => (window as any).atlas?.status.loaded, null, { timeout: 30_000 });
    expect(columnar).toBe(true);
    expect(await counts(page)).toEqual(expected.counts);
    expect(await page.evaluate(() => (window as any).atlas.graph.export())).toEqual(expected.graph);
    await page.check('#filter-sector input[value="NGO"]');
    expect((await counts(page)).nodes).toBeLessThan(expected.counts.nodes);
    await page.close();
  });

  it("draws an even sample of the relationships when a view holds more than the edge budget, and says so", async () => {
    const page = await open(`${api.url}/?view=graph`);
    const all = await counts(page);
    // The curated network is within the budget: lower it to see what large networks get.
    const sampled = await page.evaluate((id) => {
      const atlas = (window as any).atlas;
      atlas.edgeBudget = 600;
      atlas.applyState();
      atlas.select(id);
      const hidden = (e: string) => atlas.renderer.getEdgeDisplayData(e).hidden as boolean;
      const visible = [...atlas.visible.edges] as string[];
      const touches = (e: string) => atlas.graph.extremities(e).includes(id);
      return {
        drawn: Number(document.getElementById("counts")!.dataset.drawn),
        text: document.getElementById("counts")!.textContent,
        shown: visible.filter((e) => !hidden(e)).length,
        selectedHidden: visible.filter((e) => touches(e) && hidden(e)).length,
        selectedEdges: visible.filter(touches).length,
      };
    }, "unodc");
    expect(Math.abs(sampled.drawn - 600)).toBeLessThan(150);
    expect(sampled.text).toMatch(/relationships drawn \(those in view, an even sample when too many\)/);
    expect(sampled.selectedEdges).toBeGreaterThan(0);
    // The selected actor's relationships are drawn whether sampled or not.
    expect(sampled.selectedHidden).toBe(0);
    expect(sampled.shown).toBeLessThan(all.edges);
    expect(sampled.shown).toBeGreaterThanOrEqual(sampled.drawn);
    await page.close();
  });

  it("draws the relationships in view once the camera rests on a part of a large view", async () => {
    const page = await open(`${api.url}/?view=graph`);
    const out = await page.evaluate(async () => {
      const atlas = (window as any).atlas;
      atlas.edgeBudget = 600;
      atlas.applyState();
      atlas.enableCameraPreview();
      const before = new Set<string>(atlas.drawn);
      const centre = atlas.renderer.getNodeDisplayData("unodc");
      atlas.renderer.getCamera().setState({ x: centre.x, y: centre.y, ratio: 0.08, angle: 0 });
      await new Promise((r) => setTimeout(r, 800));
      const { width, height } = atlas.renderer.getDimensions();
      const a = atlas.renderer.viewportToGraph({ x: 0, y: 0 });
      const b = atlas.renderer.viewportToGraph({ x: width, y: height });
      const inside = (n: string) => {
        const { x, y } = atlas.graph.getNodeAttributes(n);
        return x >= Math.min(a.x, b.x) && x <= Math.max(a.x, b.x) && y >= Math.min(a.y, b.y) && y <= Math.max(a.y, b.y);
      };
      const inView = [...atlas.visible.edges].filter((e: string) => atlas.graph.extremities(e).some(inside));
      const drawn = [...atlas.drawn] as string[];
      return {
        before: [...before],
        drawn,
        inView: inView.length,
        drawnOutside: drawn.filter((e) => !inView.includes(e)).length,
        shown: Number(document.getElementById("counts")!.dataset.drawn),
        hiddenInDrawn: drawn.filter((e) => atlas.renderer.getEdgeDisplayData(e).hidden).length,
      };
    });
    expect(out.inView).toBeGreaterThan(0);
    expect(out.inView).toBeLessThan(out.before.length * 5);
    expect(out.drawnOutside).toBe(0);
    // Every edge in view when they fit the budget, else an even sample of them.
    if (out.inView <= 600) expect(out.drawn.length).toBe(out.inView);
    else expect(Math.abs(out.drawn.length - 600)).toBeLessThan(150);
    expect(out.drawn).not.toEqual(out.before);
    expect(out.shown).toBe(out.drawn.length);
    // Sigma was told: the newly drawn edges are not hidden.
    expect(out.hiddenInDrawn).toBe(0);
    await page.close();
  });

  it("moves the last frame while the camera moves, and draws the view again once it rests", async () => {
    const page = await open(`${api.url}/?view=graph`);
    // Large networks get this by default; the curated one is drawn live.
    const during = await page.evaluate(
      () =>
        new Promise<{ transform: string; previewed: number; drawn: number }>((resolve) => {
          const atlas = (window as any).atlas;
          atlas.enableCameraPreview();
          const camera = atlas.renderer.getCamera();
          const nodes = atlas.renderer.getCanvases().nodes as HTMLCanvasElement;
          let frames = 0;
          const step = () => {
            const s = camera.getState();
            camera.setState({ ...s, x: s.x + 0.004, ratio: s.ratio * 0.99 });
            if (++frames < 20) requestAnimationFrame(step);
            else requestAnimationFrame(() => resolve({ transform: nodes.style.transform, ...atlas.preview.counts }));
          };
          requestAnimationFrame(step);
        }),
    );
    expect(during.transform).toMatch(/translate\(.+\) scale\(/);
    expect(during.previewed).toBeGreaterThanOrEqual(10);
    await page.waitForTimeout(600);
    const after = await page.evaluate(() => {
      const atlas = (window as any).atlas;
      return { transform: atlas.renderer.getCanvases().nodes.style.transform, ...atlas.preview.counts };
    });
    expect(after.transform).toBe("");
    expect(after.drawn).toBe(during.drawn + 1);
    expect(await inkedShare(page)).toBeGreaterThan(0.01);
    await page.close();
  });

  it("opens the analysis view from its link, with its tables, and a ranked row leads back to the graph", async () => {
    const page = await open(`${api.url}/?view=analysis`);
    await page.waitForSelector("#ranking tbody tr", { timeout: 60_000 });
    expect(await page.locator("#ranking tbody tr").count()).toBeGreaterThan(5);
    expect(await page.locator("#brokers tbody tr").count()).toBeGreaterThan(0);
    const groups = await page.locator("table.heat tbody tr").count();
    expect(await page.locator("table.heat thead th").count()).toBe(groups + 2);
    const id = await page.getAttribute("#ranking tbody tr", "data-id");
    await page.click("#ranking tbody tr");
    await page.waitForFunction((sel) => new URL(location.href).searchParams.get("sel") === sel, id);
    expect(new URL(page.url()).searchParams.get("view")).toBeNull();
    expect(await page.isVisible("#panel")).toBe(true);
    await page.close();
  });

  it("loads the map, the query editor and image export when first used", async () => {
    const page = await open(`${api.url}/?view=graph`);
    const modules = ["map-layer-", "queries-", "export-"];
    const loaded = async () => {
      const names = await page.evaluate(() => performance.getEntriesByType("resource").map((e) => e.name));
      return modules.filter((m) => names.some((n) => n.includes(`/assets/${m}`) && n.endsWith(".js")));
    };
    expect(await loaded()).toEqual([]);

    await page.click("#map-toggle");
    await page.waitForFunction(() => (window as any).atlas.mapLayer?.visible === true, null, { timeout: 10_000 });
    await page.waitForTimeout(900);
    // Actors sit at their headquarters: longitude and latitude.
    const placed = await page.evaluate(() => {
      const { graph } = (window as any).atlas;
      const a = graph.getNodeAttributes("unodc");
      return { x: a.x, y: a.y, url: location.search };
    });
    expect(Math.abs(placed.x - 13)).toBeLessThan(8); // Austria
    expect(Math.abs(placed.y - 47)).toBeLessThan(8);
    expect(placed.url).toMatch(/layout=map/);
    // The "no location" box's caption is drawn over the nodes and edges (they would cross it), in full.
    const caption = await page.evaluate(() => {
      const top = document.querySelector<HTMLCanvasElement>("canvas.sigma-atlas-map-caption");
      const nodes = document.querySelector<HTMLCanvasElement>("canvas.sigma-nodes");
      if (!top || !nodes) return null;
      const data = top.getContext("2d")!.getImageData(0, 0, top.width, top.height).data;
      let ink = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) ink++;
      return { above: !!(nodes.compareDocumentPosition(top) & Node.DOCUMENT_POSITION_FOLLOWING), ink };
    });
    expect(caption).not.toBeNull();
    expect(caption!.above).toBe(true);
    expect(caption!.ink).toBeGreaterThan(200);

    await page.click("#view-queries");
    await page.waitForSelector("#queries .cm-editor", { timeout: 10_000 });

    await page.click("#view-graph");
    const download = page.waitForEvent("download", { timeout: 15_000 });
    await page.selectOption("#export", "png1");
    expect((await download).suggestedFilename()).toMatch(/\.png$/);
    expect(await loaded()).toEqual(modules);
    await page.close();
  });

  it("shows a clear message when the database is down", async () => {
    const config = loadConfig({});
    const db = Database.fromConfig(config, {
      uri: "bolt://127.0.0.1:9",
      username: "neo4j",
      password: "unused-password",
    });
    const server = createApp({ db, config, logger: pino({ level: "silent" }) }).listen(0, "127.0.0.1");
    await new Promise((r) => server.once("listening", r));
    try {
      const page = await browser.newPage();
      await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/?view=graph`);
      await page.waitForFunction(() => (window as any).atlas?.status.error, null, { timeout: 20_000 });
      expect(await page.textContent("#message")).toMatch(/database is not reachable/);
      await page.screenshot({ path: path.join(ARTIFACTS, "explorer-database-down.png") });
      await page.close();
    } finally {
      server.close();
      await db.close();
    }
  });
});
