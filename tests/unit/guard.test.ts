import { describe, expect, it } from "vitest";
import {
  checkParsed,
  checkPlan,
  RefusedQuery,
  type FunctionRegistry,
  type PlanNode,
} from "../../server/features/console/guard.ts";

/** A small registry in the shape the database reports (the integration tests use the real one). */
const FNS: FunctionRegistry = {
  builtIn: new Set(
    [
      "date",
      "date.truncate",
      "point",
      "point.distance",
      "toupper",
      "range",
      "size",
      "count",
      "reduce",
      "tostring",
      "collect",
    ].map((s) => s.toLowerCase()),
  ),
  userDefined: new Set(["gds.similarity.cosine", "gds.graph.project", "gds.util.asNode", "apoc.text.join"]),
};

/** The error code the parse check gives, or null when it lets the query through. */
function refusal(q: string, params: Record<string, unknown> = {}): string | null {
  try {
    checkParsed(q, params, FNS);
  } catch (e) {
    if (e instanceof RefusedQuery) return e.code;
    throw e;
  }
  return null;
}

/** Characters Neo4j reads as white space that JavaScript's trim() and \s may not. */
const SEPARATORS = ["\u001c", "\u001d", "\u001e", "\u001f", "\u00a0", "\u1680", "\u2000", "\u2028", "\u2029", "\u3000"];

describe("console guard, parse layer (Neo4j's grammar)", () => {
  it("passes plain reads and allow-listed procedures and functions", () => {
    for (const q of [
      "MATCH (n:Actor) RETURN n LIMIT 5",
      "CALL db.labels() YIELD label RETURN label",
      "CALL db.schema.visualization()",
      "RETURN date.truncate('year', date()) AS y, point.distance(point({x:0,y:0}), point({x:1,y:1})) AS d",
      "MATCH (n) WHERE n.name CONTAINS 'CALL apoc.x()' RETURN n",
      "MATCH (n) WHERE n.name = 'LOAD CSV FROM x' RETURN n.use AS use",
      "RETURN gds.similarity.cosine([1.0], [1.0]) AS s",
      "UNWIND range(1, 1000, 1) AS i RETURN i",
      "WITH [1, 2, 3] AS xs RETURN [i IN range(0, size(xs) - 1) | xs[i]] AS ys",
      "UNWIND range(1, $n) AS i RETURN i",
      "RETURN 1; ",
      "MATCH (a) WITH collect(a) AS xs RETURN [x IN xs WHERE any(y IN x.tags WHERE y = 'a') | x.id]",
      "MATCH (n) RETURN n // a comment; with a semicolon",
    ])
      expect(refusal(q, { n: 10 }), q).toBeNull();
  });

  it("names what it refuses, and where", () => {
    const cases: [string, string][] = [
      ["LOAD CSV FROM 'file:///etc/passwd' AS r RETURN r", "cypher_load_csv_refused"],
      ["MATCH (n) CALL { WITH n RETURN n } IN TRANSACTIONS RETURN n", "cypher_transactions_refused"],
      ["CALL apoc.load.json('x')", "cypher_procedure_refused"],
      ["CALL `apoc.load.json`('x')", "cypher_procedure_refused"],
      ["CALL gds.graph.list()", "cypher_procedure_refused"],
      ["RETURN apoc.text.join(['a'], ',')", "cypher_function_refused"],
      ["RETURN `apoc`.`text`.join(['a'], ',')", "cypher_function_refused"],
      ["RETURN gds.graph.project('g', null, null)", "cypher_function_refused"],
      ["USE system SHOW USERS", "cypher_use_refused"],
      ["SHOW USERS", "cypher_admin_refused"],
      ["SHOW TRANSACTIONS", "cypher_admin_refused"],
      ["TERMINATE TRANSACTIONS 'neo4j-transaction-1'", "cypher_admin_refused"],
      ["GRANT ROLE admin TO neo4j", "cypher_admin_refused"],
      ["RETURN 1; RETURN 2", "cypher_multiple_statements"],
      ["RETURN 1 /* ; */ ; MATCH (n) DETACH DELETE n", "cypher_multiple_statements"],
      ["LOAD /* hidden */ CSV FROM 'x' AS r RETURN r", "cypher_load_csv_refused"],
      ["RETURN reduce(s = '', i IN range(1, 100000000) | s + 'x')", "cypher_range_refused"],
      ["WITH 1000000000 AS n RETURN reduce(s = 0, i IN range(1, n) | s + i)", "cypher_range_refused"],
      ["RETURN size(range(1, toInteger('1' + '0000000000')))", "cypher_range_refused"],
      ["UNWIND range(1, 100000) AS x UNWIND range(1, 100000) AS y RETURN count(*)", "cypher_range_refused"],
      [
        "MATCH (a) WITH collect(a) AS xs RETURN reduce(s = 0, x IN xs | s + reduce(t = 0, y IN xs | t + size([z IN xs | 1])))",
        "cypher_nesting_refused",
      ],
      ["MATCH (a) WITH collect(a) AS xs RETURN [x IN xs | [y IN xs | [z IN xs | 1]]]", "cypher_nesting_refused"],
      [
        "MATCH (a) WITH collect(a) AS xs RETURN all(x IN xs WHERE any(y IN xs WHERE none(z IN xs WHERE true)))",
        "cypher_nesting_refused",
      ],
    ];
    for (const [q, code] of cases) expect(refusal(q), q).toBe(code);
    expect(refusal("UNWIND range(1, $n) AS i RETURN i", { n: 1e12 })).toBe("cypher_range_refused");
    try {
      checkParsed("MATCH (n)\nRETURN apoc.text.join(['a'], ',')", {}, FNS);
      expect.unreachable("the function should have been refused");
    } catch (e) {
      expect(e).toBeInstanceOf(RefusedQuery);
      expect((e as RefusedQuery).message).toContain("apoc.text.join");
      expect((e as RefusedQuery).details).toEqual({ position: { line: 2, column: 8 } });
    }
  });

  it("reads white space as Neo4j does: no separator hides a command", () => {
    for (const sep of SEPARATORS) {
      const hex = sep.codePointAt(0)!.toString(16);
      expect(refusal(`${sep}SHOW TRANSACTIONS`), hex).toBe("cypher_admin_refused");
      expect(refusal(`${sep}TERMINATE TRANSACTIONS 'x'`), hex).toBe("cypher_admin_refused");
      expect(refusal(`LOAD${sep}CSV FROM 'http://127.0.0.1/' AS r RETURN r`), hex).toBe("cypher_load_csv_refused");
      expect(refusal(`CALL${sep}apoc.load.json('x')`), hex).toBe("cypher_procedure_refused");
    }
  });

  it("is not blinded by quotes inside backticks, comments or strings", () => {
    const hidden = [
      "WITH 1 AS `'` LOAD CSV FROM 'http://127.0.0.1:3000/api/stats' AS r RETURN r // '",
      'WITH 1 AS `"` LOAD CSV FROM "http://127.0.0.1/" AS r RETURN r // "',
      "WITH 1 AS `/*` LOAD CSV FROM 'http://127.0.0.1/' AS r RETURN r // */",
      "WITH '\\'' AS q LOAD CSV FROM 'http://127.0.0.1/' AS r RETURN r",
      "WITH 1 AS `x``'` LOAD CSV FROM 'http://127.0.0.1/' AS r RETURN r // '",
    ];
    for (const q of hidden) expect(refusal(q), q).toBe("cypher_load_csv_refused");
    expect(refusal("WITH 1 AS `'` CALL gds.graph.project('g', '*', '*') YIELD graphName RETURN 1 // '")).toBe(
      "cypher_procedure_refused",
    );
    expect(refusal("WITH 1 AS `'` RETURN gds.graph.project('g', null, null) // '")).toBe("cypher_function_refused");
  });
});

