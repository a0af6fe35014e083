/**
 * Opening a cluster or group in a real headless Chromium against the real server and database: an opened cluster
 * is laid out by ForceAtlas2 in a worker to exactly the places of the synchronous layout, the same at every
 * opening; a large group keeps its members' places in the whole network's layout, whether the server sends them
 * or the page finds them in the network it loads, also when the group was opened before that network arrived.
 */
import Graph from "graphology";
import forceAtlas2 from "graphology-layout-forceatlas2";
import type { Page, Route } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { spiralPoint } from "../shared/appearance.ts";
import { explorerFor } from "./helpers/explorer.ts";
import { overviewSettled } from "./helpers/overview.ts";
import type { TestServer } from "./helpers/server.ts";

let api: TestServer;
let page: Page;

const ui = explorerFor({ RATE_LIMIT_PER_MINUTE: "100000" }, { waitForLayout: true });
beforeAll(() => {
  ({ api, page } = ui);
});

async function go(query: string): Promise<void> {
  await page.goto(`${api.url}/${query}`);
  await overviewSettled(page);
}

/** The opened group's members, in the answer's order, with their places in the cluster view's graph. */
const placesOpened = (): Promise<{ id: string; x: number; y: number }[]> =>
  page.evaluate(() => {
    const c = (window as any).atlasClusters;
    return c.data.opened.nodes.map((n: any) => ({
      id: n.id,
      x: c.graph.getNodeAttribute(n.id, "x"),
      y: c.graph.getNodeAttribute(n.id, "y"),
    }));
  });

/** The places of the same members in the page's whole network (the graph view). */
const placesInNetwork = (ids: string[]): Promise<{ id: string; x: number; y: number }[]> =>
  page.evaluate(
    (list) =>
      list.map((id) => {
        const g = (window as any).atlas.graph;
        return { id, x: g.getNodeAttribute(id, "x"), y: g.getNodeAttribute(id, "y") };
      }),
    ids,
  );

describe("opening a cluster", () => {
  it("lays it out in a worker to the synchronous ForceAtlas2's places, the same at every opening", async () => {
    await go("?view=clusters&cl=1");
    const answer = await page.evaluate(() => {
      const c = (window as any).atlasClusters;
      return { opened: c.status.opened, shown: c.status.shown, nodes: c.data.opened.nodes, edges: c.data.opened.edges };
    });
    expect(answer.opened).toBe(1);
    expect(answer.shown).toBe(true);
    const first = await placesOpened();
    expect(first.length).toBeGreaterThan(20);
    // The layout ran: nobody is left on the spiral the picture starts from.
    expect(first.filter((p, i) => p.x === spiralPoint(i, 10).x && p.y === spiralPoint(i, 10).y)).toEqual([]);
    // The same places as ForceAtlas2 run at once on the same start (the explorer's layout before the worker).
    const g = new Graph({ type: "undirected", multi: true });
    answer.nodes.forEach((n: { id: string }, i: number) => g.addNode(n.id, { ...spiralPoint(i, 10) }));
    for (const e of answer.edges as { source: string; target: string }[]) g.addEdge(e.source, e.target);
    forceAtlas2.assign(g, {
      iterations: g.order > 800 ? 100 : 250,
      settings: { ...forceAtlas2.inferSettings(g), barnesHutOptimize: g.order > 800 },
    });
    expect(first).toEqual(g.mapNodes((id, a) => ({ id, x: a.x, y: a.y })));
    // Opened again from the overview: the same places.
    await go("?view=clusters");
    await page.locator('.cluster-list [data-open="1"]').click();
    await overviewSettled(page);
    expect(await placesOpened()).toEqual(first);
  });

  it("stops a layout when another cluster is opened; the pointer over a member shows its tip", async () => {
    await go("?view=clusters");
    await page.locator('.cluster-list [data-open="2"]').click();
    await page.waitForFunction(() => (window as any).atlasClusters.status.shown, null, { timeout: 30_000 });
    // Straight to another cluster: the first one's layout must not move the second's members.
    await page.locator(".cluster-back").click();
    await overviewSettled(page);
    await page.locator('.cluster-list [data-open="3"]').click();
    await overviewSettled(page);
    const third = await placesOpened();
    await page.waitForTimeout(300);
    expect(await placesOpened()).toEqual(third);
    // The pointer over the best connected member shows its tip.
    const at = await page.evaluate(() => {
      const c = (window as any).atlasClusters;
      const n = [...c.data.opened.nodes].sort((a: any, b: any) => b.ties - a.ties)[0];
      const p = c.renderer.framedGraphToViewport(c.renderer.getNodeDisplayData(n.id));
      const box = c.renderer.getContainer().getBoundingClientRect();
      return { x: box.x + p.x, y: box.y + p.y };
    });
    await page.mouse.move(at.x, at.y);
    await page.waitForSelector(".cluster-tip:not([hidden])", { timeout: 5_000 });
    const hovered = await page.evaluate(() => {
      const c = (window as any).atlasClusters;
      return c.data.opened.nodes.find((n: any) => n.id === c.hovered)?.name;
    });
    expect(await page.textContent(".cluster-tip b")).toBe(hovered);
  });
});

