/**
 * The trust boundary of a private instance, tried as an attacker would: every route of the OpenAPI document in
 * upper, mixed and percent-encoded case, with and without credentials; bodies refused before they are read;
 * forwarding headers that do not move rate limits; sign-in limits, sign-out and malformed tokens; deep JSON.
 */
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ATLAS_DIR, instance } from "../db/local.ts";
import { startServer, type TestServer } from "./helpers/server.ts";

const VIEWER = "viewer-secret-access-0123456789";
const EDITOR = "editor-secret-access-0123456789";
let priv: TestServer;

beforeAll(async () => {
  priv = await startServer({
    READ_ACCESS: "signed-in",
    ATLAS_USERS: `vera:viewer:${VIEWER},eddie:editor:${EDITOR}`,
    RATE_LIMIT_PER_MINUTE: "100000",
  });
});
afterAll(async () => {
  await priv.close();
});

/** `/api/nodes/{id}` with a value for every path parameter. */
const concrete = (path: string) => path.replace(/\{[^}]+\}/g, "unodc");

/** The spellings of one path an attacker would try: upper case, mixed case, percent-encoded letters. */
function spellings(path: string): string[] {
  const upper = path.toUpperCase();
  const mixed = path
    .split("")
    .map((c, i) => (i % 2 ? c.toUpperCase() : c))
    .join("");
  const apiUpper = path.replace(/^\/api\//, "/API/");
  // %61 is "a", %73 is "s": letters that every API path has, spelled as escapes.
  const encoded = path.replace(/^\/api\//, "/%61pi/").replace(/s/, "%73");
  const encodedTail = path.replace(
    /([a-z])([a-z]*)$/,
    (_m, a: string, rest: string) => `%${a.charCodeAt(0).toString(16)}${rest}`,
  );
  return [...new Set([upper, mixed, apiUpper, encoded, encodedTail])].filter((p) => p !== path);
}

describe("a private instance (READ_ACCESS=signed-in)", () => {
  it("answers no route's data to an anonymous caller, however the path is spelled", async () => {
    const doc = (await priv.send("GET", "/api/openapi.json", { token: VIEWER })).body;
    const ops = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => ({ method: method.toUpperCase(), path: concrete(path) })),
    );
    expect(ops.length).toBeGreaterThan(25);
    const leaks: string[] = [];
    for (const op of ops) {
      const publicRoute = ["/api/health", "/api/auth/sign-in", "/api/auth/me", "/api/auth/sign-out"].includes(op.path);
      for (const p of [op.path, ...spellings(op.path)]) {
        const res = await priv.send(op.method, p, op.method === "GET" ? {} : { body: {} });
        // Anonymous: the canonical spelling is refused (401) unless public; any other spelling is not a route (404)
        // or refused. Never a 2xx, and never data.
        const ok = publicRoute && p === op.path ? res.status < 500 : res.status === 401 || res.status === 404;
        if (!ok) leaks.push(`${op.method} ${p} -> ${res.status}`);
      }
    }
    expect(leaks).toEqual([]);
  }, 120_000);

  it("serves a signed-in viewer on the canonical paths, and other spellings are not routes", async () => {
    expect((await priv.send("GET", "/api/stats", { token: VIEWER })).status).toBe(200);
    expect((await priv.send("GET", "/api/nodes/unodc", { token: VIEWER })).status).toBe(200);
    const upper = await priv.send("GET", "/API/stats", { token: VIEWER });
    expect(upper.status).toBe(404);
    expect(upper.body.error.code).toBe("not_found");
    for (const p of ["/API/changes", "/Api/graph", "/api/STATS", "/api/%73tats", "/API/export?format=citations"]) {
      const anon = await priv.get(p);
      expect([401, 404], p).toContain(anon.status);
      expect(JSON.stringify(anon.body), p).not.toMatch(/unodc|UNODC/);
    }
  });

  it("health and sign-in stay open; a malformed or tampered token is refused even there", async () => {
    expect((await priv.get("/api/health")).status).toBe(200);
    const signIn = await priv.send("POST", "/api/auth/sign-in", { body: { secret: VIEWER } });
    expect(signIn.status).toBe(200);
    const token = signIn.body.token as string;
    expect((await priv.send("GET", "/api/stats", { token })).status).toBe(200);
    for (const bad of [
      `${token}.extra`,
      `${token}x`,
      `${token.slice(0, -1)}`,
      `${token}.`,
      token.replace("cas1.", "cas2."),
    ]) {
      const res = await priv.send("GET", "/api/stats", { token: bad });
      expect(res.status, bad.slice(-12)).toBe(401);
    }
  });
});

