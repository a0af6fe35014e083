/**
 * Starting the server against a Neo4j of one's own: nothing is written unasked, a busy port stops the start with
 * a one-line error, and a read-only connection is served read-only (curation and import say why they are off).
 */
import net, { type AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { Database } from "../server/core/db.ts";
import { loadConfig } from "../server/core/config.ts";
import { readOnlyReason } from "../server/core/connection.ts";
import { databaseChecksum } from "./helpers/checksum.ts";
import { freePort, serverProcess } from "./helpers/process.ts";
import { startServer } from "./helpers/server.ts";

const ROOT = path.resolve(import.meta.dirname, "..");
const EDITOR = "editor-secret-0123456789";

let db: Database;
beforeAll(() => {
  db = Database.fromConfig(loadConfig({}), inject("neo4j"));
});
afterAll(async () => {
  await db?.close();
});

describe("starting against an external Neo4j", () => {
  it("writes nothing to it unasked, and says so", async () => {
    const before = await databaseChecksum(db);
    const port = await freePort();
    const p = serverProcess({ PORT: String(port) });
    try {
      await p.serving;
      const health = await fetch(`http://127.0.0.1:${port}/api/health`);
      expect(health.status).toBe(200);
      expect(p.output()).toContain("external Neo4j: its schema and data are left as they are");
      // The whole network's layout starts at once, and a line says when it is ready.
      const by = Date.now() + 90_000;
      while (!/layout ready: \d+ nodes/.test(p.output()) && Date.now() < by)
        await new Promise((r) => setTimeout(r, 250));
      expect(p.output()).toMatch(/layout: computing positions for \d+ nodes and \d+ relationships/);
      expect(p.output()).toMatch(/layout ready: \d+ nodes in [\d.]+ s/);
      // Health tells a server still reading the network and warming its analyses from one that is serving.
      let state: string | undefined;
      do {
        state = ((await (await fetch(`http://127.0.0.1:${port}/api/health`)).json()) as { analytics?: string })
          .analytics;
        if (state === "warming") await new Promise((r) => setTimeout(r, 100));
      } while (state === "warming" && Date.now() < by);
      expect(state).toBe("ready");
      expect(p.output()).toMatch(/analytics ready: \d+ nodes, \d+ ties/);
    } finally {
      p.child.kill("SIGTERM");
      await p.done;
    }
    expect(await databaseChecksum(db)).toBe(before);
  }, 150_000);

  it("stops with a one-line error when the port is busy", async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, "127.0.0.1", r));
    const port = (blocker.address() as AddressInfo).port;
    try {
      const p = serverProcess({ PORT: String(port) });
      p.serving.catch(() => undefined);
      const out = await p.done;
      expect(out.code).toBe(1);
      const errors = out.stderr.split("\n").filter((l) => l.startsWith("error:"));
      expect(errors).toEqual([
        `error: 127.0.0.1:${port} is already in use (another server runs there; set PORT to another port)`,
      ]);
      expect(out.stdout).not.toContain("is serving on");
    } finally {
      blocker.close();
    }
  });
});

describe("progress", () => {
  it("npm run seed says what it writes as it goes", async () => {
    const creds = inject("neo4j");
    const { spawnSync } = await import("node:child_process");
    const r = spawnSync(path.join(ROOT, "node_modules/.bin/tsx"), ["seed/cli.ts"], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 120_000,
      env: { ...process.env, NEO4J_URI: creds.uri, NEO4J_USERNAME: creds.username, NEO4J_PASSWORD: creds.password },
    });
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^seed: \d+ actors and partnerships, \d+ relationships, .*: valid$/);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^seed: writing \d+ actors and partnerships…$/),
        expect.stringMatching(/^seed: writing \d+ relationships…$/),
        expect.stringMatching(/^seed: loaded \d+ entities and \d+ relationships/),
      ]),
    );
  });
});

describe("a read-only connection", () => {
  it("is told apart from a writable one without writing", async () => {
    const before = await databaseChecksum(db);
    expect(await readOnlyReason(db)).toBeNull();
    expect(await databaseChecksum(db)).toBe(before);
  });

  it("is served read-only: curation and import answer 503 saying why, reads go on", async () => {
    const api = await startServer({ EDITOR_TOKEN: EDITOR }, { readOnly: "the Neo4j user may only read" });
    try {
      const imp = await api.send("POST", "/api/import", {
        token: EDITOR,
        body: { dataset: "x", format: "csv", files: [] },
      });
      expect(imp.status).toBe(503);
      expect(imp.body.error.message).toBe(
        "import is off: this server is read-only because the Neo4j user may only read",
      );
      const del = await api.send("DELETE", "/api/datasets/x", { token: EDITOR });
      expect(del.status).toBe(503);
      const edit = await api.send("POST", "/api/entities", { token: EDITOR, body: {} });
      expect(edit.status).toBe(503);
      expect(edit.body.error.message).toMatch(/^curation is off: this server is read-only/);
      expect((await api.get("/api/stats")).status).toBe(200);
    } finally {
      await api.close();
    }
  });
});