describe("opening a large group", () => {
  /** Groups above 20 members keep their network places here (the curated network has no group of 2,000). */
  const openLarge = async (id: number) => {
    await page.evaluate(() => ((window as any).atlasClusters.layoutOwnUpTo = 20));
    await page.locator(`.cluster-list [data-open="${id}"]`).click();
    await page.waitForFunction(
      (gid) => (window as any).atlasClusters.status.opened === gid && (window as any).atlasClusters.status.loaded,
      id,
      { timeout: 30_000 },
    );
  };

  it("keeps its members at their places in the network's layout, as the server sends them", async () => {
    await go("?view=clusters&grp=sector");
    await page.waitForFunction(() => (window as any).atlas?.status.loaded, null, { timeout: 60_000 });
    await openLarge(1);
    const opened = await placesOpened();
    expect(opened.length).toBeGreaterThan(20);
    expect(opened).toEqual(await placesInNetwork(opened.map((p) => p.id)));
  });

  it("opened before the network has loaded (and no places from the server), takes their places once it arrives", async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((r) => (release = r));
    const holdGraph = async (route: Route) => {
      await held;
      await route.continue();
    };
    // The server's places left out, as when its layout is still being computed.
    const withoutPlaces = async (route: Route) => {
      const res = await route.fetch();
      const body = await res.json();
      for (const n of body.opened?.nodes ?? []) {
        delete n.x;
        delete n.y;
      }
      await route.fulfill({ response: res, json: body });
    };
    const isGraph = (u: URL) => u.pathname === "/api/graph";
    const isOpen = (u: URL) => u.pathname === "/api/analytics/clusters" && u.searchParams.has("open");
    await page.route(isGraph, holdGraph);
    await page.route(isOpen, withoutPlaces);
    try {
      await go("?view=clusters&grp=sector");
      await openLarge(1);
      expect(await page.evaluate(() => (window as any).atlas?.status.loaded ?? false)).toBe(false);
      const before = await placesOpened();
      // On its starting spiral meanwhile.
      expect(before.slice(0, 5)).toEqual(before.slice(0, 5).map((p, i) => ({ id: p.id, ...spiralPoint(i, 10) })));
      release();
      await page.waitForFunction(() => (window as any).atlas?.status.loaded, null, { timeout: 60_000 });
      const after = await placesOpened();
      expect(after).toEqual(await placesInNetwork(after.map((p) => p.id)));
      expect(after).not.toEqual(before);
    } finally {
      release();
      await page.unroute(isGraph, holdGraph);
      await page.unroute(isOpen, withoutPlaces);
    }
  });
});
