import { describe, expect, it } from "vitest";
import { blankLiterals, checkQuery, RefusedQuery } from "../../server/features/console/guard.ts";

const refusal = (q: string) => {
  try {
    checkQuery(q);
  } catch (e) {
    if (e instanceof RefusedQuery) return e.code;
    throw e;
  }
  return null;
};

describe("console guard", () => {
  it("blanks comments and strings but keeps positions", () => {
    const q = "MATCH (n) // CREATE\nWHERE n.name = 'LOAD CSV' /* DELETE */ RETURN n";
    const b = blankLiterals(q);
    expect(b).toHaveLength(q.length);
    expect(b).not.toMatch(/CREATE|LOAD|DELETE/);
    expect(b.split("\n")).toHaveLength(2);
    expect(blankLiterals("RETURN 'it\\'s' AS x")).toBe("RETURN '     ' AS x");
  });

  it("passes plain reads and allow-listed procedures and functions", () => {
    for (const q of [
      "MATCH (n:Actor) RETURN n LIMIT 5",
      "CALL db.labels() YIELD label RETURN label",
      "CALL db.schema.visualization()",
      "RETURN date.truncate('year', date()) AS y, point.distance(point({x:0,y:0}), point({x:1,y:1})) AS d",
      "MATCH (n) WHERE n.name CONTAINS 'CALL apoc.x()' RETURN n",
      "MATCH (n) RETURN n.use AS use",
    ])
      expect(refusal(q), q).toBeNull();
  });

  it("names what it refuses", () => {
    expect(refusal("LOAD CSV FROM 'file:///etc/passwd' AS r RETURN r")).toBe("cypher_load_csv_refused");
    expect(refusal("MATCH (n) CALL { WITH n RETURN n } IN TRANSACTIONS RETURN n")).toBe("cypher_transactions_refused");
    expect(refusal("CALL apoc.load.json('x')")).toBe("cypher_procedure_refused");
    expect(refusal("CALL `apoc.load.json`('x')")).toBe("cypher_procedure_refused");
    expect(refusal("RETURN apoc.text.join(['a'], ',')")).toBe("cypher_function_refused");
    expect(refusal("USE system SHOW USERS")).toBe("cypher_use_refused");
    expect(refusal("SHOW USERS")).toBe("cypher_admin_refused");
    expect(refusal("RETURN 1; RETURN 2")).toBe("cypher_multiple_statements");
    expect(refusal("LOAD /* hidden */ CSV FROM 'x' AS r RETURN r")).toBe("cypher_load_csv_refused");
    expect(refusal("RETURN reduce(s = '', i IN range(1, 100000000) | s + 'x')")).toBe("cypher_range_refused");
    expect(refusal("UNWIND range(1, 1000, 1) AS i RETURN i")).toBeNull();
    expect(() => checkQuery("CALL dbms.listConfig()")).toThrow(/dbms\.listConfig/);
  });
});
