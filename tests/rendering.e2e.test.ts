/**
 * The network's picture in a real headless Chromium (WebGL through SwiftShader) on the curated data: labels never
 * overlap at the default view or zoomed in 2x and 5x, a hover on the largest partnership labels at most the hover
 * cap, and zoomed in 5x nodes grow at most the growth cap without covering neighbours they did not cover at 1x.
 *
 * Labels are read from what the page really draws: every `fillText` on Sigma's label and hover canvases is recorded
 * with its ink box (the canvas's own `measureText`), and a canvas cleared from its corner starts a new record.
 * Screenshots at 1440x900 and 1024x768, zoomed out and in, go to test-artifacts/.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_RENDER_SETTINGS } from "../client/src/renderer/settings.ts";
import { ARTIFACTS, explorerFor } from "./helpers/explorer.ts";
import type { TestServer } from "./helpers/server.ts";

let api: TestServer;
let page: Page;

interface Text {
  layer: string;
  text: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Records the text drawn on Sigma's label and hover canvases (a string: it runs in the page as it is). */
const RECORD_TEXT = `(() => {
  const proto = CanvasRenderingContext2D.prototype;
  const fillText = proto.fillText;
  const clearRect = proto.clearRect;
  const layerOf = (canvas) => (/sigma-(labels|hovers)/.exec(canvas.className) || [])[1];
  window.__texts = { labels: [], hovers: [] };
  proto.clearRect = function (x, y, w, h) {
    const layer = layerOf(this.canvas);
    if (layer && x <= 0 && y <= 0) window.__texts[layer] = [];
    return clearRect.call(this, x, y, w, h);
  };
  proto.fillText = function (text, x, y, maxWidth) {
    const layer = layerOf(this.canvas);
    if (layer && String(text).trim()) {
      const m = this.measureText(text);
      window.__texts[layer].push({
        layer,
        text: String(text),
        x: x - m.actualBoundingBoxLeft,
        y: y - m.actualBoundingBoxAscent,
        width: m.actualBoundingBoxLeft + m.actualBoundingBoxRight,
        height: m.actualBoundingBoxAscent + m.actualBoundingBoxDescent,
      });
    }
    return fillText.call(this, text, x, y, maxWidth);
  };
})()`;

const ui = explorerFor({}, { waitForLayout: true });
beforeAll(async () => {
  ({ api, page } = ui);
  await page.addInitScript(RECORD_TEXT);
  await page.goto(`${api.url}/?view=graph`);
  await page.waitForFunction(() => (window as any).atlas?.status.interactiveAt > 0, null, { timeout: 30_000 });
});

/** Moves the camera (ratio 1 is the default view; 0.5 is 2x, 0.2 is 5x) and waits for the frame drawn there. */
async function cameraAt(state: { x: number; y: number; ratio: number }): Promise<void> {
  await page.evaluate(
    (s) =>
      new Promise<void>((resolve) => {
        const r = (window as any).atlas.renderer;
        r.once("afterRender", () => resolve());
        r.getCamera().setState({ ...s, angle: 0 });
        r.refresh();
      }),
    state,
  );
}

const texts = (): Promise<Text[]> =>
  page.evaluate(() => [...(window as any).__texts.labels, ...(window as any).__texts.hovers]);

/** Pairs of drawn labels whose ink boxes overlap. */
function overlapping(drawn: Text[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < drawn.length; i++)
    for (let j = i + 1; j < drawn.length; j++) {
      const a = drawn[i]!;
      const b = drawn[j]!;
      if (a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height)
        out.push(`"${a.text}" over "${b.text}"`);
    }
  return out;
}

/** The graph coordinates (Sigma's framed graph) of the node with the highest degree, of a kind when given. */
const biggest = (entity?: string): Promise<{ id: string; x: number; y: number }> =>
  page.evaluate((entity) => {
    const { graph, renderer } = (window as any).atlas;
    let best: { id: string; degree: number } | null = null;
    graph.forEachNode((id: string, a: any) => {
      if (entity && a.entity !== entity) return;
      if (!best || (a.degree ?? 0) > best.degree) best = { id, degree: a.degree ?? 0 };
    });
    const d = renderer.getNodeDisplayData(best!.id);
    return { id: best!.id, x: d.x, y: d.y };
  }, entity);

