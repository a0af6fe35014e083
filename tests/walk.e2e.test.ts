/**
 * A researcher preparing a paper, end to end in a real headless Chromium against the real server and database:
 * nothing fixed covers the opening cluster overview's bar, the first-visit hint covers nothing one could click, and
 * then the walk — find an actor by name, focus its ego network, filter by sector, analyse (the numbers follow the
 * view), compare two actors (a reload reopens the comparison and the profile from the URL), export the view (the
 * GraphML holds exactly the nodes on screen, the figure's caption says what it shows) and cite it. One screenshot
 * per step goes to test-artifacts/ (not committed).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse as parseCsv } from "csv-parse/sync";
import type { Download } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { ARTIFACTS, explorerFor } from "./helpers/explorer.ts";

const SIZES = [
  { width: 1440, height: 900 },
  { width: 1024, height: 768 },
];
const EGO = "la-strada-international";
const session = explorerFor(
  { RATE_LIMIT_PER_MINUTE: "100000" },
  { page: { viewport: SIZES[0], acceptDownloads: true } },
);
let page: typeof session.page;
beforeAll(async () => {
  page = session.page;
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: session.api.url });
});

const loaded = () => page.waitForFunction(() => (window as any).atlas?.status.loaded, null, { timeout: 60_000 });
/** Until layout and camera moves have ended (views/follow.ts). */
const resting = () =>
  page.waitForFunction(() => (window as any).atlas.moving === 0, null, { timeout: 30_000, polling: 100 });
const shot = (name: string) => page.screenshot({ path: path.join(ARTIFACTS, `walk-${name}.png`) });
const downloaded = async (d: Download) => readFileSync((await d.path())!, "utf8").replace(/^\uFEFF/, "");
const visibleNodes = () => page.evaluate(() => [...(window as any).atlas.visible.nodes] as string[]);
const urlParam = (name: string) => new URL(page.url()).searchParams.get(name);

/** The visible fixed controls (toolbar, overlays, panels outside the overview) whose box meets the overview's bar. */
const overBar = () =>
  page.evaluate(() => {
    const bar = document.querySelector("#clusters .cluster-bar")!.getBoundingClientRect();
    const meets = (r: DOMRect) => r.left < bar.right && bar.left < r.right && r.top < bar.bottom && bar.top < r.bottom;
    const controls = document.querySelectorAll<HTMLElement>(
      "button, input, select, a[href], [role=group], [role=note], [role=alert], [role=dialog], .panel, #legend",
    );
    const covering = [...controls]
      .filter(
        (el) => !el.closest("#clusters") && el.checkVisibility({ visibilityProperty: true, opacityProperty: true }),
      )
      .filter((el) => meets(el.getBoundingClientRect()))
      .map((el) => el.id || el.className || el.tagName);
    // And what is drawn on top along the bar is the bar's own.
    const hits = [0.05, 0.25, 0.5, 0.75, 0.95].map((f) =>
      document.elementFromPoint(bar.left + f * bar.width, bar.top + bar.height / 2),
    );
    return { covering, foreign: hits.filter((h) => !h?.closest("#clusters")).map((h) => h?.outerHTML.slice(0, 60)) };
  });

/** The overview bar's own controls that are not wholly in sight inside it (clipped or scrolled away). */
const clippedInBar = () =>
  page.evaluate(() => {
    const bar = document.querySelector<HTMLElement>("#clusters .cluster-bar")!;
    const b = bar.getBoundingClientRect();
    return [...bar.querySelectorAll<HTMLElement>("button, input, select, label")]
      .filter((el) => el.checkVisibility())
      .filter((el) => {
        const r = el.getBoundingClientRect();
        return r.left < b.left - 0.5 || r.right > b.right + 0.5 || r.top < b.top - 0.5 || r.bottom > b.bottom + 0.5;
      })
      .map((el) => el.textContent?.trim() || el.outerHTML.slice(0, 60));
  });

