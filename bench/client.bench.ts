/**
 * npm run bench:client: loads the explorer in headless Chromium (WebGL through SwiftShader) against the curated
 * dataset and against synthetic graphs, and prints time to first drawn frame and to interactive, frame time while
 * panning and zooming, the JS heap used and the size of the graph answer. Synthetic graphs are generated into the
 * synthetic database first.
 *
 * Synthetic graphs go into a Neo4j of the benchmark's own (ATLAS_BENCH_CLIENT_NEO4J_PORT, default 7747), so other
 * work using the shared synthetic instance neither disturbs it nor is disturbed.
 *
 * Options: `--only curated|10000|50000` measures one dataset, and `--client DIR` serves a client built elsewhere
 * (results are then printed, not saved);
 * `--out FILE` also writes the figures as JSON to FILE (in the format of bench/results/), whatever the options;
 * `--reuse` keeps a database that already holds a graph of the requested size instead of regenerating it (same
 * seed, same graph).
 */
import { writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import express from "express";
import { build } from "vite";
import pino from "pino";
import { credentials, instance, type LocalInstance, ROOT, start, stop } from "../db/local.ts";
import { createApp } from "../server/app.ts";
import { loadConfig } from "../server/core/config.ts";
import { Database } from "../server/core/db.ts";
import { REL_TYPES } from "../server/core/model.ts";
import type { Page } from "playwright-core";
import { launchBrowser } from "../tests/helpers/browser.ts";
import { generateAndLoad } from "../seed/synthetic-cli.ts";
import { groupNearest } from "./nearest.ts";
import { machine, percentile, saveResult } from "./report.ts";

interface Figures {
  dataset: string;
  nodes: number;
  edges: number;
  /** The explorer's graph answer as sent with gzip, and its size unpacked. */
  payloadKiB: number;
  payloadGzipKiB: number;
  /** The server's layout of the whole network (ForceAtlas2 in a worker), from its start. */
  layoutMs: number;
  /** The server's first answer for the explorer's view (layout ready, answer not yet cached); the page then loads
   * with the answer cached, as every visitor after the first does. */
  coldAnswerMs: number;
  /** Milliseconds from navigation. */
  firstFrameMs: number;
  interactiveMs: number;
  /** Camera moved from script in every frame. */
  panFrameP50Ms: number;
  panFrameP95Ms: number;
  /** Dragging with the mouse, as a person pans: frame times and the longest frame (the draw once the camera rests
   * included). */
  dragFrameP50Ms: number;
  dragFrameP95Ms: number;
  dragFrameMaxMs: number;
  /** Mouse moves the page took in the two seconds of that drag. */
  dragMoves: number;
  /** The same drag started over the largest node in view (the pointer rests on it first, so it is hovered). */
  nodeDragFrameP50Ms: number;
  nodeDragFrameP95Ms: number;
  nodeDragFrameMaxMs: number;
  nodeDragMoves: number;
  /** Zooming with the mouse wheel. */
  zoomFrameP50Ms: number;
  zoomFrameP95Ms: number;
  zoomFrameMaxMs: number;
  /** Drawing the whole view once, at rest (what follows a pan or zoom), and redrawing after a filter change
   * (Sigma's reducers over every node and edge, then a draw); the GPU waited for. */
  redrawMs: number;
  filterRedrawMs: number;
  /** Relationships drawn (an even sample above the explorer's edge budget). */
  edgesDrawn: number;
  heapMiB: number;
  /** Where loading time went: milliseconds from navigation at the end of each step. */
  phases: Record<string, number>;
  /** The cluster overview (clients that have one): milliseconds from navigation to the overview drawn, the
   * server's answer (Louvain on the scope, aggregated), and the draw once the answer is in. */
  /** The same, grouped by sector. */
  sectors?: Figures["clusters"];
  /** The same, grouped by region, with the region nearest 5,000 members opened. */
  regions?: Figures["clusters"];
  clusters?: {
    /** Clusters, or the grouping asked for (sector, region). */
    grouping?: string;
    count: number;
    overviewMs: number;
    answerMs: number;
    drawMs: number;
    /** The group opened with a click (the largest, or the one nearest 5,000 members), its members; the time from
     * the click to the group drawn and answering input (a wheel turn moves the camera and a frame follows), the
     * first draw alone once the answer is in (graph built, drawn, labels placed); the answer (request to last byte,
     * and its compressed size); the click to the first picture, and to the layout's final positions; from the data
     * to the final positions. */
    openedId?: number;
    openedMembers: number;
    openMs: number;
    openDrawMs: number;
    openAnswerMs?: number;
    openAnswerKiB?: number;
    openShownMs?: number;
    openSettledMs?: number;
    openLayoutMs?: number;
  };
}

/** The bytes of a response as sent (compressed when the server compresses) and unpacked. */
function payloadSize(url: string): Promise<{ sent: number; encoding: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { "Accept-Encoding": "gzip", Accept: "application/json" } }, (res) => {
        let sent = 0;
        res.on("data", (c: Buffer) => (sent += c.length));
        res.on("end", () => resolve({ sent, encoding: String(res.headers["content-encoding"] ?? "identity") }));
        res.on("error", reject);
      })
      .on("error", reject);
  });
}

