/**
 * The opened group's layout off the main thread (client/src/views/group-layout.ts) gives exactly the places of
 * graphology's synchronous ForceAtlas2, whatever the batches, and the benchmark picks the group it opens by size.
 */
import Graph from "graphology";
import forceAtlas2 from "graphology-layout-forceatlas2";
import { describe, expect, it } from "vitest";
import { groupNearest } from "../../bench/nearest.ts";
import {
  applyPlaces,
  layoutMatrices,
  placesOf,
  runLayout,
  type LayoutStep,
} from "../../client/src/views/group-layout.ts";
import { spiralPoint } from "../../shared/appearance.ts";

/** A seeded network of `n` members on the spiral the opened group starts from, with parallel ties. */
function network(n: number, seed = 7): Graph {
  const g = new Graph({ type: "undirected", multi: true });
  let r = seed;
  const rand = () => (r = (r * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let i = 0; i < n; i++) g.addNode(`a${i}`, { ...spiralPoint(i, 10), size: 3 + Math.floor(rand() * 10) });
  for (let i = 1; i < n; i++) g.addEdge(`a${i}`, `a${Math.floor(rand() * i)}`);
  for (let k = 0; k < n; k++) g.addEdge(`a${Math.floor(rand() * n)}`, `a${Math.floor(rand() * n)}`);
  return g;
}

const places = (g: Graph) => g.mapNodes((_n, a) => [a.x as number, a.y as number]);

describe("opened group layout", () => {
  for (const [n, barnesHut] of [
    [120, false],
    [900, true],
  ] as const)
    it(`gives the places of the synchronous ForceAtlas2, batch by batch (${n} members, Barnes-Hut ${barnesHut})`, () => {
      const settings = { ...forceAtlas2.inferSettings(n), barnesHutOptimize: barnesHut };
      const sync = network(n);
      forceAtlas2.assign(sync, { iterations: 60, settings });
      const g = network(n);
      const steps: LayoutStep[] = [];
      runLayout({ ...layoutMatrices(g), settings, iterations: 60, batch: 25 }, (s) => steps.push(s));
      expect(steps.map((s) => [s.iterations, s.done])).toEqual([
        [25, false],
        [50, false],
        [60, true],
      ]);
      // Each batch moves the picture; the last is the synchronous layout's, to the float.
      expect(steps[0]!.positions).not.toEqual(steps[1]!.positions);
      applyPlaces(g, steps.at(-1)!.positions);
      expect(places(g)).toEqual(places(sync));
      // And the same again: nothing in it depends on time or chance.
      const again = network(n);
      runLayout({ ...layoutMatrices(again), settings, iterations: 60, batch: 7 }, (s) => {
        if (s.done) applyPlaces(again, s.positions);
      });
      expect(places(again)).toEqual(places(sync));
    });

  it("builds ForceAtlas2's matrices as the library does: mass one plus the ties, sizes, places", () => {
    const g = new Graph({ type: "undirected", multi: true });
    g.addNode("a", { x: 1, y: 2, size: 5 });
    g.addNode("b", { x: -3, y: 4 });
    g.addEdge("a", "b");
    g.addEdge("a", "b");
    const { nodes, edges } = layoutMatrices(g);
    expect(Array.from(nodes)).toEqual([1, 2, 0, 0, 0, 0, 3, 1, 5, 0, -3, 4, 0, 0, 0, 0, 3, 1, 1, 0]);
    expect(Array.from(edges)).toEqual([0, 10, 1, 0, 10, 1]);
    expect(Array.from(placesOf(nodes))).toEqual([1, 2, -3, 4]);
  });
});

describe("the group the client benchmark opens", () => {
  const groups = [
    { id: 1, size: 18_903 },
    { id: 2, size: 5_808 },
    { id: 3, size: 4_146 },
    { id: 4, size: 4_192 },
  ];
  it("is the largest, or the one nearest the size asked for (the lower id between equals)", () => {
    expect(groupNearest(groups, null).id).toBe(1);
    expect(groupNearest(groups, 5_000).id).toBe(2);
    expect(groupNearest(groups, 4_169).id).toBe(3);
    expect(() => groupNearest([], 5_000)).toThrow(/no group/);
  });
});
