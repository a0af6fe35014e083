/**
 * npm run bench:client: loads the explorer in headless Chromium (WebGL through SwiftShader) against the curated
 * dataset and against synthetic graphs, and prints time to first drawn frame and to interactive, frame time while
 * panning, and the JS heap used. Synthetic graphs are generated into the synthetic database first.
 */
import type { AddressInfo } from "node:net";
import pino from "pino";
import { credentials, instance, start } from "../db/local.ts";
import { createApp } from "../server/app.ts";
import { loadConfig } from "../server/core/config.ts";
import { Database } from "../server/core/db.ts";
import { launchBrowser } from "../tests/helpers/browser.ts";
import { generateAndLoad } from "../seed/synthetic-cli.ts";
import { percentile, saveResult } from "./report.ts";

interface Figures {
  dataset: string;
  nodes: number;
  edges: number;
  payloadKiB: number;
  firstFrameMs: number;
  interactiveMs: number;
  panFrameP50Ms: number;
  panFrameP95Ms: number;
  heapMiB: number;
}

async function measure(label: string, creds: { uri: string; username: string; password: string }): Promise<Figures> {
  const config = loadConfig({});
  const db = Database.fromConfig(config, creds);
  const server = createApp({ db, config, logger: pino({ level: "silent" }) }).listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  // Warm the server's layout so the figures measure the client, not a first layout computation.
  const warm = await fetch(`${url}api/graph?limit=200000`, { headers: { "Accept-Encoding": "gzip" } });
  const payloadKiB = Math.round(
    Number(warm.headers.get("content-length") ?? (await warm.arrayBuffer()).byteLength) / 1024,
  );
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 850 } });
    await page.goto(url);
    await page.waitForFunction(
      () => (window as any).atlas?.status.interactiveAt > 0 || (window as any).atlas?.status.error,
      null,
      {
        timeout: 600_000,
      },
    );
    const status = await page.evaluate(() => ({
      ...(window as any).atlas.status,
      order: (window as any).atlas.graph.order,
      size: (window as any).atlas.graph.size,
    }));
    // Pan for two seconds, recording the time between frames.
    // A string, not a function: the bundler's helpers for named functions do not exist in the page.
    const frames: number[] = await page.evaluate(`new Promise((resolve) => {
      const camera = window.atlas.renderer.getCamera();
      const out = [];
      let last = performance.now();
      const started = last;
      const step = (now) => {
        out.push(now - last);
        last = now;
        const s = camera.getState();
        camera.setState({ ...s, x: s.x + 0.002 });
        if (now - started < 2000) requestAnimationFrame(step);
        else resolve(out.slice(1));
      };
      requestAnimationFrame(step);
    })`);
    const heap = await page.evaluate(() => (performance as any).memory?.usedJSHeapSize ?? 0);
    const sorted = frames.sort((a, b) => a - b);
    return {
      dataset: label,
      nodes: status.order,
      edges: status.size,
      payloadKiB,
      firstFrameMs: Math.round(status.firstFrameAt),
      interactiveMs: Math.round(status.interactiveAt),
      panFrameP50Ms: +percentile(sorted, 50).toFixed(1),
      panFrameP95Ms: +percentile(sorted, 95).toFixed(1),
      heapMiB: Math.round(heap / 2 ** 20),
    };
  } finally {
    await browser.close();
    server.close();
    await db.close();
  }
}

const results: Figures[] = [];
const main = instance("main");
await start(main);
results.push(await measure("curated", credentials(main)));
for (const [actors, relationships] of [
  [10_000, 50_000],
  [50_000, 250_000],
]) {
  await generateAndLoad({ actors: actors!, relationships: relationships!, seed: 1 });
  results.push(await measure(`synthetic ${actors}/${relationships}`, await start(instance("synthetic"))));
}
console.table(results);
saveResult("client", { note: "headless Chromium, WebGL via SwiftShader (software rendering)", results });
