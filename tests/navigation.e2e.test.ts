/**
 * Finding, following and never losing one's place, in a real headless Chromium against the real server and
 * database: the camera follows an ego network (laid out on its own, clear of the details panel), every shortest
 * path is listed and kept in the URL, query forms take names, the filters offer what the API takes, and the map
 * puts actors without a country in a labelled box. Screenshots go to test-artifacts/.
 */
import path from "node:path";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { NO_LOCATION_BOX } from "../client/src/renderer/geo.ts";
import { ARTIFACTS, explorerFor } from "./helpers/explorer.ts";
import type { TestServer } from "./helpers/server.ts";

let api: TestServer;
let page: Page;

const ui = explorerFor();
beforeAll(() => {
  ({ api, page } = ui);
});

async function open(query: string): Promise<void> {
  await page.goto(`${api.url}/${query}`);
  await page.waitForFunction(() => (window as any).atlas?.status.loaded, null, { timeout: 30_000 });
}

/** Waits until layout animations and camera moves have ended. */
async function settled(): Promise<void> {
  await page.waitForTimeout(100);
  await page.waitForFunction(() => (window as any).atlas.moving === 0, null, { timeout: 10_000 });
  // The camera's own animation, started when the layout's ended.
  await page.waitForFunction(() => !(window as any).atlas.renderer.getCamera().isAnimated(), null, {
    timeout: 10_000,
  });
  // Drawn for real: while the camera preview shows a moved picture, Sigma has not yet taken in the nodes' last
  // positions, and graphToViewport would answer for the old ones.
  await page.waitForFunction(() => !(window as any).atlas.preview?.moving, null, { timeout: 10_000 });
}

/** Where each visible node is drawn, in pixels of the graph area, and the free area left of the panel. */
async function visibleOnScreen() {
  return page.evaluate(() => {
    const atlas = (window as any).atlas;
    const r = atlas.renderer;
    const { width, height } = r.getDimensions();
    const graphBox = document.getElementById("graph")!.getBoundingClientRect();
    const panel = document.getElementById("panel")!;
    const covered = panel.hidden ? 0 : Math.max(0, graphBox.right - panel.getBoundingClientRect().left);
    const points = [...atlas.visible.nodes].map((n: string) => {
      const a = atlas.graph.getNodeAttributes(n);
      return { id: n, ...r.graphToViewport({ x: a.x, y: a.y }) };
    });
    return { width, height, freeRight: width - covered, points };
  });
}

export const counts = () => page.$eval("#counts", (el) => ({ nodes: Number((el as HTMLElement).dataset.nodes) }));

