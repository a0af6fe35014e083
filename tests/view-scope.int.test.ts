/**
 * Analyses and exports follow the view on screen: the scope, an ego focus, a minimum number of ties and a shown
 * path's nodes give the same nodes in /api/graph, /api/analytics/* and /api/export as the explorer's own rule
 * (shared/filters.ts's visibleElements) gives on the whole network.
 */
import Graph from "graphology";
import { parse as parseGraphml } from "graphology-graphml";
import { DOMParser } from "@xmldom/xmldom";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NO_FILTERS, visibleElements } from "../shared/filters.ts";
import { startServer, type TestServer } from "./helpers/server.ts";

let api: TestServer;
let whole: Graph;
beforeAll(async () => {
  api = await startServer({ RATE_LIMIT_PER_MINUTE: "100000" });
  whole = Graph.from((await api.get("/api/graph?limit=200000")).body);
});
afterAll(async () => {
  await api.close();
});

const FOCUS = "la-strada-international";
const graphOf = async (query: string) => {
  const res = await api.get(`/api/graph?limit=200000&${query}`);
  expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(200);
  return Graph.from(res.body);
};
const exported = async (query: string) => {
  const res = await fetch(`${api.url}/api/export?${query}`);
  const text = await res.text();
  expect(res.status, text.slice(0, 300)).toBe(200);
  return text;
};

describe("analyses follow the view", () => {
  it("counts the NGO scope as /api/graph answers it", async () => {
    const g = await graphOf("sector=NGO");
    expect(g.order).toBeGreaterThan(0);
    expect(g.order).toBeLessThan(whole.order);
    const summary = (await api.get("/api/analytics/summary?sector=NGO")).body;
    expect(summary.nodes).toBe(g.order);
    expect(summary.nodeCount).toBe(g.order);
    expect(summary.edgeCount).toBe(g.size);
    expect(summary.scope).toEqual({ sector: ["NGO"] });
  });

  it("narrows every analysis to an ego focus, as the explorer narrows its view", async () => {
    const expected = visibleElements(whole as never, { ...NO_FILTERS, focus: { id: FOCUS, depth: 2 } });
    expect(expected.nodes.size).toBeGreaterThan(10);
    expect(expected.nodes.size).toBeLessThan(whole.order);
    const g = await graphOf(`focus=${FOCUS}:2`);
    expect(new Set(g.nodes())).toEqual(expected.nodes);
    expect(g.size).toBe(expected.edges.size);
    for (const path of ["summary", "sectors", "communities", "brokerage", "centrality?metric=pagerank"]) {
      const res = await api.get(`/api/analytics/${path}${path.includes("?") ? "&" : "?"}focus=${FOCUS}:2`);
      expect(res.status, path).toBe(200);
      expect(res.body.nodeCount, path).toBe(expected.nodes.size);
      expect(res.body.edgeCount, path).toBe(expected.edges.size);
      expect(res.body.scope, path).toEqual({ focus: `${FOCUS}:2` });
    }
    const ranking = (await api.get(`/api/analytics/centrality?metric=degree&limit=100000&focus=${FOCUS}:2`)).body;
    expect(ranking.results.every((r: { id: string }) => expected.nodes.has(r.id))).toBe(true);
  });

  it("combines a filter, a focus and a minimum of ties", async () => {
    const f = { ...NO_FILTERS, sectors: ["NGO"], focus: { id: FOCUS, depth: 2 }, minDegree: 2 };
    const expected = visibleElements(whole as never, f);
    const g = await graphOf(`sector=NGO&focus=${FOCUS}:2&min=2`);
    expect(new Set(g.nodes())).toEqual(expected.nodes);
    const summary = (await api.get(`/api/analytics/summary?sector=NGO&focus=${FOCUS}:2&min=2`)).body;
    expect(summary.nodeCount).toBe(expected.nodes.size);
  });

  it("refuses a malformed or unknown focus, naming the parameter", async () => {
    const bad = await api.get("/api/analytics/summary?focus=unodc");
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain("focus");
    const unknown = await api.get("/api/analytics/summary?focus=no-such-actor:2");
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toContain("'focus'");
    const tooMany = await api.get(`/api/graph?node=${Array.from({ length: 401 }, (_, i) => `n${i}`).join(",")}`);
    expect(tooMany.status).toBe(400);
  });
});

describe("exports follow the view", () => {
  it("exports the ego network of La Strada International at depth 2, with the view in its metadata", async () => {
    const g = await graphOf(`focus=${FOCUS}:2`);
    const xml = await exported(`format=graphml&focus=${FOCUS}:2`);
    const file = parseGraphml(Graph, new DOMParser().parseFromString(xml, "application/xml") as never);
    expect(file.order).toBe(g.order);
    expect(file.size).toBe(g.size);
    expect(file.order).toBeLessThan(whole.order);
    const json = JSON.parse(await exported(`format=json&focus=${FOCUS}:2`));
    expect(json.nodes.length).toBe(g.order);
    expect(json.attributes.selection.filters).toEqual({ focus: `${FOCUS}:2` });
    expect(json.attributes.selection.description).toBe("2 steps around La Strada International");
    expect(json.attributes.selection.nodes).toBe(g.order);
    expect(json.attributes.link).toContain(`focus=${FOCUS}`);
    // Citations list only the sources of what is exported.
    const all = await exported("format=csl-json");
    const ego = await exported(`format=csl-json&focus=${FOCUS}:2`);
    expect(JSON.parse(ego).length).toBeGreaterThan(0);
    expect(JSON.parse(ego).length).toBeLessThan(JSON.parse(all).length);
  });

  it("exports a shown path's nodes, named explicitly, and the ties among them", async () => {
    const neighbours = whole.neighbors(FOCUS).slice(0, 3);
    const ids = [FOCUS, ...neighbours];
    const json = JSON.parse(await exported(`format=json&node=${ids.join(",")}`));
    expect(new Set(json.nodes.map((n: { key: string }) => n.key))).toEqual(new Set(ids));
    expect(json.edges.length).toBeGreaterThanOrEqual(3);
    expect(json.attributes.selection.description).toBe("the 4 nodes highlighted");
    const summary = (await api.get(`/api/analytics/summary?node=${ids.join(",")}`)).body;
    expect(summary.nodeCount).toBe(4);
    const unknown = await fetch(`${api.url}/api/export?format=json&node=${FOCUS},no-such-actor`);
    expect(unknown.status).toBe(404);
  });
});

describe("paths carry their sources", () => {
  it("gives each tie of a shortest path its source URLs", async () => {
    const other = whole
      .neighbors(whole.neighbors(FOCUS)[0]!)
      .find((n) => n !== FOCUS && !whole.areNeighbors(FOCUS, n))!;
    const res = await api.get(`/api/paths?from=${FOCUS}&to=${other}`);
    expect(res.status).toBe(200);
    expect(res.body.edges.length).toBeGreaterThan(0);
    for (const e of res.body.edges) {
      expect(Array.isArray(e.attributes.sources)).toBe(true);
      expect(e.attributes.sources[0]).toMatch(/^https?:\/\//);
    }
  });
});
