/** The view's URL carries a path request; an ego network is laid out by step distance. Pure functions. */
import Graph from "graphology";
import { describe, expect, it } from "vitest";
import { egoPositions, stepDistances } from "../../client/src/graph/ego-layout.ts";
import { DEFAULT_STATE, decodeState, encodeState, type ViewState } from "../../client/src/url-state.ts";

describe("URL state: shortest paths", () => {
  it("round-trips a path request (from, to, at most how many steps) with the rest of the view", () => {
    const state: ViewState = {
      ...DEFAULT_STATE,
      selected: "unodc",
      path: { from: "unodc", to: "la-strada-international", maxHops: 3 },
    };
    const query = encodeState(state);
    expect(query).toContain("path=unodc:la-strada-international:3");
    expect(decodeState(query)).toEqual(state);
  });

  it("drops a malformed path request rather than breaking the page", () => {
    for (const bad of ["path=unodc", "path=unodc:ilo:9", "path=unodc:ilo:0", "path=UNODC:ilo:3", "path=ilo:ilo:2"])
      expect(decodeState(`?${bad}`).path).toBeUndefined();
    // The default actor graph is written as view=graph only (a bare address opens the cluster overview).
    expect(encodeState(DEFAULT_STATE)).toBe("?view=graph");
  });
});

describe("ego layout", () => {
  // a - b - c - d, and a - e
  const g = new Graph({ type: "directed", multi: true });
  for (const n of ["a", "b", "c", "d", "e"]) g.addNode(n, { label: n, x: 0, y: 0 });
  g.addEdgeWithKey("ab", "a", "b");
  g.addEdgeWithKey("bc", "c", "b");
  g.addEdgeWithKey("cd", "c", "d");
  g.addEdgeWithKey("ae", "e", "a");

  it("counts steps from the focus over the given ties, either direction", () => {
    const { depth } = stepDistances(g, "a", new Set(g.nodes()), g.edges());
    expect(Object.fromEntries(depth)).toEqual({ a: 0, b: 1, e: 1, c: 2, d: 3 });
  });

  it("puts the focus in the middle and each further step farther out, within the radius", () => {
    const nodes = new Set(["a", "b", "c", "e"]);
    const pos = egoPositions(g, "a", nodes, ["ab", "bc", "ae"], { x: 10, y: 20 }, 4);
    expect(Object.keys(pos).sort()).toEqual(["a", "b", "c", "e"]);
    expect(pos.a).toEqual({ x: 10, y: 20 });
    const r = (n: string) => Math.hypot(pos[n]!.x - 10, pos[n]!.y - 20);
    expect(r("b")).toBeCloseTo(r("e"), 9);
    expect(r("c")).toBeGreaterThan(r("b"));
    expect(r("c")).toBeLessThanOrEqual(4 + 1e-9);
    // Deterministic.
    expect(egoPositions(g, "a", nodes, ["ab", "bc", "ae"], { x: 10, y: 20 }, 4)).toEqual(pos);
  });
});
