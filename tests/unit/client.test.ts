import Graph from "graphology";
import { describe, expect, it } from "vitest";
import { csvCell, directoryRows, sortRows, toCsv } from "../../client/src/views/directory.ts";
import type { CameraState } from "sigma/types";
import { cameraTransform } from "../../client/src/renderer/camera-preview.ts";
import { EdgeSampler } from "../../client/src/graph/sampling.ts";
import { NO_FILTERS, visibleElements } from "../../shared/filters.ts";
import { buildGraph } from "../../client/src/graph/build.ts";
import {
  MAX_LABEL,
  shortLabel,
  baseNode,
  DEFAULT_APPEARANCE,
  DIM_EDGE,
  DIM_NODE,
  drawEdge,
  drawNode,
  sizeScale,
  type DrawContext,
} from "../../client/src/graph/appearance.ts";
import { html, table } from "../../client/src/html.ts";
import { DEFAULT_RENDER_SETTINGS, resolveRenderSettings } from "../../client/src/renderer/settings.ts";
import { createStore } from "../../client/src/state/store.ts";
import { NO_HIGHLIGHT, transitions as T, type ExplorerState } from "../../client/src/state/view.ts";
import { SECTOR_COLORS } from "../../shared/palette.ts";
import { DEFAULT_STATE, decodeState, encodeState } from "../../client/src/url-state.ts";
import { toColumnar, type SerializedGraph } from "../../shared/wire.ts";

const data: SerializedGraph = {
  attributes: {},
  options: { type: "directed", multi: true, allowSelfLoops: false },
  nodes: [
    {
      key: "ngo-fr",
      attributes: {
        label: "NGO France",
        entity: "Actor",
        sector: "NGO",
        country: "FRA",
        region: "Europe",
        issues: ["forced-labour"],
        degree: 2,
      },
    },
    {
      key: "gov-th",
      attributes: {
        label: "Gov Thailand",
        entity: "Actor",
        sector: "Government",
        country: "THA",
        region: "Asia",
        issues: [],
        degree: 2,
        x: 5,
        y: 6,
      },
    },
    {
      key: "fund",
      attributes: {
        label: "Fund",
        entity: "Actor",
        sector: "Funder",
        country: "USA",
        region: "Americas",
        issues: [],
        degree: 1,
      },
    },
    { key: "net", attributes: { label: "Network", entity: "Partnership", partnershipKind: "network", degree: 2 } },
    {
      key: "alone",
      attributes: {
        label: "Alone",
        entity: "Actor",
        sector: "NGO",
        country: "DEU",
        region: "Europe",
        issues: [],
        degree: 0,
      },
    },
  ],
  edges: [
    { key: "e1", source: "ngo-fr", target: "net", attributes: { type: "MEMBER_OF", since: 2010 } },
    { key: "e2", source: "gov-th", target: "net", attributes: { type: "MEMBER_OF", since: 2018 } },
    { key: "e3", source: "fund", target: "ngo-fr", attributes: { type: "FUNDS", since: 2012, until: 2014 } },
    { key: "e4", source: "gov-th", target: "ngo-fr", attributes: { type: "PARTNERS_WITH" } },
  ],
};

describe("buildGraph", () => {
  const g = buildGraph(data);
  it("keeps server positions and gives every other node numeric x/y", () => {
    expect(g.getNodeAttributes("gov-th")).toMatchObject({ x: 5, y: 6 });
    g.forEachNode((_k, a) => {
      expect(Number.isFinite(a.x)).toBe(true);
      expect(Number.isFinite(a.y)).toBe(true);
    });
  });
  it("keeps the API's attributes and writes no appearance into the graph", () => {
    expect(g.getNodeAttributes("ngo-fr")).toMatchObject({ label: "NGO France", sector: "NGO", degree: 2 });
    g.forEachNode((_k, a) => {
      for (const key of ["color", "size", "type", "fullName"]) expect(a).not.toHaveProperty(key);
    });
    g.forEachEdge((_k, a) => expect(a).not.toHaveProperty("color"));
  });
});

