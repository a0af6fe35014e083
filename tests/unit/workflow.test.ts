/** Pure parts of the researcher's workflow: what a change changed, the retry schedule, the saved views list. */
import { describe, expect, it } from "vitest";
import { changedFields } from "../../server/features/curation/diff.ts";
import { backoffSeconds, waitingText } from "../../client/src/panels/reconnect.ts";
import { readSavedViews, withSaved, withoutSaved } from "../../client/src/panels/saved-views.ts";
import { ApiError } from "../../client/src/api.ts";
import { compareTies } from "../../client/src/panels/compare.ts";
import { Citations, referenceText } from "../../client/src/panels/profile.ts";

describe("changedFields", () => {
  const entity = (props: Record<string, unknown>, labels = ["Actor"], relationships: object[] = []) => ({
    labels,
    props,
    relationships,
  });

  it("lists each changed field with its value before and after, the person-facing ones first", () => {
    const before = entity({ id: "x", name: "Old", issues: ["a"], aliasText: "", region: "Europe" });
    const after = entity({ id: "x", name: "New", issues: ["a", "b"], aliases: ["N"], aliasText: "N", region: "Asia" }, [
      "Actor",
      "Funder",
    ]);
    expect(changedFields(before, after)).toEqual([
      { field: "name", before: "Old", after: "New" },
      { field: "aliases", before: null, after: ["N"] },
      { field: "roles", before: [], after: ["Funder"] },
      { field: "issues", before: ["a"], after: ["a", "b"] },
    ]);
  });

  it("treats a missing value and an empty list alike, and a creation as every field from nothing", () => {
    expect(changedFields(entity({ aliases: [] }), entity({}))).toEqual([]);
    const created = changedFields(null, { type: "FUNDS", source: "a", target: "b", props: { since: 2001 } });
    expect(created).toEqual([{ field: "since", before: null, after: 2001 }]);
  });

  it("names added and removed relationships of an entity", () => {
    const rel = { type: "FUNDS", source: "x", target: "y", props: {} };
    expect(changedFields(entity({}, ["Actor"], [rel]), entity({}))).toEqual([
      { field: "relationships", before: ["FUNDS x → y"], after: [] },
    ]);
  });
});

describe("retries", () => {
  it("waits a little longer each time, then every ten seconds", () => {
    expect([0, 1, 2, 3, 4, 5, 50].map(backoffSeconds)).toEqual([2, 3, 5, 5, 10, 10, 10]);
  });
  it("says which part is away and when it tries again", () => {
    const db = new ApiError(503, "database_unavailable", "x");
    expect(waitingText(db, 5)).toBe("The database is not reachable right now; retrying in 5 s…");
    expect(waitingText(new ApiError(0, "network", "x"), 0)).toMatch(/server is not answering; retrying now/);
    expect(waitingText(new ApiError(504, "query_timeout", "x"), 3)).toMatch(/slow to answer; retrying in 3 s/);
  });
});

describe("saved views", () => {
  const v = (name: string, search = "?sector=NGO") => ({ name, search, savedAt: "2026-01-01T00:00:00Z" });
  it("keeps one view per name, newest first, and deletes by name", () => {
    const list = withSaved(withSaved(withSaved([], v("a")), v("b")), v("a", "?sector=IGO"));
    expect(list.map((x) => `${x.name}${x.search}`)).toEqual(["a?sector=IGO", "b?sector=NGO"]);
    expect(withoutSaved(list, "a").map((x) => x.name)).toEqual(["b"]);
  });
  it("reads an unreadable or malformed store as no views", () => {
    expect(readSavedViews({ getItem: () => "{not json" })).toEqual([]);
    expect(readSavedViews({ getItem: () => JSON.stringify([v("ok"), { name: 1 }]) })).toEqual([v("ok")]);
  });
});

describe("comparison and profile", () => {
  const tie = (type: string, id: string, direction: "in" | "out" = "out") => ({
    type,
    direction,
    counterpart: { id, name: id.toUpperCase() },
  });
  it("finds the ties between two actors, their shared partners with each one's tie types, and the rest", () => {
    const a = { id: "a", ties: [tie("FUNDS", "b"), tie("MEMBER_OF", "p"), tie("FUNDS", "p"), tie("MEMBER_OF", "q")] };
    const b = { id: "b", ties: [tie("FUNDS", "a", "in"), tie("PARTNERS_WITH", "p"), tie("MEMBER_OF", "r")] };
    const c = compareTies(a, b);
    expect(c.between).toEqual([tie("FUNDS", "b")]);
    expect(c.shared).toEqual([{ id: "p", name: "P", a: ["funding", "membership"], b: ["partnership"] }]);
    expect([c.onlyA, c.onlyB]).toEqual([1, 1]);
  });
  it("numbers each source once, in the order first cited, and formats it for citation", () => {
    const refs = new Citations();
    expect(refs.cite(["https://www.x.org/a", "https://y.org/b"], "2026-01-02", ["X report"])).toEqual([1, 2]);
    expect(refs.cite(["https://y.org/b", "https://z.org/"])).toEqual([2, 3]);
    expect(referenceText(refs.list[0]!)).toBe("X report. x.org. https://www.x.org/a (accessed 2026-01-02).");
    expect(referenceText(refs.list[2]!)).toBe("z.org. https://z.org/.");
  });
});
