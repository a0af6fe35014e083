/**
 * The scope statements stream: the memory Neo4j reports for a whole-network answer (PROFILE's GlobalMemory) grows
 * with what the answer holds, not with a list of every node held at once. A statement that collected the scope into
 * lists needed about 43 KiB per node here and, at 52,500 nodes, more than the database's transaction memory limit,
 * so the whole network of a large database could not be drawn. The bound below leaves 5 times the streaming
 * statements' need and refuses the collecting one's.
 */
import neo4j, { type Driver } from "neo4j-driver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { Statements } from "../server/core/cypher.ts";
import { REL_TYPES } from "../server/core/model.ts";
import { ScopeQuery, scopeParams } from "../server/core/scope.ts";

const BYTES_PER_ROW = 2048;
const statements = new Statements();
let driver: Driver;

beforeAll(() => {
  const creds = inject("neo4j");
  driver = neo4j.driver(creds.uri, neo4j.auth.basic(creds.username, creds.password));
});
afterAll(() => driver?.close());

/** Rows returned and the memory PROFILE reports for a statement. */
async function profile(name: string, params: Record<string, unknown>): Promise<{ rows: number; bytes: number }> {
  const session = driver.session({ defaultAccessMode: neo4j.session.READ });
  try {
    const r = await session.executeRead((tx) => tx.run(`PROFILE ${statements.get(name).text}`, params));
    const bytes = Number(r.summary.profile && r.summary.profile.arguments.GlobalMemory);
    return { rows: r.records.length, bytes };
  } finally {
    await session.close();
  }
}

const SCOPES: [string, Record<string, string>][] = [
  ["the whole network", {}],
  ["actors of one sector, with their partnerships", { sector: "NGO" }],
  ["only actors active in a span of years", { from: "2005", to: "2015", active: "1" }],
];

describe("scope statements hold no list of the whole scope", () => {
  it.each(SCOPES)("graph/nodes for %s needs at most 2 KiB a node", async (_label, query) => {
    const params = { ...scopeParams(ScopeQuery.parse(query)), limit: neo4j.int(100_000) };
    const { rows, bytes } = await profile("graph/nodes", params);
    expect(rows).toBeGreaterThan(100);
    expect(bytes).toBeGreaterThan(0);
    expect(bytes / rows).toBeLessThan(BYTES_PER_ROW);
  });

  it("graph/edges among every node needs at most 2 KiB a relationship", async () => {
    const session = driver.session({ defaultAccessMode: neo4j.session.READ });
    const all = await session
      .executeRead((tx) => tx.run(statements.get("graph/all-ids").text))
      .finally(() => session.close());
    const { rows, bytes } = await profile("graph/edges", {
      ids: all.records.map((r) => r.get("id")),
      relTypes: [...REL_TYPES],
      from: null,
      to: null,
    });
    expect(rows).toBeGreaterThan(1000);
    expect(bytes / rows).toBeLessThan(BYTES_PER_ROW);
  });
});
