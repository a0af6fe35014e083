/**
 * Group views beyond clusters, pure parts: the sector and region groupings of a small hand-made network (sizes,
 * order, E-I index, modularity, bundles by sector pair, the 'No location' group), the bundles split into strands,
 * and the grouping and split switch in the URL.
 */
import Graph from "graphology";
import { describe, expect, it } from "vitest";
import { groupOverview } from "../../server/features/analytics/groups.ts";
import type { Selection, Snapshot } from "../../server/features/analytics/snapshot.ts";
import { NO_SECTOR } from "../../server/features/analytics/compact.ts";
import { SECTORS } from "../../server/core/model.ts";
import { addBundles, strands } from "../../client/src/views/group-bundles.ts";
import { DEFAULT_STATE, decodeState, encodeState } from "../../client/src/url-state.ts";
import { transitions as T, NO_HIGHLIGHT } from "../../client/src/state/view.ts";

/**
 * Two NGOs in South-eastern Asia, a government in Northern Europe, a government without a country, a partnership;
 * ties n1-n2, n1-g1, n2-g2, n1-p1, g1-p1, g2-p1.
 */
function network(): { s: Snapshot; sel: Selection } {
  const dict = new Map([
    ["Asia", 0],
    ["South-eastern Asia", 1],
    ["Europe", 2],
    ["Northern Europe", 3],
    ["TH", 4],
    ["SE", 5],
  ]);
  const nodes = [
    { id: "n1", sector: "NGO", country: 4, region: 0, sub: 1 },
    { id: "n2", sector: "NGO", country: 4, region: 0, sub: 1 },
    { id: "g1", sector: "Government", country: 5, region: 2, sub: 3 },
    { id: "g2", sector: "Government", country: -1, region: -1, sub: -1 },
    { id: "p1", sector: null, country: -1, region: -1, sub: -1 },
  ];
  const ties = [
    [0, 1],
    [0, 2],
    [1, 3],
    [0, 4],
    [2, 4],
    [3, 4],
  ];
  const n = nodes.length;
  const s = {
    n,
    ids: nodes.map((x) => x.id),
    names: nodes.map((x) => x.id.toUpperCase()),
    partnership: Uint8Array.from(nodes, (x) => (x.sector ? 0 : 1)),
    sector: Uint8Array.from(nodes, (x) => (x.sector ? SECTORS.indexOf(x.sector as never) : NO_SECTOR)),
    country: Int32Array.from(nodes, (x) => x.country),
    region: Int32Array.from(nodes, (x) => x.region),
    subregion: Int32Array.from(nodes, (x) => x.sub),
    issueStart: new Int32Array(n + 1),
    issues: new Int32Array(0),
    dict,
    m: ties.length,
    source: Int32Array.from(ties, (t) => t[0]!),
    target: Int32Array.from(ties, (t) => t[1]!),
    type: new Uint8Array(ties.length),
  } as unknown as Snapshot;
  const sel = {
    nodes: Int32Array.from(nodes, (_x, i) => i),
    ties: Int32Array.from(ties, (_t, e) => e),
    truncated: false,
  } as unknown as Selection;
  return { s, sel };
}
const opts = { limit: 30, open: null, issueNames: new Map<string, string>() };

describe("sector grouping", () => {
  const { s, sel } = network();
  const o = groupOverview(s, sel, "sector", opts);

  it("makes one group per sector, largest first (ties by first member id), partnerships on their own", () => {
    expect(o.clusters.map((c) => [c.id, c.label, c.size])).toEqual([
      [1, "Government", 2],
      [2, "NGO", 2],
      [3, "Partnerships", 1],
    ]);
    expect(o.assignment.get("g2")).toBe(1);
    expect(o.assignment.get("p1")).toBe(3);
  });

  it("gives a sector group the sector's E-I index: ties leaving it against ties inside it", () => {
    const [gov, ngo, part] = o.clusters;
    expect([ngo!.internalTies, ngo!.externalTies, ngo!.ei]).toEqual([1, 3, 0.5]);
    expect([gov!.internalTies, gov!.externalTies, gov!.ei]).toEqual([0, 4, 1]);
    expect(part!.ei).toBe(1);
    expect(ngo!.rule).toBe("The 2 actors of the sector NGO in the view; 3 of its 4 ties (75%) leave the group.");
  });

  it("counts the ties between groups by sector pair, and the grouping's modularity", () => {
    const between = o.ties.find((t) => t.source === 1 && t.target === 2)!;
    expect(between).toMatchObject({ ties: 2, crossSector: 2, bySector: { "Government|NGO": 2 } });
    expect(o.modularity).toBeCloseTo(1 / 6 - (25 + 16 + 9) / 144, 12);
  });

  it("opens a group with its members and their brokerage to other groups", () => {
    const opened = groupOverview(s, sel, "sector", { ...opts, open: 2 }).opened!;
    expect(opened.label).toBe("NGO");
    expect(opened.nodes.map((x) => x.id).sort()).toEqual(["n1", "n2"]);
    expect(opened.edges).toHaveLength(1);
    expect(opened.nodes.find((x) => x.id === "n1")!.broker).toBe(true);
    // Opened later from the overview made without it: the same group, named the same.
    expect(o.openGroup(2)).toEqual(opened);
    expect(o.openGroup(3)!.label).toBe("Partnerships");
    expect(o.openGroup(4)).toBeNull();
    expect(o.openGroup(0)).toBeNull();
  });
});

