/**
 * Everything follows the view on screen, in a real headless Chromium against the real server and database: the
 * Analysis view is computed for the filters and the ego focus (and says which), updates when they change and
 * downloads its tables as CSV; an export holds what the graph shows; a query result is charted, downloadable with
 * its sources and says what it left out. Screenshots go to test-artifacts/.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse as parseCsv } from "csv-parse/sync";
import type { Download, Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { ARTIFACTS, explorerFor } from "./helpers/explorer.ts";
import type { TestServer } from "./helpers/server.ts";

let api: TestServer;
let page: Page;

const ui = explorerFor({ RATE_LIMIT_PER_MINUTE: "100000" }, { waitForLayout: true, page: { acceptDownloads: true } });
beforeAll(() => {
  ({ api, page } = ui);
});

async function open(query: string): Promise<void> {
  await page.goto(`${api.url}/${query}`);
  await page.waitForFunction(() => (window as any).atlas?.status.loaded, null, { timeout: 60_000 });
}

/** Waits for the analysis of a scope (its API query string) to be drawn. */
const analysisReady = (scope: string) =>
  page.waitForFunction(
    (s) => {
      const el = document.getElementById("analysis");
      return el?.dataset.ready === "true" && el.dataset.scope === s;
    },
    scope,
    { timeout: 60_000 },
  );

const shownCount = () => page.$eval("#analysis-count", (el) => Number((el as HTMLElement).dataset.nodes));
const visibleCount = () => page.evaluate(() => (window as any).atlas.visible.nodes.size as number);
const downloaded = async (d: Download) => readFileSync((await d.path())!, "utf8").replace(/^\uFEFF/, "");

describe("the analysis follows the view", () => {
  it("analyses the NGO view, says so, and is computed again when a filter changes", async () => {
    await open("?view=analysis&sector=NGO");
    await analysisReady("sector=NGO");
    const api_ = (await api.get("/api/graph?limit=200000&sector=NGO")).body;
    expect(await shownCount()).toBe(api_.nodes.length);
    expect(await shownCount()).toBe(await visibleCount());
    expect(await page.textContent("#analysis-scope")).toContain("NGO");
    const all = (await api.get("/api/analytics/summary")).body.nodes;
    expect(await shownCount()).toBeLessThan(all);

    await page.check('#filter-sector input[value="Government"]');
    await analysisReady("sector=NGO,Government");
    const both = (await api.get("/api/graph?limit=200000&sector=NGO,Government")).body.nodes.length;
    expect(await shownCount()).toBe(both);
    expect(await shownCount()).toBe(await visibleCount());
    expect(await page.textContent("#analysis-scope")).toMatch(/NGO, Government/);
  });

  it("analyses an ego network, named in words, with bars, a heat map and sector-mix bars", async () => {
    await open("?view=analysis&focus=la-strada-international:2");
    await analysisReady("focus=la-strada-international:2");
    expect(await shownCount()).toBe(await visibleCount());
    expect(await page.textContent("#analysis-scope")).toContain("2 steps around La Strada International");
    expect(await page.locator("#ranking .bar").count()).toBeGreaterThan(0);
    expect(await page.locator("#communities .stack > span").count()).toBeGreaterThan(0);
    expect(await page.locator("#mixing td[style*='background']").count()).toBeGreaterThan(0);
    const notes = (await page.locator(".measure-note").allTextContents()).join(" ");
    for (const ref of ["Gould & Fernandez 1989", "Burt 1992", "Krackhardt & Stern 1988", "Blondel et al.", "tie"])
      expect(notes).toContain(ref);
    for (const viewport of [
      { width: 1440, height: 900 },
      { width: 1024, height: 768 },
    ]) {
      await page.setViewportSize(viewport);
      await page.screenshot({ path: path.join(ARTIFACTS, `analysis-ego-${viewport.width}.png`) });
    }
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  it("downloads the ranking as CSV with the rows the table shows", async () => {
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.click('button.csv-download[data-table="ranking"]'),
    ]);
    const rows = parseCsv(await downloaded(download), { columns: true }) as Record<string, string>[];
    const table = await page.$$eval("#ranking tbody tr", (trs) =>
      trs.map((tr) => [...tr.querySelectorAll("td")].slice(0, 3).map((td) => td.textContent!.trim())),
    );
    expect(table.length).toBeGreaterThan(0);
    expect(rows.length).toBe(await shownCount());
    expect(rows.slice(0, table.length).map((r) => [r.rank, r.name, r.sector])).toEqual(table);
  });
});

describe("exports follow the view", () => {
  it("downloads, with an ego focus set, a GraphML file holding the nodes on screen", async () => {
    await open("?focus=la-strada-international:2");
    const visible = await visibleCount();
    const [download] = await Promise.all([page.waitForEvent("download"), page.selectOption("#export", "graphml")]);
    const xml = await downloaded(download);
    expect(xml.match(/<node /g)?.length).toBe(visible);
    expect(xml).toContain("2 steps around La Strada International");
  });
});

describe("query results", () => {
  it("charts a series, labels rows without a year, and downloads the rows with their sources", async () => {
    await open("?view=queries&q=membership-growth");
    await page.waitForSelector("#result-csv", { timeout: 60_000 });
    const res = (await api.send("POST", "/api/queries/membership-growth", { body: { params: {} } })).body;
    const years = res.rows.filter((r: { year: number | null }) => r.year !== null).map((r: { year: number }) => r.year);
    const span = Math.max(...years) - Math.min(...years) + 1;
    expect(await page.locator("svg.series-chart rect").count()).toBe(span);
    const noYear = res.rows.find((r: { year: number | null }) => r.year === null);
    if (noYear) {
      expect(await page.textContent("#query-result td.no-year")).toBe("no year recorded");
      expect(await page.textContent("#result-left-out")).toContain(String(noYear.joined));
    }
    await page.locator("#query-result").scrollIntoViewIfNeeded();
    for (const viewport of [
      { width: 1440, height: 900 },
      { width: 1024, height: 768 },
    ]) {
      await page.setViewportSize(viewport);
      await page.evaluate(() => document.getElementById("query-result")!.scrollIntoView());
      await page.screenshot({ path: path.join(ARTIFACTS, `query-chart-${viewport.width}.png`) });
    }
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#result-csv")]);
    const rows = parseCsv(await downloaded(download), { columns: true }) as Record<string, string>[];
    expect(rows.length).toBe(res.rows.length);
    expect(Object.keys(rows[0]!)).toContain("sources");
    for (const r of rows) expect(r.sources).toMatch(/^https?:\/\//);
  });
});