/** Frame intervals recorded in the page while `act` runs (at least `minMs`, at most `maxMs`). */
async function framesDuring(page: Page, act: (elapsed: () => number) => Promise<void>): Promise<number[]> {
  await page.evaluate(`(() => {
    window.__frames = [];
    window.__stopFrames = false;
    let last = performance.now();
    const step = (now) => {
      window.__frames.push(now - last);
      last = now;
      if (!window.__stopFrames) requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  })()`);
  const t0 = Date.now();
  await act(() => Date.now() - t0);
  return page.evaluate(`(() => { window.__stopFrames = true; return window.__frames.slice(1); })()`);
}

const stats = (frames: number[]) => {
  const sorted = [...frames].sort((a, b) => a - b);
  return [+percentile(sorted, 50).toFixed(1), +percentile(sorted, 95).toFixed(1)] as const;
};

/** The client as it is in the working tree, built for the benchmark alone (dist/ is shared with other work), or
 * a client built elsewhere (`--client DIR`, e.g. an earlier version to compare with). */
const clientArg = process.argv.indexOf("--client");
const CLIENT_BUILD =
  clientArg > 0 ? path.resolve(process.argv[clientArg + 1]!) : path.join(ROOT, ".atlas", "bench-client");

/**
 * The cluster overview (or the overview grouped as `grouping` says) and one group opened by a click: the largest,
 * or the one nearest `near` members, clicked once the page has loaded the network behind the overview. Opened is
 * "interactive" when the group is drawn and the page answers input:
 * once it is drawn, a wheel turn over the picture must move the camera and a frame must follow (a page busy laying
 * out or building its graph answers late). Null for a client without the overview.
 */