/** The visible interactive elements (controls, list items, table rows, canvases) the first-visit hint overlaps. */
const underHint = () =>
  page.evaluate(() => {
    const hint = document.getElementById("hint")!;
    const h = hint.getBoundingClientRect();
    const meets = (r: DOMRect) =>
      r.width > 0 && r.height > 0 && r.left < h.right && h.left < r.right && r.top < h.bottom && h.top < r.bottom;
    const all = document.querySelectorAll<HTMLElement>(
      "button, input, select, textarea, a[href], summary, label, li, tr, canvas, [tabindex]",
    );
    const under = [...all]
      .filter((el) => !hint.contains(el) && el.checkVisibility({ visibilityProperty: true }))
      .filter((el) => meets(el.getBoundingClientRect()))
      .map((el) => el.id || el.outerHTML.slice(0, 60));
    const top = document.elementFromPoint(h.left + h.width / 2, h.top + h.height / 2);
    return { under, onTop: !!top && hint.contains(top), shown: !hint.hidden && h.height > 0 };
  });

describe("nothing covers what the researcher needs", () => {
  it("leaves the cluster overview's bar uncovered and the first-visit hint over nothing interactive, in every view, at 1440×900 and 1024×768", async () => {
    await page.goto(session.api.url);
    await loaded();
    await page.waitForSelector("#clusters .cluster-canvas");
    await page.waitForSelector("#hint:has-text('New here?')");
    expect(await page.evaluate(() => (window as any).atlas.state.view)).toBe("clusters");
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await page.click("#view-clusters");
      expect(await page.isHidden("#zoom"), "zoom buttons over the overview").toBe(true);
      expect(await overBar(), `over the overview's bar at ${size.width}`).toEqual({ covering: [], foreign: [] });
      expect(await clippedInBar(), `the overview bar's controls out of sight at ${size.width}`).toEqual([]);
      await shot(`0-overview-${size.width}`);
      for (const v of ["clusters", "graph", "directory", "analysis", "queries"]) {
        await page.click(`#view-${v}`);
        await page.waitForFunction((x) => (window as any).atlas.state.view === x, v);
        expect(await page.isHidden("#zoom"), `zoom buttons in ${v}`).toBe(v !== "graph");
        expect(await underHint(), `the hint in ${v} at ${size.width}`).toEqual({ under: [], onTop: true, shown: true });
      }
    }
    // The zoom buttons come back over the actor graph, and go again with the overview.
    await page.click("#view-graph");
    expect(await page.isVisible("#zoom [data-zoom=fit]")).toBe(true);
    await page.click("#view-clusters");
    expect(await page.isHidden("#zoom")).toBe(true);
    // With shortest paths shown over the top of the graph, the zoom buttons are still clear.
    await page.goto(`${session.api.url}/?path=unodc:la-strada-moldova:4`);
    await loaded();
    await page.waitForFunction(() => (window as any).atlas.paths !== null, null, { timeout: 60_000 });
    const zoomClear = await page.$$eval("#zoom button", (bs) =>
      bs.map((b) => {
        const r = b.getBoundingClientRect();
        return document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2) === b;
      }),
    );
    expect(zoomClear).toEqual([true, true, true]);
    await shot("0-paths-1024");
    await page.setViewportSize(SIZES[0]);
  });
});

