/**
 * The database goes away under a running server and comes back: every request meanwhile gets a quick 503 with a
 * clear message (no hang, no crash), and the server recovers by itself once Neo4j is up again.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { instance, start, stop } from "../db/local.ts";
import { startServer, type TestServer } from "./helpers/server.ts";

const PATHS = [
  "/api/graph?limit=50",
  "/api/search?q=ilo",
  "/api/nodes/gov-fra",
  "/api/stats",
  "/api/paths?from=gov-fra&to=gov-deu",
];

let api: TestServer;
beforeAll(async () => {
  api = await startServer();
});
afterAll(async () => {
  await start(instance("test"));
  await api.close();
});

describe("database down and back", () => {
  it("answers 503 within two seconds while Neo4j is stopped, then recovers without a restart", async () => {
    expect((await api.get("/api/health")).status).toBe(200);

    await stop(instance("test"));
    for (const p of [...PATHS, "/api/health"]) {
      const started = performance.now();
      const res = await api.get(p);
      const ms = performance.now() - started;
      expect(res.status, p).toBe(503);
      expect(ms, `${p} took ${Math.round(ms)} ms`).toBeLessThan(2000);
      expect(res.body.error.code).toBe("database_unavailable");
      expect(res.body.error.message).toMatch(/database is not reachable/);
      expect(res.headers.get("retry-after")).toBe("2");
    }

    await start(instance("test"));
    const back = performance.now();
    let ok = false;
    while (!ok && performance.now() - back < 5000) {
      ok = (await api.get("/api/graph?limit=50")).status === 200;
      if (!ok) await new Promise((r) => setTimeout(r, 200));
    }
    expect(ok, "requests succeed again within 5 s of the database's return").toBe(true);
    for (const p of PATHS) expect((await api.get(p)).status, p).toBe(200);
  });
});