async function measureClusters(
  page: Page,
  url: string,
  grouping = "",
  near: number | null = null,
): Promise<Figures["clusters"] | null> {
  const started = Date.now();
  await page.goto(`${url}?view=clusters${grouping ? `&grp=${grouping}` : ""}`);
  const has = await page
    .waitForFunction(() => (window as any).atlasClusters !== undefined, null, { timeout: 30_000 })
    .then(() => true)
    .catch(() => false);
  if (!has) return null;
  const drawn = () =>
    page.waitForFunction(
      () => (window as any).atlasClusters.status.loaded || (window as any).atlasClusters.status.error,
      null,
      { timeout: 600_000 },
    );
  await drawn();
  const overviewMs = Date.now() - started;
  const overview = await page.evaluate(`(() => {
    const c = window.atlasClusters;
    if (c.status.error) throw new Error(c.status.error);
    const answer = performance.getEntriesByType("resource").findLast((e) => e.name.includes("/api/analytics/clusters"));
    return { count: c.data.clusters.length, answerMs: Math.round(answer ? answer.duration : -1),
      drawMs: Math.round(c.status.drawMs), sizes: c.data.clusters.map((x) => ({ id: x.id, size: x.size })) };
  })()`);
  const o = overview as { count: number; answerMs: number; drawMs: number; sizes: { id: number; size: number }[] };
  const target = groupNearest(o.sizes, near);
  // The page loads the whole network behind the overview (for the graph view), in one long task on a large one:
  // the click waits for it, so that the opening alone is measured, the same way every time.
  await page.waitForFunction(
    () => (window as any).atlas?.status.interactiveAt > 0 || (window as any).atlas?.status.error,
    null,
    { timeout: 600_000 },
  );
  await page.waitForTimeout(500);
  const at: { x: number; y: number } = await page.evaluate(`(() => {
    const r = window.atlasClusters.renderer;
    const p = r.framedGraphToViewport(r.getNodeDisplayData(${JSON.stringify(String(target.id))}));
    const box = r.getContainer().getBoundingClientRect();
    return { x: box.x + p.x, y: box.y + p.y };
  })()`);
  await page.evaluate(() => performance.clearResourceTimings());
  const clicked = Date.now();
  await page.mouse.click(at.x, at.y);
  // Drawn: the opened group's first picture (a client that draws it final at once says loaded only).
  await page.waitForFunction(
    (id) => {
      const s = (window as any).atlasClusters.status;
      return (s.opened === id && (s.shown ?? s.loaded)) || s.error;
    },
    target.id,
    { timeout: 600_000 },
  );
  const shownMs = Date.now() - clicked;
  // Answers input: a wheel turn over the picture moves the camera, and the page draws a frame after it.
  const canvas = (await page.locator("#clusters .cluster-canvas").boundingBox())!;
  await page.evaluate(`(() => {
    const camera = window.atlasClusters.renderer.getCamera();
    window.__ratio = camera.getState().ratio;
  })()`);
  await page.mouse.move(canvas.x + canvas.width / 2 + 3, canvas.y + canvas.height / 2 + 3);
  await page.mouse.wheel(0, -120);
  await page.waitForFunction(
    () =>
      new Promise((resolve) =>
        requestAnimationFrame(() =>
          resolve((window as any).atlasClusters.renderer.getCamera().getState().ratio !== (window as any).__ratio),
        ),
      ),
    null,
    { timeout: 600_000, polling: 50 },
  );
  const openMs = Date.now() - clicked;
  // Settled: the layout's final positions (the same for every opening).
  await drawn();
  const settledMs = Date.now() - clicked;
  const after = (await page.evaluate(`(() => {
    const s = window.atlasClusters.status;
    const answer = performance.getEntriesByType("resource").findLast((e) => e.name.includes("/api/analytics/clusters"));
    return { drawMs: Math.round(s.drawMs), firstDrawMs: Math.round(s.firstDrawMs ?? s.drawMs),
      answerMs: Math.round(answer ? answer.duration : -1), answerKiB: Math.round((answer ? answer.encodedBodySize : 0) / 1024) };
  })()`)) as { drawMs: number; firstDrawMs: number; answerMs: number; answerKiB: number };
  return {
    ...(grouping ? { grouping } : {}),
    count: o.count,
    overviewMs,
    answerMs: o.answerMs,
    drawMs: o.drawMs,
    openedId: target.id,
    openedMembers: target.size,
    openMs,
    openDrawMs: after.firstDrawMs,
    openAnswerMs: after.answerMs,
    openAnswerKiB: after.answerKiB,
    openShownMs: shownMs,
    openSettledMs: settledMs,
    openLayoutMs: after.drawMs,
  };
}