describe("region grouping", () => {
  const { s, sel } = network();
  const o = groupOverview(s, sel, "region", opts);

  it("groups actors by the sub-region of their country, the others under 'No location'", () => {
    expect(o.clusters.map((c) => [c.label, c.size])).toEqual([
      ["South-eastern Asia", 2],
      ["Northern Europe", 1],
      ["No location", 1],
      ["Partnerships", 1],
    ]);
    expect(o.clusters[2]!.rule).toMatch(/^The 1 actors without a country/);
    const toNowhere = o.ties.find((t) => t.source === 1 && t.target === 3)!;
    expect(toNowhere.bySector).toEqual({ "Government|NGO": 1 });
    const toPartnership = o.ties.find((t) => t.source === 1 && t.target === 4)!;
    expect(toPartnership.bySector).toEqual({ "NGO|Partnership": 1 });
  });
});

describe("bundles split by sector pair", () => {
  const tie = {
    source: 1,
    target: 2,
    ties: 9,
    crossSector: 5,
    bySector: { "NGO|NGO": 3, "Government|NGO": 5, "NGO|Partnership": 1 },
  };

  it("lists a bundle's strands, most ties first; only the cross-sector ones when asked", () => {
    expect(strands(tie, false).map((x) => [x.pair, x.ties])).toEqual([
      ["Government|NGO", 5],
      ["NGO|NGO", 3],
      ["NGO|Partnership", 1],
    ]);
    expect(strands(tie, true).map((x) => x.pair)).toEqual(["Government|NGO"]);
  });

  it("draws one curved strand per pair, fanned around the straight line, their ties adding up to the bundle's", () => {
    const g = new Graph({ type: "undirected", multi: true });
    g.addNode("1");
    g.addNode("2");
    const style = { crossOnly: false, tieColor: "#aaaaaa", crossColor: "#d95f02" };
    addBundles(g, [tie], { ...style, split: true });
    expect(g.size).toBe(3);
    const edges = g.mapEdges((_e, a) => a);
    expect(edges.reduce((sum, a) => sum + a.ties, 0)).toBe(9);
    expect(edges.every((a) => a.type === "curved" && a.weight === 9)).toBe(true);
    // The widest strand in the middle, the others on either side.
    const curvatures = edges.map((a) => a.curvature).sort((a, b) => a - b);
    expect(curvatures[0]).toBeLessThan(0);
    expect(Math.abs(curvatures[1]!)).toBeLessThan(0.001);
    expect(curvatures[2]).toBeGreaterThan(0);
    // Same-sector strands in the sector's colour, cross-sector ones in a blend.
    expect(edges.find((a) => a.pair === "NGO|NGO")!.color).toBe("#117733");
    expect(edges.find((a) => a.pair === "Government|NGO")!.color).toBe("#4da291");

    const whole = new Graph({ type: "undirected", multi: true });
    whole.addNode("1");
    whole.addNode("2");
    addBundles(whole, [tie], { ...style, split: false });
    expect(whole.mapEdges((_e, a) => [a.ties, a.type])).toEqual([[9, undefined]]);
  });
});

describe("grouping in the URL", () => {
  it("round-trips the grouping and the split switch, and leaves them out by default", () => {
    const state = { ...DEFAULT_STATE, view: "clusters" as const, grouping: "region" as const, split: true, cluster: 2 };
    const search = encodeState(state);
    expect(search).toContain("grp=region");
    expect(search).toContain("sp=1");
    expect(decodeState(search)).toEqual(state);
    expect(encodeState({ ...DEFAULT_STATE, view: "clusters" })).not.toMatch(/grp=|sp=/);
    expect(decodeState("?view=clusters&grp=continent&sp=yes")).toMatchObject({ grouping: undefined, split: undefined });
  });

  it("switching the grouping closes an opened group; clusters are the default", () => {
    const s = { view: { ...DEFAULT_STATE, view: "clusters" as const, cluster: 3 }, highlight: NO_HIGHLIGHT };
    const bySector = T.setGrouping(s, "sector");
    expect(bySector.view).toMatchObject({ grouping: "sector", cluster: undefined, view: "clusters" });
    expect(T.setGrouping(bySector, "cluster").view.grouping).toBeUndefined();
    expect(T.setSplit(s, false).view.split).toBeUndefined();
  });
});
