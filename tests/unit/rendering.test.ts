import Graph from "graphology";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_APPEARANCE,
  drawEdge,
  drawNode,
  hoverLabels,
  landmarks,
  sizeScale,
  type DrawContext,
} from "../../client/src/graph/appearance.ts";
import {
  DEFAULT_RENDER_SETTINGS,
  resolveRenderSettings,
  squareScale,
  zoomToSizeRatio,
} from "../../client/src/renderer/settings.ts";
import { NO_HIGHLIGHT } from "../../client/src/state/view.ts";

/** A partnership with 40 members of degrees 1..40 (each member also tied to that many others). */
function star(): Graph {
  const g = new Graph();
  g.addNode("p", { label: "Partnership", entity: "Partnership", degree: 40 });
  for (let i = 1; i <= 40; i++) {
    g.addNode(`m${i}`, { label: `Member ${i}`, entity: "Actor", sector: "NGO", degree: i });
    g.addEdge("p", `m${i}`, { type: "MEMBER_OF" });
  }
  return g;
}

/** Nothing hovered, selected or sampled; sizes by degree. */
const AT_REST = { drawn: null, highlight: NO_HIGHLIGHT, selected: undefined, large: false } as const;

function context(g: Graph, over: Partial<DrawContext> = {}): DrawContext {
  const sizeMax = sizeScale(g, DEFAULT_APPEARANCE);
  const visible = { nodes: new Set(g.nodes()), edges: new Set(g.edges()) };
  return { ...AT_REST, graph: g, visible, sizeMax, appearance: DEFAULT_APPEARANCE, edgeProgram: "arrow", ...over };
}

describe("node sizes when zooming", () => {
  it("grows nodes at most the cap zoomed in and shrinks them as sigma does zoomed out", () => {
    const f = zoomToSizeRatio(1.5);
    // Sizes are divided by the function: growth is 1 / f(ratio).
    expect(1 / f(1)).toBe(1);
    expect(1 / f(0.5)).toBeCloseTo(Math.SQRT2);
    expect(1 / f(0.2)).toBeCloseTo(1.5);
    expect(1 / f(0.01)).toBeCloseTo(1.5);
    expect(f(4)).toBe(2);
  });
  it("draws partnership squares smaller on larger networks", () => {
    const s = DEFAULT_RENDER_SETTINGS;
    expect(squareScale(200, s)).toBe(1);
    expect(squareScale(1445, s)).toBeLessThan(1);
    expect(squareScale(1445, s)).toBeGreaterThan(s.largeSquareScale);
    expect(squareScale(10_500, s)).toBe(s.largeSquareScale);
    const g = star();
    const looks = { hoverLabelCap: 30, squareScale: 0.5, landmarkLabels: 12 };
    const full = drawNode("p", { ...g.getNodeAttributes("p") }, context(g));
    expect(drawNode("p", { ...g.getNodeAttributes("p") }, context(g), looks).size).toBeCloseTo(full.size / 2);
  });
  it("refuses settings out of range, naming them", () => {
    expect(() => resolveRenderSettings({ maxNodeGrowth: 0.5 })).toThrow(/maxNodeGrowth/);
    expect(() => resolveRenderSettings({ largeSquareScale: 0 })).toThrow(/largeSquareScale/);
    expect(() => resolveRenderSettings({ hoverLabelCap: 0 })).toThrow(/hoverLabelCap/);
    expect(() => resolveRenderSettings({ landmarkLabels: 2.5 })).toThrow(/landmarkLabels/);
  });
});

