/** Runs the real app against the test Neo4j on a free port, for integration tests. */
import type { AddressInfo } from "node:net";
import pino from "pino";
import { inject } from "vitest";
import { createApp, type AppDeps } from "../../server/app.ts";
import { loadConfig } from "../../server/core/config.ts";
import { Database } from "../../server/core/db.ts";

export interface TestServer {
  url: string;
  db: Database;
  get: (pathAndQuery: string) => Promise<{ status: number; body: any; headers: Headers }>;
  /** Any method, with a JSON body and a bearer token when given. */
  send: (
    method: string,
    pathAndQuery: string,
    opts?: { body?: unknown; token?: string; headers?: Record<string, string> },
  ) => Promise<{ status: number; body: any; headers: Headers }>;
  close: () => Promise<void>;
}

export async function startServer(
  env: Record<string, string> = {},
  deps: Pick<AppDeps, "readOnly"> = {},
): Promise<TestServer> {
  // Reads get 45 s, not the production 15 s: these tests check what the answers hold, and a pause of the machine they
  // run on (a virtual machine's disk or scheduler) must not fail them. The time limits themselves are tested with
  // QUERY_TIMEOUT_MS given (tests/curation.int.test.ts); speed is measured by the benchmarks.
  const config = loadConfig({ QUERY_TIMEOUT_MS: "45000", ...env });
  const db = Database.fromConfig(config, inject("neo4j"));
  const app = createApp({ db, config, logger: pino({ level: "silent" }), ...deps });
  const server = app.listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const send: TestServer["send"] = async (method, p, opts = {}) => {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.body !== undefined) headers["content-type"] ??= "application/json";
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    const res = await fetch(url + p, {
      method,
      headers,
      body: opts.body === undefined ? undefined : typeof opts.body === "string" ? opts.body : JSON.stringify(opts.body),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      /* not JSON: keep the text */
    }
    return { status: res.status, body, headers: res.headers };
  };
  return {
    url,
    db,
    get: (p) => send("GET", p),
    send,
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await db.close();
    },
  };
}

/** Waits until the server's layout of the whole network is ready (answers carry positions from then on). */
export async function layoutReady(api: TestServer, timeoutMs = 180_000): Promise<void> {
  const by = Date.now() + timeoutMs;
  while (Date.now() < by) {
    if ((await api.get("/api/graph?limit=1")).body?.attributes?.layout === "forceatlas2") return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("the server's layout was not ready in time");
}
