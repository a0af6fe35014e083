/**
 * Real answers against the contract: what the server sends for each route (the explorer's reads, a library query,
 * the console, an editor's write and its revert, and errors) parses with the schema shared/api.ts gives it in the
 * OpenAPI document, so the document's schemas and the explorer's types describe what actually arrives.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ErrorBody, OPERATIONS, type Operation } from "../shared/api.ts";
import { startServer, type TestServer } from "./helpers/server.ts";

const EDITOR = "editor-secret-0123456789";
const SOURCE = "https://www.unodc.org/unodc/en/human-trafficking/index.html";
let api: TestServer;
beforeAll(async () => {
  api = await startServer({ EDITOR_TOKEN: EDITOR, SESSION_SECRET: "s".repeat(40) });
});
afterAll(async () => {
  await api.close();
});

async function expectContract(op: Operation, method: string, url: string, body?: unknown, token?: string) {
  const res = await api.send(method, url, { body, token });
  const status: number = (OPERATIONS[op] as { status?: number }).status ?? 200;
  expect(res.status, `${method} ${url}: ${JSON.stringify(res.body).slice(0, 300)}`).toBe(status);
  const parsed = OPERATIONS[op].response.safeParse(res.body);
  expect(parsed.success ? [] : parsed.error.issues.slice(0, 5), `${method} ${url}`).toEqual([]);
  return res.body;
}

describe("answers match their schemas", () => {
  const reads: [Operation, string][] = [
    ["get /api/health", "/api/health"],
    ["get /api/countries", "/api/countries"],
    ["get /api/issues", "/api/issues"],
    ["get /api/stats", "/api/stats"],
    ["get /api/search", "/api/search?q=unodc"],
    ["get /api/graph", "/api/graph?limit=200000"],
    ["get /api/graph", "/api/graph?limit=200000&format=columns&sector=NGO"],
    ["get /api/nodes/:id", "/api/nodes/unodc"],
    ["get /api/nodes/:id/neighborhood", "/api/nodes/unodc/neighborhood?depth=1"],
    ["get /api/paths", "/api/paths?from=unodc&to=ilo"],
    ["get /api/queries", "/api/queries"],
    ["get /api/analytics/centrality", "/api/analytics/centrality?metric=pagerank&sector=NGO"],
    ["get /api/analytics/communities", "/api/analytics/communities?seed=1"],
    ["get /api/analytics/sectors", "/api/analytics/sectors"],
    ["get /api/analytics/brokerage", "/api/analytics/brokerage?limit=15"],
    ["get /api/analytics/summary", "/api/analytics/summary?sector=NGO"],
    ["get /api/changes", "/api/changes?limit=5"],
    ["get /api/datasets", "/api/datasets"],
    ["get /api/auth/me", "/api/auth/me"],
    ["get /api/openapi.json", "/api/openapi.json"],
  ];
  it.each(reads)("%s (%s)", async (op, url) => {
    await expectContract(op, "GET", url);
  });

  it("a library query and the console", async () => {
    const { queries } = await expectContract("get /api/queries", "GET", "/api/queries");
    await expectContract("post /api/queries/:name", "POST", `/api/queries/${queries[0].name}`, { params: {} });
    await expectContract("post /api/cypher", "POST", "/api/cypher", {
      query: "MATCH (a:Actor {id: $id})-[r]-(b) RETURN a, r, b LIMIT 3",
      params: { id: "unodc" },
    });
  });

  it("an editor's sign-in, write and revert", async () => {
    const session = await expectContract("post /api/auth/sign-in", "POST", "/api/auth/sign-in", { secret: EDITOR });
    const actor = { id: "contract-probe", kind: "Actor", name: "Contract probe", sector: "NGO", country: "FRA" };
    const created = await expectContract(
      "post /api/entities",
      "POST",
      "/api/entities",
      { ...actor, sources: [SOURCE] },
      session.token,
    );
    await expectContract(
      "post /api/changes/:id/revert",
      "POST",
      `/api/changes/${created.change.id}/revert`,
      {},
      session.token,
    );
    expect((await api.get("/api/nodes/contract-probe")).status).toBe(404);
  });

  it("errors, with the parameter at fault", async () => {
    for (const url of ["/api/graph?limit=-1", "/api/graph?sector=Pirates", "/api/nodes/no-such-node", "/api/nope"]) {
      const res = await api.get(url);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(ErrorBody.safeParse(res.body).success, url).toBe(true);
    }
    const bad = await api.get("/api/graph?limit=-1");
    expect(ErrorBody.parse(bad.body).error.parameter).toBe("limit");
  });
});