async function measure(label: string, creds: { uri: string; username: string; password: string }): Promise<Figures> {
  const config = loadConfig({});
  const db = Database.fromConfig(config, creds);
  const app = express();
  app.use(express.static(CLIENT_BUILD, { index: "index.html" }));
  app.use(createApp({ db, config, logger: pino({ level: "silent" }) }));
  const server = app.listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  // Wait for the server's layout so the figures measure the explorer as it opens once the server has computed it.
  const layoutStart = performance.now();
  // An answer without attributes (an error while the database warms up on a busy machine) is asked again.
  const layoutOf = async () => ((await (await fetch(`${url}api/graph?limit=1`)).json()) as any).attributes?.layout;
  while ((await layoutOf()) !== "forceatlas2") {
    if (performance.now() - layoutStart > 600_000) throw new Error("the server's layout took over 10 minutes");
    await new Promise((r) => setTimeout(r, 250));
  }
  const layoutMs = Math.round(performance.now() - layoutStart);
  // The answer the explorer asks for: by columns when the network is large.
  const graphUrl = `${url}api/graph?limit=200000&format=auto`;
  const coldStart = performance.now();
  const unpacked = (await (await fetch(graphUrl, { headers: { "Accept-Encoding": "identity" } })).arrayBuffer())
    .byteLength;
  const coldAnswerMs = Math.round(performance.now() - coldStart);
  const sent = await payloadSize(graphUrl);
  const payloadKiB = Math.round(unpacked / 1024);
  const payloadGzipKiB = Math.round(sent.sent / 1024);
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 850 } });
    await page.goto(`${url}?view=graph`);
    await page.waitForFunction(
      () => (window as any).atlas?.status.interactiveAt > 0 || (window as any).atlas?.status.error,
      null,
      {
        timeout: 600_000,
      },
    );
    const failed = await page.evaluate(() => (window as any).atlas.status.error);
    if (failed) throw new Error(`the explorer failed to load: ${failed}`);
    const status = await page.evaluate(() => ({
      ...(window as any).atlas.status,
      order: (window as any).atlas.graph.order,
      size: (window as any).atlas.graph.size,
    }));
    const phases = Object.fromEntries(
      Object.entries((status.phases ?? {}) as Record<string, number>).map(([k, v]) => [k, Math.round(v)]),
    );
    // Pan for two seconds from script, recording the time between frames.
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
    // Drag the network with the mouse for two seconds, then let it settle.
    const box = (await page.locator("#graph").boundingBox())!;
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    const dragFrom = async (x: number, y: number) => {
      let moves = 0;
      await page.mouse.move(x, y);
      await page.waitForTimeout(500);
      const frames = await framesDuring(page, async (elapsed) => {
        await page.mouse.down();
        for (let i = 1; elapsed() < 2000; i++, moves++) await page.mouse.move(x + (i % 200), y + (i % 100) / 2);
        await page.mouse.up();
        // Until the view is drawn again at rest.
        await page.waitForTimeout(1000);
      });
      await page.waitForTimeout(500);
      return { frames, moves };
    };
    const { frames: drag, moves: dragMoves } = await dragFrom(cx, cy);
    // The largest node in view, where the pointer lands on it (the camera is back where it started).
    const node: { x: number; y: number } = await page.evaluate(`(() => {
      const r = window.atlas.renderer;
      const { width, height } = r.getDimensions();
      let best = null;
      window.atlas.graph.forEachNode((n) => {
        const d = r.getNodeDisplayData(n);
        if (!d || d.hidden) return;
        const p = r.framedGraphToViewport(d);
        if (p.x < 20 || p.y < 20 || p.x > width - 220 || p.y > height - 120) return;
        if (!best || d.size > best.size) best = { size: d.size, x: p.x, y: p.y };
      });
      return best;
    })()`);
    const { frames: nodeDrag, moves: nodeDragMoves } = await dragFrom(box.x + node.x, box.y + node.y);
    // Zoom in and out with the wheel for two seconds.
    const zoom = await framesDuring(page, async (elapsed) => {
      await page.mouse.move(cx, cy);
      for (let i = 0; elapsed() < 2000; i++) {
        await page.mouse.wheel(0, i % 20 < 10 ? -120 : 120);
        await page.waitForTimeout(50);
      }
      await page.waitForTimeout(1000);
    });
    await page.waitForTimeout(500);
    // A draw of the whole view, and a redraw after a filter change, each waited for on the GPU (a pixel read).
    const redraw: { redrawMs: number; filterRedrawMs: number; edgesDrawn: number } = await page.evaluate(`(() => {
      const r = window.atlas.renderer;
      const sync = () => {
        const px = new Uint8Array(4);
        for (const gl of Object.values(r.webGLContexts)) gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, px);
      };
      const time = (f) => {
        sync();
        const t = performance.now();
        for (let i = 0; i < 3; i++) { f(); sync(); }
        return Math.round((performance.now() - t) / 3);
      };
      return {
        redrawMs: time(() => r.refresh({ partialGraph: { nodes: [] }, skipIndexation: true })),
        filterRedrawMs: time(() => r.refresh({ skipIndexation: true })),
        edgesDrawn: Number(document.getElementById("counts").dataset.drawn),
      };
    })()`);
    const heap = await page.evaluate(() => (performance as any).memory?.usedJSHeapSize ?? 0);
    const clusters = await measureClusters(page, url);
    // Sectors as groups: the largest (NGOs) holds over a third of a synthetic network, far more than any cluster.
    const sectors = clusters ? await measureClusters(page, url, "sector") : null;
    // The requirement's case: a group of about 5,000 actors (on the synthetic network, a region).
    const regions = clusters ? await measureClusters(page, url, "region", 5_000) : null;
    const [panP50, panP95] = stats(frames);
    const [dragP50, dragP95] = stats(drag);
    const [nodeDragP50, nodeDragP95] = stats(nodeDrag);
    const [zoomP50, zoomP95] = stats(zoom);
    return {
      dataset: label,
      nodes: status.order,
      edges: status.size,
      payloadKiB,
      payloadGzipKiB,
      layoutMs,
      coldAnswerMs,
      firstFrameMs: Math.round(status.firstFrameAt),
      interactiveMs: Math.round(status.interactiveAt),
      panFrameP50Ms: panP50,
      panFrameP95Ms: panP95,
      dragFrameP50Ms: dragP50,
      dragFrameP95Ms: dragP95,
      dragFrameMaxMs: Math.round(Math.max(...drag)),
      dragMoves,
      nodeDragFrameP50Ms: nodeDragP50,
      nodeDragFrameP95Ms: nodeDragP95,
      nodeDragFrameMaxMs: Math.round(Math.max(...nodeDrag)),
      nodeDragMoves,
      zoomFrameP50Ms: zoomP50,
      zoomFrameP95Ms: zoomP95,
      zoomFrameMaxMs: Math.round(Math.max(...zoom)),
      ...redraw,
      heapMiB: Math.round(heap / 2 ** 20),
      phases,
      ...(clusters ? { clusters } : {}),
      ...(sectors ? { sectors } : {}),
      ...(regions ? { regions } : {}),
    };
  } finally {
    await browser.close();
    server.close();
    await db.close();
  }
}