const plan = (operatorType: string, details = "", children: PlanNode[] = []): PlanNode => ({
  operatorType: `${operatorType}@neo4j`,
  arguments: { Details: details },
  children,
});

describe("console guard, plan layer (Neo4j's planner)", () => {
  const refusedPlan = (p: PlanNode) => {
    try {
      checkPlan(p, FNS);
    } catch (e) {
      if (e instanceof RefusedQuery) return e.code;
      throw e;
    }
    return null;
  };

  it("lets through plans of reading operators and allow-listed procedures", () => {
    expect(
      refusedPlan(
        plan("ProduceResults", "n", [plan("Top", "", [plan("Expand(All)", "", [plan("NodeIndexSeek", "")])])]),
      ),
    ).toBeNull();
    expect(refusedPlan(plan("ProduceResults", "", [plan("ProcedureCall", "db.labels() :: (label :: STRING)")]))).toBe(
      null,
    );
    expect(refusedPlan(plan("Projection", "gds.similarity.cosine($autolist_1, $autolist_2) AS s"))).toBeNull();
  });

  it("refuses writes, LOAD CSV, SHOW/TERMINATE, batching, unknown operators, procedures and functions", () => {
    expect(refusedPlan(plan("ProduceResults", "", [plan("LoadCSV", "row")]))).toBe("cypher_load_csv_refused");
    expect(refusedPlan(plan("ProduceResults", "", [plan("ShowTransactions")]))).toBe("cypher_admin_refused");
    expect(refusedPlan(plan("ProduceResults", "", [plan("TerminateTransactions")]))).toBe("cypher_admin_refused");
    expect(refusedPlan(plan("ProduceResults", "", [plan("TransactionApply")]))).toBe("cypher_transactions_refused");
    expect(refusedPlan(plan("ProduceResults", "", [plan("Create", "(n)")]))).toBe("cypher_operator_refused");
    expect(refusedPlan(plan("ProduceResults", "", [plan("SetProperty")]))).toBe("cypher_operator_refused");
    expect(refusedPlan(plan("SomeFutureOperator"))).toBe("cypher_operator_refused");
    expect(refusedPlan(plan("ProcedureCall", "gds.graph.list() :: (graphName :: STRING)"))).toBe(
      "cypher_procedure_refused",
    );
    expect(refusedPlan(plan("EagerAggregation", "gds.graph.project($autostring_0, a, b) AS g"))).toBe(
      "cypher_function_refused",
    );
  });
});