describe("the view's landmarks", () => {
  const g = star();
  const looks = { hoverLabelCap: 30, squareScale: 1, landmarkLabels: 4 };
  it("offer a label to the visible nodes of highest priority, however small, without forcing it", () => {
    // Only the small members are left: the partnership (the largest) is filtered out.
    const small = new Set(["m1", "m2", "m3", "m4", "m5", "m6", "m7"]);
    const c = context(g, { visible: { nodes: small, edges: new Set() } });
    expect([...landmarks(c, { landmarkLabels: 4, squareScale: 1 })].sort()).toEqual(["m4", "m5", "m6", "m7"]);
    const m7 = drawNode("m7", { ...g.getNodeAttributes("m7") }, c, looks);
    expect(m7.forceLabel).toBe(true);
    expect(m7.landmark).toBe(true);
    expect(drawNode("m3", { ...g.getNodeAttributes("m3") }, c, looks).forceLabel).toBeUndefined();
    // Selected, a landmark's label is the researcher's: forced, not a landmark's.
    const chosen = drawNode("m7", { ...g.getNodeAttributes("m7") }, { ...c, selected: "m7" }, looks);
    expect(chosen.forceLabel).toBe(true);
    expect(chosen.landmark).toBe(false);
  });
  it("are the nodes drawn largest: a partnership's square at its scale", () => {
    // The partnership has the highest degree, but drawn at half its size it is smaller than the top members.
    const c = context(g);
    expect(landmarks(c, { landmarkLabels: 2, squareScale: 1 }).has("p")).toBe(true);
    expect([...landmarks(c, { landmarkLabels: 2, squareScale: 0.5 })].sort()).toEqual(["m39", "m40"]);
  });
  it("follow the size measure, and break ties by id", () => {
    const values = { m1: 9, m2: 9, m3: 1, p: 0 };
    const c = context(g, { appearance: { sizeValues: values, clusters: null } });
    expect([...landmarks(c, { landmarkLabels: 2, squareScale: 1 })].sort()).toEqual(["m1", "m2"]);
    // Fewer visible nodes than landmarks: all of them.
    const two = context(g, { visible: { nodes: new Set(["m3", "p"]), edges: new Set() } });
    expect([...landmarks(two, { landmarkLabels: 4, squareScale: 1 })].sort()).toEqual(["m3", "p"]);
    // Against a full sort, on every count.
    const all = context(g);
    const ranked = g
      .nodes()
      .sort((a, b) => g.getNodeAttribute(b, "degree") - g.getNodeAttribute(a, "degree") || (a < b ? -1 : 1));
    for (const k of [1, 5, 17, 41])
      expect([...landmarks(all, { landmarkLabels: k, squareScale: 1 })].sort()).toEqual(ranked.slice(0, k).sort());
  });
});

describe("labels a hover turns on", () => {
  const g = star();
  const hovered = context(g, {
    highlight: { ...NO_HIGHLIGHT, hovered: "p", hoverNeighbours: new Set(["p", ...g.neighbors("p")]) },
  });
  it("labels the hovered node and its neighbours of highest priority, the cap in all", () => {
    const labelled = hoverLabels(hovered, 10);
    expect(labelled.size).toBe(10);
    expect(labelled.has("p")).toBe(true);
    expect([...labelled].filter((n) => n !== "p").sort()).toEqual(
      ["m40", "m39", "m38", "m37", "m36", "m35", "m34", "m33", "m32"].sort(),
    );
  });
  it("forces those labels and takes the label of the other neighbours while the hover lasts", () => {
    const looks = { hoverLabelCap: 10, squareScale: 1, landmarkLabels: 3 };
    const draw = (n: string, c = hovered) => drawNode(n, { ...g.getNodeAttributes(n) }, c, looks);
    expect(draw("m40").forceLabel).toBe(true);
    expect(draw("m1").label).toBeNull();
    expect(draw("m1").forceLabel).toBeUndefined();
    // Selected, a node keeps its label whatever its rank.
    expect(draw("m1", { ...hovered, selected: "m1" }).label).toBe("Member 1");
    // On large networks the neighbours are highlighted, their labels placed with the others.
    const large = draw("m40", { ...hovered, large: true });
    expect(large.highlighted).toBe(true);
    expect(large.haloOnly).toBe(true);
    expect(draw("p", { ...hovered, large: true }).haloOnly).toBeUndefined();
  });
});

describe("the graph view's reducers before Sigma exists", () => {
  it("name the drawing programs of a large network (Sigma's constructor draws the first frame through them)", async () => {
    // Sigma's modules refer to the WebGL contexts' classes when loaded; nothing here draws.
    const g = globalThis as Record<string, unknown>;
    g.WebGL2RenderingContext ??= class {};
    g.WebGLRenderingContext ??= class {};
    const { GraphView } = await import("../../client/src/views/graph-view.ts");
    const { createStore } = await import("../../client/src/state/store.ts");
    const { decodeState } = await import("../../client/src/url-state.ts");
    const settings = resolveRenderSettings({ largeOrder: 50, lineEdgesAbove: 100 });
    const graph = new Graph({ multi: true });
    for (let i = 0; i < 60; i++) graph.addNode(`n${i}`, { x: i, y: i % 7, sector: "NGO", entity: "Actor", degree: 4 });
    for (let i = 0; i < 120; i++) graph.addEdge(`n${i % 60}`, `n${(i * 7 + 1) % 60}`, { type: "PARTNERS_WITH" });
    const view = new GraphView(graph, createStore({ view: decodeState(""), highlight: NO_HIGHLIGHT }), settings);
    view.derive();
    // What the reducers read is what Sigma is told to draw with: plain lines, points for actors.
    const ctx = (view as unknown as { context: () => DrawContext }).context();
    expect({ edgeProgram: ctx.edgeProgram, large: ctx.large }).toEqual({ edgeProgram: "line", large: true });
    const edge = graph.edges()[0]!;
    expect(drawEdge(edge, { ...graph.getEdgeAttributes(edge) }, ctx).type).toBe("line");
  });
});