/** Puts the pointer on a node and waits until Sigma says it is hovered; answers where, in page pixels. */
async function hoverNode(id: string): Promise<{ x: number; y: number }> {
  const box = (await page.locator("#graph").boundingBox())!;
  const at = await page.evaluate((id) => {
    const r = (window as any).atlas.renderer;
    return r.framedGraphToViewport(r.getNodeDisplayData(id));
  }, id);
  await page.mouse.move(box.x + at.x, box.y + at.y);
  await page.waitForFunction((id) => (window as any).atlas.renderer.hoveredNode === id, id);
  await page.waitForTimeout(300);
  return { x: box.x + at.x, y: box.y + at.y };
}

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: path.join(ARTIFACTS, `rendering-${name}.png`) });
}

describe("rendering", () => {
  it("draws no two labels over each other in the first frame, at 1440x900 and 1024x768", async () => {
    // Sigma draws its first frame in its constructor; the picture a researcher first sees must follow the label
    // rule as every later frame does. Nothing here moves the camera or the pointer: the frame is the first one.
    const small = await ui.browser.newPage({ viewport: { width: 1024, height: 768 } });
    try {
      await small.addInitScript(RECORD_TEXT);
      await small.goto(`${api.url}/?view=graph`);
      await small.waitForFunction(() => (window as any).atlas?.status.interactiveAt > 0, null, { timeout: 30_000 });
      for (const [name, p] of [
        ["1440x900", page],
        ["1024x768", small],
      ] as const) {
        const drawn: Text[] = await p.evaluate(() => (window as any).__texts.labels);
        expect(drawn.length, name).toBeGreaterThanOrEqual(6);
        expect(overlapping(drawn), name).toEqual([]);
        // Each label whole inside the picture: none runs past its edge.
        const stage = (await p.locator("#graph").boundingBox())!;
        for (const t of drawn)
          expect(
            t.x >= -1 && t.y >= -1 && t.x + t.width <= stage.width + 1 && t.y + t.height <= stage.height + 1,
            `${name}: ${t.text}`,
          ).toBe(true);
        // The labels on the screen are the ones the placer accounts for.
        const placed: string[] = await p.evaluate(() => (window as any).atlas.labels.map((b: any) => b.label));
        expect(placed.sort(), name).toEqual(drawn.map((t) => t.text).sort());
        await p.screenshot({ path: path.join(ARTIFACTS, `rendering-first-frame-${name}.png`) });
      }
      // Opened with a selection, the details panel comes after the first frame: the labels are placed again for
      // the area it leaves free (only the selection's own label may run under it).
      for (const [name, p] of [
        ["1440x900", await ui.browser.newPage({ viewport: { width: 1440, height: 900 } })],
        ["1024x768", small],
      ] as const) {
        await p.goto(`${api.url}/?view=graph&sel=unodc`);
        await p.waitForSelector('#panel[data-loaded="true"]');
        await p.waitForTimeout(100);
        await p.waitForFunction(() => !(window as any).atlas.renderer.getCamera().isAnimated());
        await p.waitForTimeout(200);
        const panel = (await p.locator("#panel").boundingBox())!;
        const stage = (await p.locator("#graph").boundingBox())!;
        // The selection itself is in the free part, not under the panel.
        const at = await p.evaluate(() => {
          const r = (window as any).atlas.renderer;
          return r.framedGraphToViewport(r.getNodeDisplayData("unodc"));
        });
        expect(at.x, `${name}: the selection's place`).toBeLessThan(panel.x - stage.x);
        expect(at.x).toBeGreaterThan(0);
        const labels: { node: string; label: string; layer: string; x: number; width: number }[] = await p.evaluate(
          () => (window as any).atlas.labels,
        );
        const others = labels.filter((l) => l.layer === "labels" && l.node !== "unodc");
        expect(others.length, name).toBeGreaterThan(0);
        for (const l of others) expect(l.x + l.width, `${name}: ${l.label}`).toBeLessThanOrEqual(panel.x - stage.x + 1);
        await p.screenshot({ path: path.join(ARTIFACTS, `rendering-selection-${name}.png`) });
        if (p !== small) await p.close();
      }
    } finally {
      await small.close();
    }
  });

  it("names the largest actors of a filtered view whose nodes are all drawn small, at 1440x900 and 1024x768", async () => {
    // NGOs from 2015 on: sizes stay those of the whole network, so every node left is drawn below Sigma's label
    // threshold. The view still names its largest ones, by the label rule (no overlap, whole inside the picture).
    for (const viewport of [
      { width: 1440, height: 900 },
      { width: 1024, height: 768 },
    ]) {
      const p = await ui.browser.newPage({ viewport });
      const name = `${viewport.width}x${viewport.height}`;
      try {
        await p.addInitScript(RECORD_TEXT);
        await p.goto(`${api.url}/?view=graph&sector=NGO&from=2015`);
        await p.waitForFunction(() => (window as any).atlas?.status.interactiveAt > 0, null, { timeout: 30_000 });
        await p.waitForFunction(() => !(window as any).atlas.renderer.getCamera().isAnimated());
        await p.waitForTimeout(300);
        const seen: {
          visible: number;
          largest: number;
          placed: { label: string; hidden: boolean; sector: string | undefined }[];
        } = await p.evaluate(() => {
          const { renderer, graph, labels } = (window as any).atlas;
          let visible = 0;
          let largest = 0;
          graph.forEachNode((id: string) => {
            const d = renderer.getNodeDisplayData(id);
            if (!d || d.hidden) return;
            visible++;
            largest = Math.max(largest, renderer.scaleSize(d.size));
          });
          const placed = labels.filter((b: any) => b.layer === "labels");
          return {
            visible,
            largest,
            placed: placed.map((b: any) => {
              const a = graph.getNodeAttributes(b.node);
              return { label: b.label, hidden: !!renderer.getNodeDisplayData(b.node)?.hidden, sector: a.sector };
            }),
          };
        });
        expect(seen.visible, name).toBeGreaterThan(100);
        // The premise: no node reaches the size at which Sigma offers a label.
        expect(seen.largest, name).toBeLessThan(DEFAULT_RENDER_SETTINGS.labelRenderedSizeThreshold);
        const drawn: Text[] = await p.evaluate(() => (window as any).__texts.labels);
        expect(drawn.length, name).toBeGreaterThanOrEqual(6);
        expect(overlapping(drawn), name).toEqual([]);
        const stage = (await p.locator("#graph").boundingBox())!;
        for (const t of drawn)
          expect(t.x >= -1 && t.y >= -1 && t.x + t.width <= stage.width + 1 && t.y + t.height <= stage.height + 1).toBe(
            true,
          );
        // Labels of nodes the filters leave, and NGOs among them (partnerships are shown with their members).
        expect(
          seen.placed.every((l) => !l.hidden),
          name,
        ).toBe(true);
        expect(seen.placed.filter((l) => l.sector === "NGO").length, name).toBeGreaterThanOrEqual(3);
        expect(seen.placed.length, name).toBeLessThanOrEqual(DEFAULT_RENDER_SETTINGS.landmarkLabels);
        await p.screenshot({ path: path.join(ARTIFACTS, `rendering-filtered-ngo-${name}.png`) });
      } finally {
        await p.close();
      }
    }
  });

  it("exports as SVG the picture on screen: nodes where they are drawn, the labels the screen shows", async () => {
    const p = await ui.browser.newPage({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
    try {
      for (const query of ["view=graph", "view=graph&sector=NGO&from=2015"]) {
        await p.goto(`${api.url}/?${query}`);
        await p.waitForFunction(() => (window as any).atlas?.status.interactiveAt > 0, null, { timeout: 30_000 });
        await p.waitForFunction(() => !(window as any).atlas.renderer.getCamera().isAnimated());
        await p.waitForTimeout(300);
        const screen: { labels: string[]; at: Record<string, { x: number; y: number }> } = await p.evaluate(() => {
          const { renderer, graph, labels } = (window as any).atlas;
          const at: Record<string, { x: number; y: number }> = {};
          graph.forEachNode((id: string) => {
            const d = renderer.getNodeDisplayData(id);
            if (d && !d.hidden) at[id] = renderer.framedGraphToViewport(d);
          });
          return { labels: labels.map((b: any) => b.label), at };
        });
        const [download] = await Promise.all([p.waitForEvent("download"), p.selectOption("#export", "svg")]);
        const svg = readFileSync((await download.path())!, "utf8");
        // Every visible node, each where the screen draws it (circles: the actors).
        const circles = [...svg.matchAll(/<circle cx="([\d.-]+)" cy="([\d.-]+)"/g)].map((m) => ({
          x: +m[1]!,
          y: +m[2]!,
        }));
        const onScreen = Object.values(screen.at);
        expect(circles.length, query).toBeGreaterThan(50);
        const near = (c: { x: number; y: number }) => onScreen.some((s) => Math.hypot(s.x - c.x, s.y - c.y) < 0.2);
        expect(
          circles.filter((c) => !near(c)),
          query,
        ).toEqual([]);
        const xs = circles.map((c) => c.x);
        expect(Math.max(...xs) - Math.min(...xs), `${query}: the picture's spread`).toBeGreaterThan(300);
        // The labels: exactly those on screen, none over another (Sigma's label font, measured in the page).
        const texts = [
          ...svg.matchAll(/<text\s+class="label"\s+x="([\d.-]+)"\s+y="([\d.-]+)"[^>]*>\s*([^<]*?)\s*<\/text>/g),
        ];
        const labels = texts.map((m) => m[3]!.replace(/&amp;/g, "&"));
        expect(labels.sort(), query).toEqual([...screen.labels].sort());
        expect(labels.length, query).toBeGreaterThanOrEqual(6);
        const boxes: Text[] = await p.evaluate(
          (ts) => {
            const { renderer } = (window as any).atlas;
            const ctx = document.createElement("canvas").getContext("2d")!;
            ctx.font = `${renderer.getSetting("labelWeight")} ${renderer.getSetting("labelSize")}px ${renderer.getSetting("labelFont")}`;
            return ts.map(([x, y, text]) => {
              const m = ctx.measureText(text);
              return {
                layer: "svg",
                text,
                x: x - m.actualBoundingBoxLeft,
                y: y - m.actualBoundingBoxAscent,
                width: m.actualBoundingBoxLeft + m.actualBoundingBoxRight,
                height: m.actualBoundingBoxAscent + m.actualBoundingBoxDescent,
              };
            });
          },
          texts.map((m) => [+m[1]!, +m[2]!, m[3]!] as [number, number, string]),
        );
        expect(overlapping(boxes), query).toEqual([]);
      }
    } finally {
      await p.close();
    }
  });

  it("draws no two labels over each other at the default view, 2x and 5x", async () => {
    await page.mouse.move(5, 5);
    const hub = await biggest();
    const views = [
      { name: "default", x: 0.5, y: 0.5, ratio: 1 },
      { name: "2x centre", x: 0.5, y: 0.5, ratio: 0.5 },
      { name: "5x centre", x: 0.5, y: 0.5, ratio: 0.2 },
      { name: "2x hub", x: hub.x, y: hub.y, ratio: 0.5 },
      { name: "5x hub", x: hub.x, y: hub.y, ratio: 0.2 },
    ];
    for (const v of views) {
      await cameraAt(v);
      const drawn = await texts();
      // Not a vacuous pass: the view is labelled.
      expect(drawn.length, v.name).toBeGreaterThanOrEqual(8);
      expect(overlapping(drawn), v.name).toEqual([]);
    }
  });

  it("labels at most the hover cap when the pointer is over the largest partnership", async () => {
    await cameraAt({ x: 0.5, y: 0.5, ratio: 1 });
    const partnership = await biggest("Partnership");
    const members = await page.evaluate((id) => (window as any).atlas.graph.degree(id), partnership.id);
    expect(members).toBeGreaterThan(DEFAULT_RENDER_SETTINGS.hoverLabelCap);
    // Centre the camera on it, then put the pointer on it.
    await cameraAt({ x: partnership.x, y: partnership.y, ratio: 1 });
    await hoverNode(partnership.id);
    const drawn = await texts();
    await shot("hover-partnership");
    const distinct = new Set(drawn.map((t) => t.text));
    expect(distinct.size).toBeGreaterThan(1);
    expect(distinct.size).toBeLessThanOrEqual(DEFAULT_RENDER_SETTINGS.hoverLabelCap);
    expect(overlapping(drawn.filter((t) => t.layer === "labels"))).toEqual([]);
    // The pointer leaves the network: nothing stays hovered, and the hover layer is empty again.
    await page.mouse.move(5, 5);
    await page.waitForFunction(() => (window as any).atlas.renderer.hoveredNode === null);
    await page.waitForTimeout(200);
    expect(await page.evaluate(() => (window as any).__texts.hovers.length)).toBe(0);
  });

  it("zoomed in 5x, grows nodes at most the growth cap and covers no neighbour it did not cover at 1x", async () => {
    await page.mouse.move(5, 5);
    const hub = await biggest();
    const result = await page.evaluate(
      ({ x, y }) => {
        const r = (window as any).atlas.renderer;
        const graph = (window as any).atlas.graph;
        const at = (ratio: number) => {
          const cameraState = { x, y, ratio, angle: 0 };
          const discs: { id: string; x: number; y: number; r: number }[] = [];
          graph.forEachNode((id: string) => {
            const d = r.getNodeDisplayData(id);
            if (!d || d.hidden) return;
            const p = r.framedGraphToViewport(d, { cameraState });
            discs.push({ id, x: p.x, y: p.y, r: r.scaleSize(d.size, ratio) });
          });
          return discs;
        };
        const one = at(1);
        const five = at(0.2);
        const { width, height } = r.getDimensions();
        const inView = (d: { x: number; y: number }) => d.x >= 0 && d.y >= 0 && d.x <= width && d.y <= height;
        let newlyCovered = 0;
        let inViewCount = 0;
        for (let i = 0; i < five.length; i++) {
          if (!inView(five[i]!)) continue;
          inViewCount++;
          for (let j = i + 1; j < five.length; j++) {
            const a5 = five[i]!;
            const b5 = five[j]!;
            const a1 = one[i]!;
            const b1 = one[j]!;
            const covers5 = Math.hypot(a5.x - b5.x, a5.y - b5.y) < a5.r + b5.r;
            const covers1 = Math.hypot(a1.x - b1.x, a1.y - b1.y) < a1.r + b1.r;
            if (covers5 && !covers1) newlyCovered++;
          }
        }
        const growth = Math.max(...five.map((d, i) => d.r / one[i]!.r));
        return { growth, newlyCovered, inViewCount };
      },
      { x: hub.x, y: hub.y },
    );
    expect(result.inViewCount).toBeGreaterThan(5);
    expect(result.growth).toBeLessThanOrEqual(DEFAULT_RENDER_SETTINGS.maxNodeGrowth + 1e-9);
    expect(result.newlyCovered).toBe(0);
  });

  it("shows a drag that starts over a node as a moved picture until release, with no draw while the button is held", async () => {
    // The curated network gets the preview by default; asked for here too, so that only the gesture is tested.
    await page.evaluate(() => (window as any).atlas.enableCameraPreview());
    await cameraAt({ x: 0.5, y: 0.5, ratio: 1 });
    const hub = await biggest();
    const at = await hoverNode(hub.id);
    const counts = () =>
      page.evaluate(() => ({
        ...(window as any).atlas.preview.counts,
        camera: (window as any).atlas.renderer.getCamera().getState(),
      }));
    const before = await counts();
    await page.mouse.down();
    for (let i = 1; i <= 40; i++) {
      // The pointer crosses other nodes; halfway it rests longer than the camera's rest pause, button held.
      await page.mouse.move(at.x + 6 * i, at.y + 3 * i);
      await page.waitForTimeout(i === 20 ? 500 : 15);
    }
    const during = await counts();
    expect(during.previewed).toBeGreaterThan(before.previewed);
    expect(during.drawn).toBe(before.drawn);
    await page.mouse.up();
    await page.waitForTimeout(800);
    const after = await counts();
    expect(after.drawn).toBeGreaterThan(during.drawn);
    expect(after.camera.x).not.toBe(before.camera.x);
    await page.mouse.move(5, 5);
  });

  it("takes screenshots at 1440x900 and 1024x768, zoomed out and in", async () => {
    const hub = await biggest();
    for (const viewport of [
      { width: 1440, height: 900 },
      { width: 1024, height: 768 },
    ]) {
      await page.setViewportSize(viewport);
      await page.waitForTimeout(300);
      await cameraAt({ x: 0.5, y: 0.5, ratio: 1 });
      expect(overlapping(await texts())).toEqual([]);
      await shot(`${viewport.width}-out`);
      await cameraAt({ x: hub.x, y: hub.y, ratio: 0.2 });
      expect(overlapping(await texts())).toEqual([]);
      await shot(`${viewport.width}-in`);
    }
  });
});