describe("appearance, derived in the reducers", () => {
  const g = buildGraph(data);
  const ctx = (over: Partial<DrawContext> = {}): DrawContext => ({
    graph: g,
    visible: visibleElements(g, NO_FILTERS),
    drawn: null,
    highlight: NO_HIGHLIGHT,
    selected: undefined,
    appearance: DEFAULT_APPEARANCE,
    sizeMax: sizeScale(g, DEFAULT_APPEARANCE),
    large: false,
    edgeProgram: "arrow",
    ...over,
  });
  const node = (n: string, c = ctx()) => drawNode(n, { ...g.getNodeAttributes(n) }, c);
  it("draws partnerships as squares, colours actors by sector and sizes them by degree", () => {
    expect(node("net").type).toBe("square");
    expect(node("ngo-fr").color).toBe(SECTOR_COLORS.NGO);
    expect(node("ngo-fr").color).not.toBe(node("gov-th").color);
    expect(node("ngo-fr").size).toBeGreaterThan(node("alone").size);
  });
  it("colours by cluster and sizes by a measure when the appearance says so, leaving the graph alone", () => {
    const appearance = { sizeValues: { alone: 10, "ngo-fr": 1 }, clusters: { "ngo-fr": 1, "gov-th": 1 } };
    const c = ctx({ appearance, sizeMax: sizeScale(g, appearance) });
    expect(node("ngo-fr", c).color).toBe(node("gov-th", c).color);
    expect(node("alone", c).size).toBeGreaterThan(node("ngo-fr", c).size);
    expect(g.getNodeAttributes("alone")).not.toHaveProperty("size");
  });
  it("hides what the filters hide, dims what a path leaves out and labels long names by acronym", () => {
    const c = ctx({ visible: visibleElements(g, { ...NO_FILTERS, sectors: ["NGO"] }) });
    expect(node("gov-th", c).hidden).toBe(true);
    const path = ctx({ highlight: { ...NO_HIGHLIGHT, path: new Set(["ngo-fr", "net"]) } });
    expect(node("gov-th", path).color).toBe(DIM_NODE);
    expect(node("ngo-fr", path).forceLabel).toBe(true);
    expect(drawEdge("e2", { ...g.getEdgeAttributes("e2") }, path).color).toBe(DIM_EDGE);
    expect(drawEdge("e1", { ...g.getEdgeAttributes("e1") }, path).type).toBe("arrow");
    const long = baseNode("x", { label: "A very long organization name beyond the limit", acronym: "AVL" }, ctx(), {});
    expect(long.label).toBe("AVL");
    // Without an acronym, a name past 40 characters is cut at a word, with an ellipsis.
    const name = "US Department of State Office to Monitor and Combat Trafficking in Persons";
    const cut = baseNode("x", { label: name }, ctx(), {}).label as string;
    expect(cut).toBe("US Department of State Office to…");
    expect(cut.length).toBeLessThanOrEqual(MAX_LABEL);
    expect(baseNode("x", { label: "Coalition Against Trafficking in Women" }, ctx(), {}).label).toBe(
      "Coalition Against Trafficking in Women",
    );
    expect(shortLabel("Anti-Trafficking-Coordination-Unit-Northern-Thailand-and-Beyond")).toMatch(/^.{39}…$/);
  });
});

describe("the view state's transitions", () => {
  const start: ExplorerState = { view: DEFAULT_STATE, highlight: NO_HIGHLIGHT };
  it("return a new state and leave their input alone", () => {
    const frozen = structuredClone(start.view);
    const next = T.setFilters(start, { sectors: ["NGO"] });
    expect(next.view.filters.sectors).toEqual(["NGO"]);
    expect(start.view).toEqual(frozen);
    expect(T.select(T.showPath(next, ["a"]), "a")).toMatchObject({
      view: { selected: "a" },
      highlight: { path: null },
    });
    expect(T.reset().view).toEqual(DEFAULT_STATE);
  });
  it("tell subscribers of changes only, with the state before", () => {
    const store = createStore(start);
    const seen: [string[], string[]][] = [];
    store.subscribe((s, prev) => seen.push([s.view.filters.sectors, prev.view.filters.sectors]));
    store.update((s) => T.setFilters(s, { sectors: ["IGO"] }));
    store.update((s) => s);
    store.update((s) => T.hover(s, null));
    expect(seen).toEqual([[["IGO"], []]]);
  });
});

