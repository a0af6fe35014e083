/**
 * Which scopes the GDS engine takes as a subgraph projection of its kept native projection, and the filter
 * expression it gives GDS: made of fixed fragments and the model's relationship type names, whatever the request.
 */
import { describe, expect, it } from "vitest";
import { REL_TYPES } from "../../server/core/model.ts";
import { ScopeQuery } from "../../server/core/scope.ts";
import { tieFilterExpression } from "../../server/features/analytics/gds.ts";

const all = { types: [...REL_TYPES], years: true };
const filter = (q: Record<string, unknown>, shape = all) => tieFilterExpression(ScopeQuery.parse(q), shape);

describe("GDS subgraph projection filter", () => {
  it("keeps every tie of the whole network", () => {
    expect(filter({})).toBe("*");
    expect(filter({ relType: [...REL_TYPES] })).toBe("*");
  });

  it("selects relationship types by their projected names, in the projection's order", () => {
    expect(filter({ relType: "FUNDS,MEMBER_OF" })).toBe("r:MEMBER_OF OR r:FUNDS");
    expect(filter({ relType: "FUNDS,HOSTS" }, { types: ["FUNDS", "PARTNERS_WITH"], years: true })).toBe("r:FUNDS");
  });

  it("keeps no tie when none of the types is in the store", () => {
    expect(filter({ relType: "HOSTS" }, { types: ["FUNDS"], years: false })).toBe("false");
  });

  it("leaves scopes that select actors, activity or years (where ties have years) to the snapshot's selection", () => {
    for (const q of [
      { sector: "NGO" },
      { country: "FRA", relType: "FUNDS" },
      { region: "Europe" },
      { issue: "forced-labour" },
      { dataset: "curated" },
      { from: 2010 },
      { to: 2010, relType: "FUNDS" },
      { from: 2010, active: "1" },
    ]) {
      expect(filter(q), JSON.stringify(q)).toBeNull();
    }
  });

  it("ignores years where no tie has one, as the memory engine's open years do", () => {
    expect(filter({ from: 2010 }, { types: [...REL_TYPES], years: false })).toBe("*");
    expect(filter({ from: 2010, active: "1" }, { types: [...REL_TYPES], years: false })).toBeNull();
  });

  it("never carries text from the request", () => {
    const made = filter({ relType: [...REL_TYPES].reverse().slice(0, 3) })!;
    for (const part of made.split(" OR ")) expect(REL_TYPES.map((t) => `r:${t}`)).toContain(part);
    expect(ScopeQuery.safeParse({ relType: "FUNDS) OR true OR (r:FUNDS" }).success).toBe(false);
  });
});
