import { describe, expect, it } from "vitest";
import { parseStatement, splitStatements, Statements } from "../../server/core/cypher.ts";

describe("cypher statements", () => {
  const statements = new Statements();

  it("loads every statement the API uses and fails fast on an unknown name", () => {
    expect(statements.get("graph/nodes").text).toMatch(/MATCH \(n:Entity\)/);
    expect(() => statements.get("graph/no-such-thing")).toThrow(/no statement named 'graph\/no-such-thing'/);
  });

  it("separates the header comment from the statement", () => {
    const s = parseStatement("x", "// Title\n// Params: $a\n\nMATCH (n) RETURN n\n");
    expect(s.header).toEqual(["Title", "Params: $a"]);
    expect(s.text).toBe("MATCH (n) RETURN n");
  });

  it("splits the schema into statements that are each idempotent", () => {
    const parts = splitStatements(statements.get("schema").text);
    expect(parts.length).toBeGreaterThan(8);
    for (const p of parts) expect(p).toMatch(/IF NOT EXISTS/);
  });

  it("uses parameters, never string templates, for values", () => {
    for (const prefix of ["graph/", "nodes/", "search/", "meta/", "seed/"]) {
      for (const s of statements.under(prefix)) expect(s.text).not.toMatch(/\$\{|'\s*\+|\+\s*'/);
    }
  });
});