describe("renderer settings", () => {
  it("merge over the defaults and refuse what cannot work, naming the setting", () => {
    expect(resolveRenderSettings({ edgeBudget: 600 })).toEqual({ ...DEFAULT_RENDER_SETTINGS, edgeBudget: 600 });
    expect(() => resolveRenderSettings({ edgeBudget: 0 })).toThrow(/'edgeBudget' must be a positive integer/);
    expect(() => resolveRenderSettings({ labelDensity: -1 })).toThrow(/'labelDensity'/);
  });
});

describe("the html template", () => {
  it("builds tables with escaped headers around its row fragments", () => {
    const out = table(
      ["<b>", "n"],
      [
        html`<tr>
          <td>${"x"}</td>
        </tr>`,
      ],
      { id: "t" },
    ).text.replace(/\s+/g, "");
    expect(out).toBe(
      '<tableid="t"><thead><tr><th>&lt;b&gt;</th><th>n</th></tr></thead><tbody><tr><td>x</td></tr></tbody></table>',
    );
  });
  it("escapes every value and keeps its own fragments", () => {
    const name = `<img src=x onerror="alert(1)">`;
    const out = html`<li title="${name}">${name}${html`<b>${"&"}</b>`}${["<", html`<i></i>`]}</li>`.text;
    expect(out).toBe(
      '<li title="&lt;img src=x onerror=&quot;alert(1)&quot;&gt;">&lt;img src=x onerror=&quot;alert(1)&quot;&gt;<b>&amp;</b>&lt;<i></i></li>',
    );
  });
});

describe("buildGraph from the columnar payload", () => {
  const options = { type: "directed", multi: true, allowSelfLoops: false } as const;
  it("gives the same graph as the serialization format", () => {
    const columns = JSON.parse(JSON.stringify(toColumnar({ ...data, options })));
    expect(buildGraph(columns).export()).toEqual(buildGraph(data).export());
  });
  it("rebuilds edge keys of the form source-TYPE->target", () => {
    const keyed = {
      ...data,
      options,
      edges: data.edges.map((e) => ({ ...e, key: `${e.source}-${e.attributes.type}->${e.target}` })),
    };
    const columns = toColumnar(keyed);
    expect(columns.edges.keys).toBeUndefined();
    expect(buildGraph(columns).export()).toEqual(buildGraph(keyed).export());
    expect(buildGraph(columns).hasEdge("fund-FUNDS->ngo-fr")).toBe(true);
  });
});

describe("visibleElements", () => {
  const g = buildGraph(data);
  it("shows everything without filters", () => {
    const v = visibleElements(g, NO_FILTERS);
    expect(v.nodes.size).toBe(5);
    expect(v.edges.size).toBe(4);
  });
  it("keeps the sector asked for and the partnerships it belongs to", () => {
    const v = visibleElements(g, { ...NO_FILTERS, sectors: ["NGO"] });
    expect([...v.nodes].sort()).toEqual(["alone", "net", "ngo-fr"]);
    expect([...v.edges]).toEqual(["e1"]);
  });
  it("filters by relationship type", () => {
    const v = visibleElements(g, { ...NO_FILTERS, relTypes: ["FUNDS"] });
    expect([...v.edges]).toEqual(["e3"]);
    expect(v.nodes.size).toBe(5);
  });
  it("filters by years, treating relationships without years as timeless", () => {
    const v = visibleElements(g, { ...NO_FILTERS, from: 2015, to: 2015 });
    expect([...v.edges].sort()).toEqual(["e1", "e4"]);
  });
  it("focuses on an ego network and drops nodes below the minimum degree", () => {
    expect([...visibleElements(g, { ...NO_FILTERS, focus: { id: "fund", depth: 1 } }).nodes].sort()).toEqual([
      "fund",
      "ngo-fr",
    ]);
    expect(visibleElements(g, { ...NO_FILTERS, minDegree: 1 }).nodes.has("alone")).toBe(false);
    expect(visibleElements(g, { ...NO_FILTERS, minDegree: 3 }).nodes).toEqual(new Set(["ngo-fr"]));
  });
});

