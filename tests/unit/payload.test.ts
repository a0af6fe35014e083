import Graph from "graphology";
import { describe, expect, it } from "vitest";
import { fromColumnar, toColumnar, toGraph, type EdgeRow } from "../../server/features/graph/payload.ts";

const node = (id: string, labels: string[], extra: Record<string, unknown> = {}) => ({
  node: { id, name: id.toUpperCase(), acronym: null, ...extra },
  labels,
  degree: 1,
});

describe("graph payload", () => {
  it("is graphology's serialization format and imports as it is", () => {
    const g = toGraph(
      [
        node("a", ["Entity", "Actor", "Funder"], { sector: "Funder" }),
        node("p", ["Entity", "Partnership"], { kind: "network" }),
      ],
      [{ source: "a", target: "p", type: "FUNDS", role: null, since: 2015, until: null, amount: null, currency: null }],
      { truncated: false },
    );
    const graph = Graph.from(g as never);
    expect(graph.order).toBe(2);
    expect(graph.size).toBe(1);
    expect(graph.getNodeAttributes("a")).toMatchObject({
      label: "A",
      entity: "Actor",
      roles: ["Funder"],
      sector: "Funder",
    });
    expect(graph.getNodeAttributes("p")).toMatchObject({ entity: "Partnership", partnershipKind: "network" });
    expect(graph.getEdgeAttributes("a-FUNDS->p")).toEqual({ type: "FUNDS", since: 2015 });
    expect(graph.getNodeAttributes("a")).not.toHaveProperty("acronym");
  });

  it("drops edges whose endpoints were cut by the limit", () => {
    const g = toGraph(
      [node("a", ["Entity", "Actor"])],
      [
        {
          source: "a",
          target: "b",
          type: "PARTNERS_WITH",
          role: null,
          since: null,
          until: null,
          amount: null,
          currency: null,
        },
      ],
      {},
    );
    expect(g.edges).toEqual([]);
  });
});

describe("columnar graph payload", () => {
  const edge = (source: string, target: string, type: string, extra: Partial<EdgeRow> = {}): EdgeRow => ({
    source,
    target,
    type,
    role: null,
    since: null,
    until: null,
    amount: null,
    currency: null,
    ...extra,
  });
  const g = toGraph(
    [
      node("a", ["Entity", "Actor", "Funder"], { sector: "Funder", country: "USA", issues: ["forced-labour"] }),
      node("b", ["Entity", "Actor"], { sector: "NGO", country: "USA", issues: [], founded: 1999 }),
      node("c", ["Entity", "Actor"], { sector: "NGO", acronym: "CC", region: "Europe" }),
      node("p", ["Entity", "Partnership"], { kind: "network", issues: ["forced-labour", "child-labour"] }),
    ],
    [
      edge("a", "b", "FUNDS", { since: 2015, amount: 1000, currency: "USD" }),
      edge("b", "p", "MEMBER_OF", { role: "chair", until: 2020 }),
      edge("c", "p", "MEMBER_OF"),
      edge("a", "b", "PARTNERS_WITH"),
    ],
    { truncated: false, layout: "forceatlas2" },
  );
  g.nodes.forEach((n, i) => Object.assign(n.attributes, { x: i * 1.25, y: 1 - i }));

  it("round-trips to the same graph", () => {
    const columns = toColumnar(g);
    expect(fromColumnar(JSON.parse(JSON.stringify(columns)))).toEqual(g);
  });

  it("names each attribute once, codes repeated strings and ends edges by node index", () => {
    const columns = toColumnar(g);
    expect(columns.format).toBe("columns");
    expect(columns.nodes.keys).toEqual(["a", "b", "c", "p"]);
    expect(columns.nodes.columns.sector).toEqual({ dict: ["Funder", "NGO"], codes: [0, 1, 1, -1] });
    expect(columns.nodes.columns.label).toEqual({ values: ["A", "B", "C", "P"] });
    expect(columns.nodes.columns.issues).toEqual({
      dict: ["forced-labour", "child-labour"],
      lists: [[0], [], null, [0, 1]],
    });
    // Ties in the one canonical order: by source, target, then type in REL_TYPES' order.
    expect(columns.edges.source).toEqual([0, 0, 1, 2]);
    expect(columns.edges.target).toEqual([1, 1, 3, 3]);
    expect(columns.edges.columns.type).toEqual({ dict: ["FUNDS", "PARTNERS_WITH", "MEMBER_OF"], codes: [0, 1, 2, 2] });
    // Keys of the form source-TYPE->target are rebuilt, not sent.
    expect(columns.edges.keys).toBeUndefined();
    const json = JSON.stringify(columns);
    expect(json.match(/"sector"/g)).toHaveLength(1);
  });

  it("keeps edge keys that cannot be rebuilt", () => {
    const odd = { ...g, edges: g.edges.map((e, i) => ({ ...e, key: `e${i}` })) };
    const columns = toColumnar(odd);
    expect(columns.edges.keys).toEqual(["e0", "e1", "e2", "e3"]);
    expect(fromColumnar(columns)).toEqual(odd);
  });

  it("encodes an empty graph", () => {
    const empty = toGraph([], [], {});
    expect(fromColumnar(toColumnar(empty))).toEqual(empty);
  });
});