describe("navigation", () => {
  it("lays out an ego network on its own and fits every node of it in view, clear of the details panel", async () => {
    for (const viewport of [
      { width: 1440, height: 900 },
      { width: 1024, height: 768 },
    ]) {
      await page.setViewportSize(viewport);
      await open("?sel=la-strada-international");
      await page.waitForSelector('#panel[data-loaded="true"]');
      const before = await page.evaluate(() => {
        const a = (window as any).atlas.graph.getNodeAttributes("la-strada-moldova");
        return { x: a.x, y: a.y };
      });
      await page.click('#panel [data-focus="2"]');
      await settled();
      const { width, height, freeRight, points } = await visibleOnScreen();
      expect(points.length).toBeGreaterThan(20);
      expect(freeRight).toBeLessThan(width);
      const outside = points.filter((p) => p.x < 0 || p.x > freeRight || p.y < 0 || p.y > height);
      expect(outside.map((p) => p.id)).toEqual([]);
      // The subset is spread over the free area, not huddled in a corner of it: the camera fits it to the free
      // area's width or height, whichever binds first (beside a side panel at 1024x768 the area is taller than wide).
      const spread = (vs: number[]) => Math.max(...vs) - Math.min(...vs);
      const fill = Math.max(spread(points.map((p) => p.x)) / freeRight, spread(points.map((p) => p.y)) / height);
      expect(fill).toBeGreaterThan(0.4);
      // No label runs under the details panel, where it would be cut off.
      const labels: { label: string; x: number; width: number }[] = await page.evaluate(() =>
        (window as any).atlas.labels.filter((b: { layer: string }) => b.layer === "labels"),
      );
      expect(labels.length).toBeGreaterThan(3);
      for (const l of labels) expect(l.x + l.width, l.label).toBeLessThanOrEqual(freeRight + 1);
      await page.screenshot({ path: path.join(ARTIFACTS, `navigation-ego-${viewport.width}.png`) });

      // Its own layout: the focused node in the middle; cleared, the whole network's layout comes back.
      const centre = points.find((p) => p.id === "la-strada-international")!;
      expect(Math.abs(centre.x - freeRight / 2)).toBeLessThan(freeRight * 0.2);
      await page.click("#reset-view");
      await settled();
      const after = await page.evaluate(() => {
        const a = (window as any).atlas.graph.getNodeAttributes("la-strada-moldova");
        return { x: a.x, y: a.y };
      });
      expect(after.x).toBeCloseTo(before.x, 6);
      expect(after.y).toBeCloseTo(before.y, 6);
    }
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  it("lists every shortest path in a path view, highlights and fits them, and keeps the request in the URL", async () => {
    const expected = (await api.get("/api/paths?from=unodc&to=la-strada-international&maxHops=8")).body.paths;
    expect(expected.length).toBeGreaterThan(1);
    await open("?sel=unodc");
    await page.waitForSelector('#panel[data-loaded="true"]');
    await page.fill("#path-to", "La Strada International");
    await page.waitForSelector('#path-results li:has-text("La Strada International")');
    await page.click('#path-results li:has-text("La Strada International") >> nth=0');
    await page.waitForSelector("#path-view .path");
    await settled();
    const listed = async () =>
      page.$$eval("#path-view .path", (rows) =>
        rows.map((r) => [...r.querySelectorAll<HTMLElement>(".chip")].map((c) => c.dataset.node)),
      );
    expect(await listed()).toEqual(expected);
    expect(await page.textContent("#path-view h2")).toContain(`${expected.length} shortest paths of 3 steps`);
    // Under each path, every tie with its sources: the first path's are open, with the links the API gave.
    expect(await page.locator("#path-view .path-tie-sources > li").count()).toBe(expected.length * 3);
    const answerSources = new Set<string>(
      (await api.get("/api/paths?from=unodc&to=la-strada-international&maxHops=8")).body.edges.flatMap(
        (e: { attributes: { sources?: string[] } }) => e.attributes.sources ?? [],
      ),
    );
    const shownLinks = await page.$$eval("#path-view .path:first-child .path-tie-sources a", (as) =>
      as.filter((a) => (a as HTMLElement).offsetParent !== null).map((a) => a.getAttribute("href")!),
    );
    expect(shownLinks.length).toBeGreaterThan(0);
    expect(shownLinks.filter((u) => !answerSources.has(u))).toEqual([]);
    expect(new URL(page.url()).searchParams.get("path")).toBe("unodc:la-strada-international:8");
    // Every node of every path is drawn where the researcher sees it: below the path view, left of the panel.
    const onScreen = await visibleOnScreen();
    const top = await page.evaluate(
      () =>
        document.getElementById("path-view")!.getBoundingClientRect().bottom -
        document.getElementById("graph")!.getBoundingClientRect().top,
    );
    const pathNodes = new Set(expected.flat());
    const off = onScreen.points
      .filter((p) => pathNodes.has(p.id))
      .filter((p) => p.x < 0 || p.x > onScreen.freeRight || p.y < top || p.y > onScreen.height);
    expect(off.map((p) => p.id)).toEqual([]);
    await page.screenshot({ path: path.join(ARTIFACTS, "navigation-paths-1440.png") });

    // The link reopens the same paths.
    await open(new URL(page.url()).search);
    await page.waitForSelector("#path-view .path");
    expect(await listed()).toEqual(expected);
    // Fewer steps than the shortest path: said so.
    await page.selectOption("#path-view .path-hops", "2");
    await page.waitForSelector('#path-view h2:has-text("No path of 2 steps or fewer")');
    expect(new URL(page.url()).searchParams.get("path")).toBe("unodc:la-strada-international:2");
    await page.click("#path-view .path-close");
    expect(await page.isHidden("#path-view")).toBe(true);
    expect(new URL(page.url()).searchParams.get("path")).toBeNull();
  });

  it("picks actors, countries, issues and regions by name in the query forms; a picked name runs the query", async () => {
    await open("?view=queries");
    const form = page.locator('form[data-name="membership-growth"]');
    await form.waitFor();
    // No field asks for an id: actors are searched, lists show names.
    expect(await page.locator("#query-cards input[name]:not([type=hidden]):not([type=number])").count()).toBe(0);
    const picker = form.locator("input.actor-picker");
    await picker.fill("Alliance 8.7");
    await form.locator('li:has-text("Alliance 8.7")').first().click();
    expect(await form.locator("input[type=hidden]").inputValue()).toBe("alliance-8-7");
    await form.locator("button[type=submit]").click();
    await page.waitForSelector('#query-result .result-meta:has-text("rows")');
    expect(await page.locator("#query-result .error").count()).toBe(0);
    expect(await page.locator("#query-result tbody tr").count()).toBeGreaterThan(0);
    expect(new URL(page.url()).searchParams.get("qp")).toContain("alliance-8-7");

    // A name typed in full without picking from the list is looked up too.
    await picker.fill("");
    await picker.pressSequentially("Alliance 8.7", { delay: 5 });
    // The list offered is left alone: the researcher clicks elsewhere, then Run.
    await form.locator("li").first().waitFor();
    await form.locator("h3").click();
    await form.locator("ul[role=listbox]").waitFor({ state: "hidden" });
    expect(await form.locator("input[type=hidden]").inputValue()).toBe("");
    await form.locator("button[type=submit]").click();
    await page.waitForFunction(
      () => document.querySelector<HTMLInputElement>('form[data-name="membership-growth"] input[type=hidden]')!.value,
    );
    expect(await form.locator("input[type=hidden]").inputValue()).toBe("alliance-8-7");
    // A name that is no actor says what to do, instead of an id error.
    await picker.fill("No such organisation at all");
    await form.locator("button[type=submit]").click();
    await page.waitForSelector('#query-result .error:has-text("pick one from the list")');

    // A query's result shown in the graph: the camera fits it.
    const gov = page.locator('form[data-name="government-bodies"]');
    await gov.locator("button[type=submit]").click();
    await page.waitForSelector('#query-result button:has-text("Show in the graph")');
    const answer = await api.send("POST", "/api/queries/government-bodies", { body: { params: {} } });
    const ids = new Set<string>(answer.body.graph.nodes.map((n: { key: string }) => n.key));
    expect(ids.size).toBeGreaterThan(3);
    await page.click('#query-result button:has-text("Show in the graph")');
    await settled();
    const shown = await visibleOnScreen();
    const off = shown.points.filter(
      (p) => ids.has(p.id) && (p.x < 0 || p.x > shown.freeRight || p.y < 0 || p.y > shown.height),
    );
    expect(off.map((p) => p.id)).toEqual([]);
    await page.click("#view-queries");

    // Readable lists: countries and issues by name, sectors by label, regions grouped by continent.
    const texts = (sel: string) => page.$$eval(sel, (os) => os.map((o) => o.textContent!.trim()));
    await page.waitForFunction(
      () => document.querySelector('form[data-name="funders-by-country"] select[name="country"]')!.children.length > 50,
    );
    const countries = await texts('form[data-name="funders-by-country"] select[name="country"] option');
    expect(countries).toContain("Nepal");
    expect(countries).toEqual([...countries].sort((a, b) => a.localeCompare(b)));
    const issues = await texts('form[data-name="funders-by-issue"] select[name="issue"] option');
    expect(issues).toContain("Victim services");
    expect(issues.some((i) => /-/.test(i) && /^[a-z-]+$/.test(i))).toBe(false);
    const sectors = await texts('#query-cards select[name="sector"] option');
    expect(sectors).toContain("Law enforcement");
    expect(sectors).not.toContain("LawEnforcement");
    const groups = await page.$$eval('form[data-name="funding-into-region"] select[name="region"] optgroup', (gs) =>
      gs.map((g) => g.getAttribute("label")),
    );
    expect(groups).toContain("Asia");
    expect(await texts('form[data-name="funding-into-region"] select[name="region"] option')).toContain(
      "South-Eastern Asia",
    );
  });

  it("puts actors without a country in a labelled 'no location' box on the map", async () => {
    await open("?layout=map");
    await page.waitForFunction(() => (window as any).atlas.mapLayer?.visible);
    const map = await page.evaluate(() => {
      const atlas = (window as any).atlas;
      const without: { id: string; x: number; y: number }[] = [];
      atlas.graph.forEachNode((n: string, a: any) => {
        if (!a.country) without.push({ id: n, x: a.x, y: a.y });
      });
      return { without, label: atlas.mapLayer.noLocationLabel() as string };
    });
    expect(map.without.length).toBeGreaterThan(10);
    expect(map.label).toBe(`No location: ${map.without.length} without a country`);
    const outside = map.without.filter(
      (p) =>
        p.x < NO_LOCATION_BOX.x0 || p.x > NO_LOCATION_BOX.x1 || p.y < NO_LOCATION_BOX.y0 || p.y > NO_LOCATION_BOX.y1,
    );
    expect(outside).toEqual([]);
    // Not stacked: no two share a place.
    expect(new Set(map.without.map((p) => `${p.x.toFixed(3)},${p.y.toFixed(3)}`)).size).toBe(map.without.length);
    await page.screenshot({ path: path.join(ARTIFACTS, "navigation-map-1440.png") });
  });

  it("offers UN sub-regions by continent, narrows countries to the region, and hides actors without ties in the years", async () => {
    await open("?view=graph");
    await page.waitForSelector('#filter-region optgroup[label="Asia"]', { state: "attached" });
    const subregions = await page.$$eval('#filter-region optgroup[label="Asia"] option', (os) =>
      os.map((o) => (o as HTMLOptionElement).value),
    );
    expect(subregions).toEqual(expect.arrayContaining(["Asia", "South-Eastern Asia", "Southern Asia"]));
    await page.selectOption("#filter-region", "South-Eastern Asia");
    await page.waitForFunction(() => new URL(location.href).searchParams.get("region") === "South-Eastern Asia");
    const countries = await page.$$eval("#filter-country option", (os) =>
      os.filter((o) => (o as HTMLOptionElement).value).map((o) => o.textContent!.trim()),
    );
    expect(countries).toContain("Thailand");
    expect(countries).not.toContain("France");
    expect(countries).toEqual([...countries].sort((a, b) => a.localeCompare(b)));
    // The camera follows the filter: everything it leaves is in view.
    await settled();
    const { height, freeRight, points } = await visibleOnScreen();
    expect(points.filter((p) => p.x < 0 || p.x > freeRight || p.y < 0 || p.y > height)).toEqual([]);

    // Years: the actor count changes with the choice, and agrees with the API's scope.
    await open("?from=2005&to=2010");
    const withAll = (await counts()).nodes;
    expect(await page.textContent("#year-range-label")).toBe("2005 – 2010");
    await page.check("#filter-active");
    await page.waitForFunction(() => new URL(location.href).searchParams.get("active") === "1");
    const activeOnly = (await counts()).nodes;
    expect(activeOnly).toBeLessThan(withAll);
    const server = (await api.get("/api/graph?limit=200000&from=2005&to=2010&active=1")).body;
    expect(activeOnly).toBe(server.nodes.length);
    await page.uncheck("#filter-active");
    await page.waitForFunction((n) => Number(document.getElementById("counts")!.dataset.nodes) === n, withAll);
  });

  it("plays the years from the first year with data in view, showing the year large", async () => {
    await open("?sector=NGO");
    const first = await page.evaluate(() => {
      const atlas = (window as any).atlas;
      let min = Infinity;
      for (const e of atlas.visible.edges) {
        const since = atlas.graph.getEdgeAttribute(e, "since");
        if (typeof since === "number") min = Math.min(min, since);
      }
      return min;
    });
    await page.click("#play-years");
    await page.waitForSelector("#year-badge:not([hidden])");
    expect(await page.textContent("#year-badge")).toBe(String(first));
    const size = await page.$eval("#year-badge", (el) => parseFloat(getComputedStyle(el).fontSize));
    expect(size).toBeGreaterThanOrEqual(40);
    await page.waitForFunction((y) => document.getElementById("year-badge")!.textContent === String(y + 1), first);
    expect(new URL(page.url()).searchParams.get("to")).toBe(String(first + 1));
    await page.click("#play-years");
    expect(await page.textContent("#play-years")).toContain("Play");
  });
});
