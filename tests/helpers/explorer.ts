/** The set-up every browser-test file shares: the app over the test Neo4j and one headless Chromium page on it. */
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { ROOT } from "../../db/local.ts";
import { launchBrowser } from "./browser.ts";
import { layoutReady, startServer, type TestServer } from "./server.ts";

/** Where browser tests put their screenshots (ignored by git). */
export const ARTIFACTS = path.join(ROOT, "test-artifacts");

/** A browser-test file's explorer: the app on a free port, and one Chromium page. */
export interface Explorer {
  api: TestServer;
  browser: Browser;
  page: Page;
}

/**
 * Starts the app (with the settings given) and one Chromium page (1440x900 unless told) before the file's tests, and
 * closes both after them. The fields are filled by the time the file's own `beforeAll` hooks run.
 */
export function explorerFor(
  env: Record<string, string> = {},
  options: { waitForLayout?: boolean; page?: BrowserContextOptions } = {},
): Explorer {
  const ui = {} as Explorer;
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    ui.api = await startServer(env);
    if (options.waitForLayout) await layoutReady(ui.api);
    ui.browser = await launchBrowser();
    ui.page = await ui.browser.newPage({ viewport: { width: 1440, height: 900 }, ...options.page });
  });
  afterAll(async () => {
    await ui.browser?.close();
    await ui.api?.close();
  });
  return ui;
}

/** Resolves once the explorer on the page has loaded its view. */
export const loaded = (page: Page, timeout = 30_000) =>
  page.waitForFunction(() => (window as any).atlas?.status.loaded, null, { timeout });