describe("URL state", () => {
  it("round-trips a full view", () => {
    const state = {
      ...DEFAULT_STATE,
      filters: {
        ...NO_FILTERS,
        sectors: ["NGO", "IGO"],
        relTypes: ["FUNDS"],
        regions: ["South-Eastern Asia"],
        from: 2015,
        to: 2020,
        minDegree: 2,
        focus: { id: "unodc", depth: 2 },
      },
      selected: "unodc",
      size: "pagerank" as const,
      view: "directory" as const,
      camera: { x: 0.5, y: 0.25, ratio: 0.75 },
      query: { name: "most-connected", params: { sector: "NGO", limit: 10 } },
    };
    expect(decodeState(encodeState(state))).toEqual(state);
  });
  it("carries a console query and its parameters", () => {
    const state = {
      ...DEFAULT_STATE,
      view: "queries" as const,
      query: { cypher: "MATCH (n) RETURN n LIMIT $n", params: { n: 3 } },
    };
    expect(decodeState(encodeState(state)).query).toEqual({
      name: undefined,
      cypher: state.query.cypher,
      params: { n: 3 },
    });
    expect(decodeState("?q=x&qp=[oops").query).toEqual({ name: "x", cypher: undefined, params: {} });
  });

  it("falls back to defaults on malformed values", () => {
    const s = decodeState("?sector=<script>&from=20x&min=-4&sel=Bad Id&cam=1,2&size=nonsense&focus=x:9");
    expect(s.filters.sectors).toEqual([]);
    expect(s.filters.from).toBeUndefined();
    expect(s.filters.minDegree).toBe(0);
    expect(s.selected).toBeUndefined();
    expect(s.camera).toBeUndefined();
    expect(s.size).toBe("degree");
    expect(s.filters.focus).toBeUndefined();
    expect(encodeState(DEFAULT_STATE)).toBe("?view=graph");
  });
});

