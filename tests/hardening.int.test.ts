/**
 * Hardening against the real test Neo4j: metrics, security headers, CORS, body limits, and a seeded property-based
 * fuzz of every endpoint the OpenAPI document declares: generated bad parameters and bodies never get a 500 or a
 * stack trace, always get the API's JSON error shape, and change nothing in the database.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseChecksum } from "./helpers/checksum.ts";
import { startServer, type TestServer } from "./helpers/server.ts";

const EDITOR = "editor-secret-fuzz-0123456789";
let api: TestServer;

beforeAll(async () => {
  api = await startServer({
    EDITOR_TOKEN: EDITOR,
    RATE_LIMIT_PER_MINUTE: "100000",
    CORS_ORIGINS: "https://allowed.example",
  });
});
afterAll(async () => {
  await api.close();
});

describe("metrics", () => {
  it("counts requests by declared route and times named Cypher statements", async () => {
    await api.get("/api/search?q=unodc");
    await api.get("/api/nodes/unodc");
    await api.get("/api/nodes/no-such-node");
    const res = await fetch(`${api.url}/api/metrics`);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toMatch(/atlas_http_requests_total\{method="GET",route="\/api\/search",status="200"\} [1-9]/);
    expect(text).toMatch(/atlas_http_requests_total\{method="GET",route="\/api\/nodes\/:id",status="404"\} [1-9]/);
    expect(text).toMatch(/atlas_neo4j_query_duration_seconds_count\{statement="search\/entities"\} [1-9]/);
    expect(text).toMatch(/atlas_neo4j_transactions_in_flight 0/);
    expect(text).toMatch(/atlas_neo4j_pool_max_size \d+/);
    // Raw URLs never become labels.
    expect(text).not.toContain("no-such-node");
  });
});

describe("headers, CORS and limits", () => {
  it("sends a content security policy and no server fingerprint", async () => {
    const res = await fetch(`${api.url}/api/health`);
    expect(res.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("x-powered-by")).toBeNull();
  });

  it("answers CORS only for configured origins", async () => {
    const other = await fetch(`${api.url}/api/health`, { headers: { Origin: "https://evil.example" } });
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
    const allowed = await fetch(`${api.url}/api/health`, { headers: { Origin: "https://allowed.example" } });
    expect(allowed.headers.get("access-control-allow-origin")).toBe("https://allowed.example");
  });

  it("refuses bodies over the limit with 413 in the API's error format", async () => {
    const res = await api.send("POST", "/api/cypher", {
      body: { query: "RETURN 1", params: { x: "a".repeat(2_000_000) } },
    });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe("payload_too_large");
  });
});

/** Values a careless or hostile client might send. */
const junk = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    "",
    " ",
    "-1",
    "0",
    "1e309",
    "NaN",
    "null",
    "[]",
    "{}",
    "%00",
    "../../etc/passwd",
    "' OR 1=1 --",
    "<script>",
    "MATCH (n) DETACH DELETE n",
    "\u0000",
    "9".repeat(40),
    "a,b,,c",
    "Ω≈ç√",
    "true",
  ),
  fc.integer().map(String),
  fc.double().map(String),
);
const jsonJunk = fc.jsonValue({ maxDepth: 3 });

interface Op {
  method: string;
  path: string;
  params: { name: string; in: string }[];
  hasBody: boolean;
}

function operations(doc: any): Op[] {
  const ops: Op[] = [];
  for (const [path, methods] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
    for (const [method, op] of Object.entries(methods)) {
      ops.push({ method: method.toUpperCase(), path, params: op.parameters ?? [], hasBody: Boolean(op.requestBody) });
    }
  }
  return ops;
}

describe("property-based fuzz of every endpoint (seeded)", () => {
  it("never answers 500 or a stack trace, always the JSON error shape, and changes nothing", async () => {
    const doc = (await api.get("/api/openapi.json")).body;
    const ops = operations(doc).filter((o) => o.path !== "/api/metrics");
    expect(ops.length).toBeGreaterThan(25);
    const before = await databaseChecksum(api.db);
    let calls = 0;
    const statuses = new Set<number>();
    for (const op of ops) {
      await fc.assert(
        fc.asyncProperty(
          fc.record({
            query: fc.dictionary(
              fc.constantFrom(...op.params.filter((p) => p.in === "query").map((p) => p.name), "limit", "extra"),
              junk,
              { maxKeys: 4 },
            ),
            path: junk,
            body: jsonJunk,
            authenticated: fc.boolean(),
          }),
          async ({ query, path, body, authenticated }) => {
            const url =
              op.path.replace(/\{[^}]+\}/g, () => encodeURIComponent(path || "x")) +
              "?" +
              new URLSearchParams(query as Record<string, string>).toString();
            const res = await api.send(op.method, url, {
              body: op.hasBody || op.method !== "GET" ? body : undefined,
              token: authenticated ? EDITOR : undefined,
            });
            calls++;
            statuses.add(res.status);
            const text = typeof res.body === "string" ? res.body : JSON.stringify(res.body);
            if (res.status >= 500 && res.status !== 503 && res.status !== 504) return false;
            if (/\n\s+at .+\(.+:\d+:\d+\)/.test(text)) return false;
            if (res.status >= 400 && !(res.body?.error?.code && res.body?.error?.message)) return false;
            return true;
          },
        ),
        { seed: 20261125, numRuns: 12, endOnFailure: true },
      );
    }
    expect(calls).toBeGreaterThan(ops.length * 10);
    // The generator reaches both the handlers and the validation in front of them.
    expect([...statuses]).toEqual(expect.arrayContaining([200, 400, 401, 404]));
    expect(await databaseChecksum(api.db)).toBe(before);
  }, 300_000);
});