describe("a researcher preparing a paper", () => {
  it("finds an actor, focuses, filters, analyses, compares, exports and cites what is on screen", async () => {
    // 1. Find the actor by name from the actor graph; the hint, once read, is put away.
    await page.goto(`${session.api.url}/?view=graph`);
    await loaded();
    await page.click("#hint [data-dismiss]");
    await page.fill("#search", "La Strada International");
    await page.waitForSelector("#search-results li[data-i]");
    await page.keyboard.press("Enter");
    await page.waitForSelector('#panel[data-loaded="true"]');
    expect(await page.textContent("#panel h2")).toBe("La Strada International");
    expect(urlParam("sel")).toBe(EGO);
    await shot("1-search");

    // 2. Its ego network, two steps out: exactly the API's, and the camera fits it.
    await page.click('#panel [data-focus="2"]');
    await page.waitForFunction((id) => (window as any).atlas.state.filters.focus?.id === id, EGO);
    await resting();
    const ego = (await session.api.get(`/api/graph?limit=200000&focus=${EGO}:2`)).body.nodes.map((n: any) => n.key);
    expect((await visibleNodes()).sort()).toEqual([...ego].sort());
    // Read once the renderer has drawn the focused picture (a node shown for the first time has no display data
    // until the frame after the camera's move has been scheduled).
    const inside = () =>
      page.evaluate(() => {
        const a = (window as any).atlas;
        const { width, height } = a.renderer.getDimensions();
        const nodes = [...a.visible.nodes] as string[];
        const seen = nodes.filter((n) => {
          const d = a.renderer.getNodeDisplayData(n);
          if (!d) return false;
          const p = a.renderer.graphToViewport(d);
          return p.x >= 0 && p.x <= width && p.y >= 0 && p.y <= height;
        });
        return seen.length / nodes.length;
      });
    await expect
      .poll(inside, { message: "share of the ego network inside the picture", timeout: 15_000 })
      .toBeGreaterThan(0.95);
    // The legend strip stays whole beside the details panel, at both sizes: it ends where the panel starts, every
    // entry is inside it (none scrolled out of sight, nor below it), and the graph ends where it starts.
    for (const size of SIZES) {
      await page.setViewportSize(size);
      const legend = (await page.locator("#legend").boundingBox())!;
      const panel = (await page.locator("#panel").boundingBox())!;
      const graph = (await page.locator("#graph").boundingBox())!;
      const where = `${size.width}x${size.height}`;
      expect(legend.x + legend.width, where).toBeLessThanOrEqual(panel.x + 1);
      expect(graph.y + graph.height, where).toBeLessThanOrEqual(legend.y + 1);
      const zoom = (await page.locator("#zoom").boundingBox())!;
      expect(zoom.y + zoom.height, `${where}: zoom buttons above the legend`).toBeLessThanOrEqual(legend.y);
      const hidden = await page.$eval("#legend", (l) => [
        l.scrollWidth - l.clientWidth,
        l.scrollHeight - l.clientHeight,
      ]);
      expect(hidden, `${where}: legend scrolled out of sight (width, height), px`).toEqual([
        expect.toSatisfy((w: number) => w <= 1),
        expect.toSatisfy((h: number) => h <= 1),
      ]);
      await shot(`2-ego-${size.width}`);
    }
    await page.setViewportSize(SIZES[0]!);

    // 3. Only NGOs (and the partnerships they form) within it.
    await page.check("#filter-sector input[value=NGO]");
    await page.waitForFunction(() => (window as any).atlas.state.filters.sectors.includes("NGO"));
    await resting();
    const ngo = await visibleNodes();
    expect(ngo.length).toBeGreaterThan(1);
    expect(ngo.length).toBeLessThan(ego.length);
    const sectors = await page.evaluate(
      (ids) => [...new Set(ids.map((n) => (window as any).atlas.graph.getNodeAttribute(n, "sector") ?? "none"))],
      ngo,
    );
    expect(sectors.filter((s) => s !== "NGO" && s !== "none")).toEqual([]);
    await shot("3-ngo");

    // 4. The analysis is of that view, says so, and counts what the graph shows.
    await page.click("#view-analysis");
    await page.waitForFunction(
      () => {
        const el = document.getElementById("analysis");
        return (
          el?.dataset.ready === "true" &&
          /sector=NGO/.test(el.dataset.scope ?? "") &&
          /focus=/.test(el.dataset.scope ?? "")
        );
      },
      null,
      { timeout: 60_000 },
    );
    expect(await page.$eval("#analysis-count", (el) => Number((el as HTMLElement).dataset.nodes))).toBe(ngo.length);
    const scope = await page.textContent("#analysis-scope");
    expect(scope).toContain("NGO");
    expect(scope).toContain("2 steps around La Strada International");
    await shot("4-analysis");

    // 5. Side by side with another actor of the view; the comparison is in the URL and a reload reopens it.
    await page.click("#view-graph");
    await page.waitForSelector('#panel[data-loaded="true"]');
    await page.fill("#compare-with", "La Strada Moldova");
    await page.waitForSelector("#compare-results li[data-i]");
    await page.keyboard.press("Enter");
    await page.waitForSelector("dialog .compare", { timeout: 60_000 });
    const heading = /La Strada International compared with La Strada Moldova/;
    expect(await page.textContent("dialog h2")).toMatch(heading);
    expect(urlParam("cmp")).toBe(`${EGO},la-strada-moldova`);
    await page.reload();
    await page.waitForSelector("dialog .compare", { timeout: 60_000 });
    expect(await page.textContent("dialog h2")).toMatch(heading);
    await loaded();
    await shot("5-compare");
    await page.click("dialog .close");
    await page.waitForFunction(() => !new URL(location.href).searchParams.has("cmp"));
    expect(await page.$("dialog .compare")).toBeNull();
    // The profile likewise.
    await page.waitForSelector('#panel[data-loaded="true"]');
    await page.click("#panel [data-profile]");
    await page.waitForSelector(".profile-page .profile h1", { timeout: 60_000 });
    expect(urlParam("profile")).toBe(EGO);
    await page.reload();
    await page.waitForSelector(".profile-page .profile h1", { timeout: 60_000 });
    expect(await page.textContent(".profile h1")).toContain("La Strada International");
    await page.click(".profile-tools [data-close]");
    await page.waitForFunction(() => !new URL(location.href).searchParams.has("profile"));
    await loaded();
    await resting();

    // 6. Export: the GraphML holds exactly the nodes on screen; the figure's caption names the view.
    const onScreen = (await visibleNodes()).sort();
    expect(onScreen).toEqual([...ngo].sort());
    const [graphml] = await Promise.all([page.waitForEvent("download"), page.selectOption("#export", "graphml")]);
    const xml = await downloaded(graphml);
    const ids = [...xml.matchAll(/<node id="([^"]+)"/g)].map((m) => m[1]!);
    expect(ids.sort()).toEqual(onScreen);
    expect(xml).toContain("2 steps around La Strada International");
    const [svg] = await Promise.all([page.waitForEvent("download"), page.selectOption("#export", "svg")]);
    const figure = await downloaded(svg);
    const title = /<title>([^<]*)<\/title>/.exec(figure)?.[1] ?? "";
    expect(title).toMatch(/^Coalition Atlas: NGO · .*2 steps around La Strada International/);
    expect(figure).toContain(`class="caption-title"`);
    await shot("6-export");

    // 7. Cite: the sources behind exactly these actors and ties, and the link that reopens the view.
    const [cites] = await Promise.all([page.waitForEvent("download"), page.selectOption("#export", "citations")]);
    const rows = parseCsv(await downloaded(cites), { columns: true }) as Record<string, string>[];
    expect(rows.length).toBeGreaterThan(0);
    const shown = new Set(onScreen);
    const cited = rows.flatMap((r) => r.elements!.split(" "));
    const outside = await page.evaluate(
      ([els, nodes]) => {
        const g = (window as any).atlas.graph;
        const on = new Set(nodes);
        return els.filter((e) =>
          g.hasNode(e) ? !on.has(e) : !(g.hasEdge(e) && on.has(g.source(e)) && on.has(g.target(e))),
        );
      },
      [cited, [...shown]] as const,
    );
    expect(outside, "cited elements not on screen").toEqual([]);
    await page.click("#copy-link");
    await page.waitForSelector("#copy-link:has-text('Link copied')");
    const link = new URL(await page.evaluate(() => navigator.clipboard.readText()));
    expect(link.searchParams.get("focus")).toBe(`${EGO}:2`);
    expect(link.searchParams.get("sector")).toBe("NGO");
    await shot("7-cite");
  });
});
