import { describe, expect, it } from "vitest";
import { REL_TYPES } from "../../server/core/model.ts";
import { ScopeQuery, scopeKey, scopeParams } from "../../server/core/scope.ts";

describe("scope filters", () => {
  it("accepts repeated parameters and comma lists alike", () => {
    const a = ScopeQuery.parse({ sector: ["NGO", "IGO"], country: "FRA,DEU" });
    expect(a.sector).toEqual(["NGO", "IGO"]);
    expect(a.country).toEqual(["FRA", "DEU"]);
  });

  it("rejects unknown sectors and malformed countries, naming the parameter", () => {
    const bad = ScopeQuery.safeParse({ sector: "Pirates" });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]!.path[0]).toBe("sector");
    expect(ScopeQuery.safeParse({ country: "France" }).error!.issues[0]!.path[0]).toBe("country");
  });

  it("defaults to every relationship type and marks whether actors are filtered", () => {
    const p = scopeParams(ScopeQuery.parse({}));
    expect(p.relTypes).toEqual([...REL_TYPES]);
    expect(p.nodeFiltered).toBe(false);
    expect(scopeParams(ScopeQuery.parse({ region: "Europe" })).nodeFiltered).toBe(true);
  });

  it("gives the same key whatever the order of values", () => {
    expect(scopeKey(ScopeQuery.parse({ sector: "NGO,IGO", from: "2015" }))).toBe(
      scopeKey(ScopeQuery.parse({ from: 2015, sector: ["IGO", "NGO"] })),
    );
  });
});
