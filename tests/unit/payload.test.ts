import Graph from "graphology";
import { describe, expect, it } from "vitest";
import { toGraph } from "../../server/features/graph/payload.ts";

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
