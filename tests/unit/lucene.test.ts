import { describe, expect, it } from "vitest";
import { luceneQuery } from "../../server/features/search/lucene.ts";

describe("luceneQuery", () => {
  it("matches each word exactly, as a prefix and fuzzily", () => {
    expect(luceneQuery("UNODC")).toBe("(unodc^4 OR unodc*^2 OR unodc~1)");
  });

  it("allows two edits on long words and none on short ones", () => {
    expect(luceneQuery("trafficking")).toContain("trafficking~2");
    expect(luceneQuery("un")).toBe("(un^4 OR un*^2)");
  });

  it("strips Lucene syntax so user text cannot change the query's shape", () => {
    const q = luceneQuery('name:"x" OR (a AND b)~ \\ * ? [1 TO 2] {x} ^ ! && ||')!;
    expect(q).not.toMatch(/["\\[\]{}!&|:]/);
    for (const word of ["name", "x", "or", "a", "and", "b", "1", "to", "2"]) expect(q).toContain(`(${word}^4`);
  });

  it("folds accents and returns null when nothing searchable is left", () => {
    expect(luceneQuery("Défense")).toContain("defense^4");
    expect(luceneQuery("  ?!*  ")).toBeNull();
  });
});
