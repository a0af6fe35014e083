/** One browser page over a real server for a browser test file: opened before its tests, closed after them. */
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { ROOT } from "../../db/local.ts";
import { launchBrowser } from "./browser.ts";
import { startServer, type TestServer } from "./server.ts";

/** Where browser tests save screenshots and files (ignored by git). */
export const ARTIFACTS = path.join(ROOT, "test-artifacts");

export interface BrowserSession {
  api: TestServer;
  browser: Browser;
  page: Page;
}

/** Registers the hooks; the session's fields are set once `beforeAll` has run. */
export function browserSession(env: Record<string, string>, options: BrowserContextOptions): BrowserSession {
  const session = {} as BrowserSession;
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    session.api = await startServer(env);
    session.browser = await launchBrowser();
    session.page = await session.browser.newPage(options);
  });
  afterAll(async () => {
    await session.browser?.close();
    await session.api?.close();
  });
  return session;
}