describe("sign-in and sign-out", () => {
  it("signing out revokes the token at once; other sessions go on", async () => {
    const a = (await priv.send("POST", "/api/auth/sign-in", { body: { secret: VIEWER } })).body.token as string;
    const b = (await priv.send("POST", "/api/auth/sign-in", { body: { secret: VIEWER } })).body.token as string;
    expect(a).not.toBe(b);
    const out = await priv.send("POST", "/api/auth/sign-out", { token: a });
    expect(out.status).toBe(200);
    const after = await priv.send("GET", "/api/stats", { token: a });
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe("session_revoked");
    expect((await priv.send("GET", "/api/stats", { token: b })).status).toBe(200);
    // Without a session token there is nothing to sign out.
    const none = await priv.send("POST", "/api/auth/sign-out", {});
    expect(none.status).toBe(400);
    expect(none.body.error.parameter).toBe("Authorization");
  });

  it("limits wrong secrets per address, and a forged X-Forwarded-For does not reset the count", async () => {
    const api = await startServer({ ATLAS_USERS: `vera:viewer:${VIEWER}`, SIGN_IN_ATTEMPTS_PER_MINUTE: "5" });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) {
        const res = await api.send("POST", "/api/auth/sign-in", {
          body: { secret: `wrong-secret-number-${i}-000000` },
          headers: { "x-forwarded-for": `203.0.113.${i + 1}` },
        });
        statuses.push(res.status);
      }
      expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
      expect(statuses.slice(5).every((s) => s === 429)).toBe(true);
    } finally {
      await api.close();
    }
  });

  it("rate limits count the socket's address, not X-Forwarded-For, unless a proxy is configured", async () => {
    const api = await startServer({ RATE_LIMIT_PER_MINUTE: "3" });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        const res = await api.send("POST", "/api/queries/most-connected", {
          body: { params: {} },
          headers: { "x-forwarded-for": `198.51.100.${i + 1}` },
        });
        statuses.push(res.status);
      }
      expect(statuses).toEqual([200, 200, 200, 429, 429, 429]);
    } finally {
      await api.close();
    }
  });
});

describe("bodies", () => {
  it("refuses an anonymous upload before reading it", async () => {
    // 40 MB announced, 64 KiB sent: an answer that waited for the body would never come.
    const { request } = await import("node:http");
    const url = new URL(`${priv.url}/api/import`);
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: "POST",
          headers: { "content-type": "application/json", "content-length": String(40_000_000) },
        },
        (res) => {
          let body = "";
          res.on("data", (c) => (body += c));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on("error", reject);
      req.write(Buffer.alloc(65_536, 0x20));
      // The request is left unfinished on purpose.
    });
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.body).error.code).toBe("credentials_required");
  });

  it("answers JSON nested 100,000 deep, and a path from a node to itself, with a 400 naming the field", async () => {
    const deep = "[".repeat(100_000) + "]".repeat(100_000);
    for (const path of ["/api/cypher", "/api/entities", "/api/queries/most-connected"]) {
      const res = await priv.send("POST", path, { body: `{"query": ${deep}}`, token: EDITOR });
      expect(res.status, path).toBe(400);
      expect(res.body.error.code, path).toBe("invalid_json");
      expect(res.body.error.parameter, path).toBe("(body)");
    }
    // A path from a node to itself is a bad request, not a server error.
    const self = await priv.send("GET", "/api/paths?from=unodc&to=unodc", { token: VIEWER });
    expect(self.status).toBe(400);
    expect(self.body.error.parameter).toBe("to");
    // Brackets inside strings do not count as nesting.
    const ok = await priv.send("POST", "/api/cypher", {
      body: { query: "RETURN $s AS s", params: { s: "[".repeat(500) } },
      token: VIEWER,
    });
    expect(ok.status).toBe(200);
  });
});

describe("text that would break exports", () => {
  const BAD = ["\u0000", "\u0001", "\u001b", "\uffff", "\ud800"];

  it("is refused by curation, naming the field and the character, and nothing is written", async () => {
    for (const ch of BAD) {
      const res = await priv.send("POST", "/api/entities", {
        token: EDITOR,
        body: { id: "control-char-test", name: `Bad${ch}name`, sources: ["https://example.org/x"] },
      });
      expect(res.status, JSON.stringify(ch)).toBe(400);
      expect(res.body.error.parameter).toBe("name");
      expect(res.body.error.message).toMatch(/U\+[0-9A-F]{4} at character 4/);
    }
    expect((await priv.send("GET", "/api/nodes/control-char-test", { token: VIEWER })).status).toBe(404);
  });

  it("is refused by import, naming the file, line and field, and nothing is written", async () => {
    // An unpaired surrogate cannot travel in UTF-8 (it arrives as U+FFFD), so files are tried with the others.
    for (const ch of BAD.filter((c) => c !== "\ud800")) {
      const csv = `id,name,sources\nctl-a,Fine,https://example.org/a\nctl-b,Bad${ch}one,https://example.org/b\n`;
      const res = await priv.send("POST", "/api/import", {
        token: EDITOR,
        body: {
          dataset: "control-chars",
          format: "csv",
          files: [{ name: "nodes.csv", role: "nodes", content: Buffer.from(csv).toString("base64") }],
        },
      });
      expect(res.status, JSON.stringify(ch)).toBe(422);
      expect(res.body.error.problems.join("\n")).toMatch(/nodes\.csv:3: field 'name': holds a control/);
    }
    expect((await priv.send("GET", "/api/nodes/ctl-a", { token: VIEWER })).status).toBe(404);
  });
});

describe("local files", () => {
  it("keep the database, its logs and caches readable by their owner only", () => {
    const home = instance("test").home;
    const others = (p: string) => statSync(p).mode & 0o077;
    if (home.startsWith(ATLAS_DIR + path.sep)) expect(others(ATLAS_DIR).toString(8)).toBe("0");
    expect(others(home).toString(8)).toBe("0");
    for (const file of ["password", "atlas-neo4j.log", "atlas-neo4j.pid"]) {
      expect(others(path.join(home, file)).toString(8), file).toBe("0");
    }
    // Everything Neo4j itself writes sits below the private home folder.
    expect(readdirSync(home).length).toBeGreaterThan(3);
  });
});
