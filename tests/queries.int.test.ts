/**
 * The query library and the console against the real database: every library query runs with its defaults,
 * parameters are validated, the console answers reads with rows and a graph, and a corpus of hostile queries is
 * refused or stopped without changing anything (checksum of the whole database before and after).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "./helpers/server.ts";

let api: TestServer;
beforeAll(async () => {
  api = await startServer({ CYPHER_TIMEOUT_MS: "2000", CYPHER_MAX_ROWS: "100", RATE_LIMIT_PER_MINUTE: "100000" });
});
afterAll(async () => {
  await api.close();
});

async function post(server: TestServer, path: string, body: unknown) {
  const res = await fetch(server.url + path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}

describe("query library", () => {
  let queries: any[] = [];
  beforeAll(async () => {
    queries = (await api.get("/api/queries")).body.queries;
  });

  it("lists at least 15 queries with a title, a description and described parameters", () => {
    expect(queries.length).toBeGreaterThanOrEqual(15);
    for (const q of queries) {
      expect(q.title.length).toBeGreaterThan(5);
      expect(q.description.length).toBeGreaterThan(10);
      for (const p of q.params) {
        expect(p).toHaveProperty("default");
        expect(p.description.length).toBeGreaterThan(2);
        expect(q.cypher).toContain(`$${p.name}`);
      }
    }
  });

  it("runs every query with its default parameters and returns rows", async () => {
    for (const q of queries) {
      const res = await post(api, `/api/queries/${q.name}`, { params: {} });
      expect(res.status, `${q.name}: ${JSON.stringify(res.body.error)}`).toBe(200);
      expect(res.body.rows.length, `${q.name} returned no rows`).toBeGreaterThan(0);
      expect(res.body.columns.length).toBeGreaterThan(0);
      expect(res.body.cypher).toBe(q.cypher);
    }
  });

  it("returns a graph of the nodes a query returns", async () => {
    const res = await post(api, "/api/queries/shared-partnerships", { params: {} });
    const keys = res.body.graph.nodes.map((n: { key: string }) => n.key);
    for (const row of res.body.rows) expect(keys).toContain(row.partnership.id);
  });

  it("rejects bad parameters with a 400 naming the parameter, and unknown queries with a 404", async () => {
    const bad = await post(api, "/api/queries/most-connected", { params: { sector: "Pirates" } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.parameter).toBe("sector");
    const limit = await post(api, "/api/queries/most-connected", { params: { limit: 0 } });
    expect(limit.body.error.parameter).toBe("limit");
    const extra = await post(api, "/api/queries/most-connected", { params: { nonsense: 1 } });
    expect(extra.status).toBe(400);
    expect(extra.body.error.message).toContain("nonsense");
    expect((await post(api, "/api/queries/no-such-query", { params: {} })).status).toBe(404);
  });
});

describe("Cypher console", () => {
  it("answers a read with columns, rows, a graph and a summary", async () => {
    const res = await post(api, "/api/cypher", {
      query: "MATCH (a:Actor)-[r:MEMBER_OF]->(p:Partnership) RETURN a, r, p LIMIT $n",
      params: { n: 5 },
    });
    expect(res.status).toBe(200);
    expect(res.body.columns).toEqual(["a", "r", "p"]);
    expect(res.body.rows).toHaveLength(5);
    expect(res.body.graph.edges.length).toBeGreaterThan(0);
    expect(res.body.graph.nodes.length).toBeGreaterThan(1);
    expect(res.body.summary).toMatchObject({ queryType: "read", rows: 5 });
    expect(res.body.truncated).toEqual({ rows: false, nodes: false });
  });

  it("allows schema introspection procedures", async () => {
    const res = await post(api, "/api/cypher", { query: "CALL db.labels() YIELD label RETURN label ORDER BY label" });
    expect(res.status).toBe(200);
    expect(res.body.rows.map((r: { label: string }) => r.label)).toContain("Actor");
  });

  it("caps rows and says so", async () => {
    const res = await post(api, "/api/cypher", { query: "UNWIND range(1, 5000) AS i RETURN i" });
    expect(res.status).toBe(200);
    expect(res.body.rows).toHaveLength(100);
    expect(res.body.truncated.rows).toBe(true);
  });

  it("reports a syntax error with Neo4j's message and position", async () => {
    const res = await post(api, "/api/cypher", { query: "MATCH (n RETURN n" });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("cypher_syntax");
    expect(res.body.error.position.line).toBe(1);
    expect(res.body.error.message).not.toMatch(/at .*\.js/);
  });

  it("says what the time limit is and how to change it", async () => {
    const res = await post(api, "/api/cypher", {
      query: "MATCH (a), (b), (c), (d) WHERE a <> b AND c <> d RETURN count(*)",
    });
    expect(res.status).toBe(504);
    expect(res.body.error.message).toMatch(/2 s.*CYPHER_TIMEOUT_MS/);
  });

  it("keeps a keyword inside a string from tripping the check", async () => {
    const res = await post(api, "/api/cypher", { query: "RETURN 'LOAD CSV and CREATE are words here' AS s" });
    expect(res.status).toBe(200);
  });

  it("can be turned off by configuration", async () => {
    const off = await startServer({ CONSOLE_MODE: "off" });
    try {
      const res = await post(off, "/api/cypher", { query: "RETURN 1" });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe("console_disabled");
    } finally {
      await off.close();
    }
  });

  it("can be limited to holders of the console token", async () => {
    const token = "a-console-token-for-tests";
    const guarded = await startServer({ CONSOLE_MODE: "token", CONSOLE_TOKEN: token });
    try {
      const call = (auth?: string) =>
        fetch(`${guarded.url}/api/cypher`, {
          method: "POST",
          headers: { "Content-Type": "application/json", ...(auth ? { Authorization: auth } : {}) },
          body: JSON.stringify({ query: "RETURN 1 AS one" }),
        });
      expect((await call()).status).toBe(401);
      expect((await call("Bearer wrong-token-wrong-token")).status).toBe(401);
      expect((await call(`Bearer ${token}`)).status).toBe(200);
      expect((await post(guarded, "/api/queries/most-connected", { params: {} })).status).toBe(200);
    } finally {
      await guarded.close();
    }
  });

  it("limits requests per client", async () => {
    const limited = await startServer({ RATE_LIMIT_PER_MINUTE: "3" });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await post(limited, "/api/cypher", { query: "RETURN 1" })).status);
      expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
      expect(statuses[4]).toBe(429);
    } finally {
      await limited.close();
    }
  });
});
