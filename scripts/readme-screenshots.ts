/**
 * The README's screenshots of the main views, at 1440×900 and 1024×768:
 * `npx tsx scripts/readme-screenshots.ts [BASE_URL] [DIR]` (default http://127.0.0.1:3000 and docs/screenshots).
 * Each view opens from its link, waits until it is drawn (the analysis computed, the paths found, the query
 * answered, the camera at rest) and is saved as DIR/view-NAME-WIDTH.png. The first-visit hint is taken as read.
 * The README's copies are reduced to 256 colours (`convert F -colors 256 PNG8:F`) to stay small.
 */
import path from "node:path";
import type { Page } from "playwright-core";
import { launchBrowser } from "../tests/helpers/browser.ts";

const [base = "http://127.0.0.1:3000", dir = "docs/screenshots"] = process.argv.slice(2);
const SIZES = [
  [1440, 900],
  [1024, 768],
] as const;

/** The explorer's test handle (client/src/main.ts); written out in each page function, which runs in the page. */
type Atlas = { status: { loaded: boolean }; moving: number; paths: unknown };

/** Until the graph's layout and camera moves have ended. */
const resting = (p: Page) =>
  p.waitForFunction(() => (window as unknown as { atlas: Atlas }).atlas.moving === 0, null, { timeout: 60_000 });

const VIEWS: { name: string; link: string; ready: (p: Page) => Promise<unknown> }[] = [
  { name: "clusters", link: "/", ready: (p) => p.waitForSelector("#clusters .cluster-label") },
  {
    name: "ego",
    link: "/?focus=la-strada-international:2&sel=la-strada-international",
    ready: async (p) => {
      await p.waitForSelector('#panel[data-loaded="true"]');
      await resting(p);
    },
  },
  {
    name: "analysis",
    link: "/?view=analysis&sector=NGO",
    ready: (p) => p.waitForSelector('#analysis[data-ready="true"]', { timeout: 120_000 }),
  },
  {
    name: "paths",
    link: "/?path=unodc:la-strada-moldova:4",
    ready: async (p) => {
      await p.waitForFunction(() => (window as unknown as { atlas: Atlas }).atlas.paths !== null, null, {
        timeout: 60_000,
      });
      await resting(p);
    },
  },
  {
    name: "query",
    link: "/?view=queries&q=membership-growth",
    ready: async (p) => {
      await p.waitForSelector("#result-csv", { timeout: 60_000 });
      await p.evaluate(() => document.getElementById("query-result")!.scrollIntoView());
    },
  },
  { name: "map", link: "/?layout=map", ready: (p) => resting(p) },
];

const browser = await launchBrowser();
try {
  for (const [width, height] of SIZES) {
    const page = await browser.newPage({ viewport: { width, height } });
    await page.addInitScript(() => localStorage.setItem("atlas.hint.dismissed", "1"));
    page.on("pageerror", (e) => console.error(`page error: ${e.message}`));
    for (const v of VIEWS) {
      await page.goto(base + v.link);
      await page.waitForFunction(() => (window as unknown as { atlas?: Atlas }).atlas?.status.loaded, null, {
        timeout: 120_000,
      });
      await v.ready(page);
      // Labels and the last animation frame settle.
      await page.waitForTimeout(1500);
      const file = path.join(dir, `view-${v.name}-${width}.png`);
      await page.screenshot({ path: file });
      console.log(`screenshot: ${file}`);
    }
    await page.close();
  }
} finally {
  await browser.close();
}
