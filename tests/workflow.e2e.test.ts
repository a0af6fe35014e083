/**
 * The researcher's workflow around the graph, in a real headless Chromium against the real server and database:
 * the explorer rides out the database going away (says so, retries, loads when it is back), the history says what
 * changed, the tool explains itself (help, first-visit hint, copy link, zoom buttons), and views can be saved,
 * compared and printed. Screenshots go to test-artifacts/.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { instance, ROOT, start, stop } from "../db/local.ts";
import { launchBrowser } from "./helpers/browser.ts";
import { startServer, type TestServer } from "./helpers/server.ts";

const ARTIFACTS = path.join(ROOT, "test-artifacts");
const EDITOR = "editor-secret-workflow-0123456789";
let api: TestServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  api = await startServer({ EDITOR_TOKEN: EDITOR });
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
});
afterAll(async () => {
  await start(instance("test"));
  await browser?.close();
  await api?.close();
});

const loaded = (p: Page, timeout = 30_000) =>
  p.waitForFunction(() => (window as any).atlas?.status.loaded, null, { timeout });
const shot = (name: string) => page.screenshot({ path: path.join(ARTIFACTS, `workflow-${name}.png`) });

describe("the database away and back", () => {
  it("says it is retrying, shows it in the search, and loads the graph once the database returns", async () => {
    await stop(instance("test"));
    await page.goto(api.url);
    await page.waitForSelector("#message:has-text('retrying in')", { timeout: 20_000 });
    expect(await page.textContent("#message .text")).toMatch(/database is not reachable right now; retrying in \d+ s…/);
    expect(await page.isVisible("#message [data-retry]")).toBe(true);
    expect(await page.isVisible("#message .close")).toBe(true);
    expect(await page.evaluate(() => (window as any).atlas.status.loaded)).toBe(false);

    // The search says why it has nothing, instead of an empty dropdown.
    await page.fill("#search", "ilo");
    await page.waitForSelector("#search-results li.note:has-text('database is not reachable')", { timeout: 10_000 });
    await shot("database-down");

    await start(instance("test"));
    await loaded(page, 60_000);
    expect(await page.isHidden("#message")).toBe(true);
    expect(await page.evaluate(() => (window as any).atlas.graph.order)).toBeGreaterThan(100);
    // The same search answers now.
    await page.fill("#search", "");
    await page.fill("#search", "ilo");
    await page.waitForSelector("#search-results li[data-i]", { timeout: 20_000 });
    expect(await page.textContent("#search-results")).toMatch(/International Labour Organization/);
  }, 120_000);
});