describe("directory", () => {
  const g = buildGraph(data);
  const rows = directoryRows(g, visibleElements(g, NO_FILTERS));
  it("lists actors only, with their ties in view", () => {
    expect(rows.map((r) => r.id).sort()).toEqual(["alone", "fund", "gov-th", "ngo-fr"]);
    expect(rows.find((r) => r.id === "ngo-fr")!.ties).toBe(3);
    expect(sortRows(rows, "ties", true)[0]!.id).toBe("ngo-fr");
  });
  it("writes CSV that spreadsheets cannot run as formulas", () => {
    expect(csvCell("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
    expect(csvCell("-1")).toBe("'-1");
    expect(toCsv(rows).split("\r\n")[0]).toBe("id,name,acronym,sector,country,ties,issues");
  });
});

describe("map positions", () => {
  it("places actors at their headquarters country and keeps them apart", async () => {
    const { mapPositions, NO_LOCATION_BOX: box } = await import("../../client/src/renderer/geo.ts");
    const g = buildGraph(data);
    const pos = mapPositions(g, [
      { id: "FRA", ccn3: "250", lat: 46, lng: 2 },
      { id: "THA", ccn3: "764", lat: 15, lng: 100 },
      { id: "USA", ccn3: "840", lat: 38, lng: -97 },
      { id: "DEU", ccn3: "276", lat: 51, lng: 9 },
    ]);
    expect(pos["ngo-fr"]).toEqual({ x: 2, y: 46 });
    expect(pos["gov-th"]).toEqual({ x: 100, y: 15 });
    // Without a country: in the "no location" box.
    expect(pos.net!.x).toBeGreaterThan(box.x0);
    expect(pos.net!.x).toBeLessThan(box.x1);
    expect(pos.net!.y).toBeGreaterThan(box.y0);
    expect(pos.net!.y).toBeLessThan(box.y1);
    for (const p of Object.values(pos)) {
      expect(Math.abs(p.x)).toBeLessThanOrEqual(180);
      expect(Math.abs(p.y)).toBeLessThanOrEqual(90);
    }
  });
});

describe("edge sampler for large views", () => {
  // Nodes on a line at x = 0, 1, 2, ...; edge i joins node i to node i + 1.
  const chain = (n: number) => {
    const g = new Graph();
    for (let i = 0; i <= n; i++) g.addNode(`n${i}`, { x: i, y: 0 });
    for (let i = 0; i < n; i++) g.addEdgeWithKey(`PARTNERS_WITH:n${i}->n${i + 1}`, `n${i}`, `n${i + 1}`);
    return g;
  };

  it("draws every edge up to the budget", () => {
    const small = chain(100);
    expect(new EdgeSampler(small, new Set(small.edges()), 100).choose()).toBeNull();
  });

  // One large chain for the sampling tests, built once.
  const g = chain(40_000);
  const all = new Set(g.edges());

  it("keeps about the budget, the same edges each time, evenly across regions", () => {
    const sample = new EdgeSampler(g, all, 8_000).choose()!;
    expect(Math.abs(sample.size - 8_000)).toBeLessThan(400);
    expect([...new EdgeSampler(g, all, 8_000).choose()!]).toEqual([...sample]);
    expect([...sample].filter((e) => !all.has(e))).toEqual([]);
    // Each region keeps its share: a fifth of the first and of the last quarter.
    const edges = g.edges();
    const share = (from: number, to: number) => edges.slice(from, to).filter((e) => sample.has(e)).length / (to - from);
    expect(share(0, 10_000)).toBeCloseTo(0.2, 1);
    expect(share(30_000, 40_000)).toBeCloseTo(0.2, 1);
  });

  it("draws the edges touching the part in view: all of them when they fit, else a sample of them", () => {
    const sampler = new EdgeSampler(g, all, 8_000);
    // Nodes 100..199 in view: edges 99..199 touch them.
    const near = sampler.choose({ x0: 100, x1: 199, y0: -1, y1: 1 })!;
    expect([...near].sort()).toEqual(
      Array.from({ length: 101 }, (_, i) => `PARTNERS_WITH:n${99 + i}->n${100 + i}`).sort(),
    );
    // Half the network in view: a sample of its edges only.
    const half = sampler.choose({ x0: 0, x1: 20_000, y0: -1, y1: 1 })!;
    expect(Math.abs(half.size - 8_000)).toBeLessThan(400);
    expect([...half].filter((e) => g.getNodeAttribute(g.source(e), "x") > 20_000)).toEqual([]);
  });
});

describe("camera preview transform", () => {
  // A camera as Sigma's: the viewport shows the framed graph around (x, y), `ratio` graph units per 1,000 pixels.
  const renderer = {
    framedGraphToViewport(p: { x: number; y: number }, o?: { cameraState?: CameraState }) {
      const c = o!.cameraState!;
      return { x: 500 + ((p.x - c.x) / c.ratio) * 1000, y: 400 - ((p.y - c.y) / c.ratio) * 1000 };
    },
  } as unknown as Parameters<typeof cameraTransform>[0];

  it("moves every point of the old frame to where the new camera draws it", () => {
    const from = { x: 0.5, y: 0.5, ratio: 1, angle: 0 };
    for (const to of [
      { x: 0.6, y: 0.45, ratio: 1, angle: 0 },
      { x: 0.3, y: 0.7, ratio: 0.5, angle: 0 },
      { x: 0.5, y: 0.5, ratio: 2.5, angle: 0 },
    ]) {
      const t = cameraTransform(renderer, from, to);
      for (const p of [
        { x: 0.1, y: 0.9 },
        { x: 0.5, y: 0.5 },
        { x: 0.77, y: 0.2 },
      ]) {
        const before = renderer.framedGraphToViewport(p, { cameraState: from });
        const after = renderer.framedGraphToViewport(p, { cameraState: to });
        expect(t.scale * before.x + t.x).toBeCloseTo(after.x, 6);
        expect(t.scale * before.y + t.y).toBeCloseTo(after.y, 6);
      }
    }
  });
});