const only = process.argv.includes("--only") ? process.argv[process.argv.indexOf("--only") + 1] : null;
const reuse = process.argv.includes("--reuse");

const BENCH_NEO4J: LocalInstance = {
  name: "bench-client",
  home: path.join(ROOT, ".atlas", "neo4j-bench-client"),
  port: Number(process.env.ATLAS_BENCH_CLIENT_NEO4J_PORT ?? 7747),
  heap: "3g",
  conf: {
    "server.memory.pagecache.size": "1g",
    "db.memory.transaction.max": "2g",
    "db.memory.transaction.total.max": "2g",
  },
};

/** Actors and relationships in the benchmark's database, or null when it cannot tell. */
async function syntheticCounts(): Promise<[number, number] | null> {
  const db = Database.fromConfig(loadConfig({}), await start(BENCH_NEO4J));
  try {
    const labels = await db.readRows<{ label: string; count: number }>("meta/stats-labels");
    const types = await db.readRows<{ type: string; count: number }>("meta/stats-reltypes");
    const actorCount = Number(labels.find((r) => r.label === "Actor")?.count ?? 0);
    const relCount = types.filter((r) => REL_TYPES.includes(r.type as never)).reduce((a, r) => a + Number(r.count), 0);
    return [actorCount, relCount];
  } catch {
    return null;
  } finally {
    await db.close();
  }
}

if (clientArg < 0) {
  await build({
    configFile: path.join(ROOT, "vite.config.ts"),
    logLevel: "warn",
    build: { outDir: CLIENT_BUILD, emptyOutDir: true },
  });
}
const results: Figures[] = [];
const main = instance("main");
// The project's own database serves the curated dataset: started only when that is measured.
if (!only || only === "curated") {
  await start(main);
  results.push(await measure("curated", credentials(main)));
}
for (const [actors, relationships] of [
  [10_000, 50_000],
  [50_000, 250_000],
] as const) {
  if (only && only !== String(actors)) continue;
  const have = reuse ? await syntheticCounts() : null;
  if (!have || have[0] !== actors || have[1] !== relationships) {
    await generateAndLoad({ actors, relationships, seed: 1 }, BENCH_NEO4J);
  }
  results.push(await measure(`synthetic ${actors}/${relationships}`, await start(BENCH_NEO4J)));
}
if (!reuse) await stop(BENCH_NEO4J);
console.table(results.map(({ phases: _p, clusters: _c, sectors: _s, regions: _r, ...r }) => r));
console.table(
  results.flatMap((r) => [r.clusters, r.sectors, r.regions].filter(Boolean).map((c) => ({ dataset: r.dataset, ...c }))),
);
for (const r of results) console.log(r.dataset, JSON.stringify(r.phases));
const NOTE = "headless Chromium, WebGL via SwiftShader (software rendering)";
if (!only && clientArg < 0) saveResult("client", { note: NOTE, results });
const outArg = process.argv.indexOf("--out");
if (outArg > 0) {
  const file = path.resolve(process.argv[outArg + 1]!);
  writeFileSync(
    file,
    JSON.stringify({ measuredAt: new Date().toISOString(), machine: machine(), note: NOTE, results }, null, 2) + "\n",
  );
  console.log(`bench: wrote ${file}`);
}
// The figures are out: end here rather than wait on handles the browser or the server may leave open.
process.exit(0);
