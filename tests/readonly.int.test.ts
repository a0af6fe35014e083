/**
 * A real read-only database: a Neo4j instance of this file's own (so the shared test instance is never touched),
 * loaded with the curated dataset, then restarted with `server.databases.read_only=neo4j` (Neo4j Community has no
 * `ALTER DATABASE … SET ACCESS READ ONLY` and no `dbms.setConfigValue`; the setting at start is its way). The
 * server process started against it, even when asked to prepare the database (ATLAS_AUTO_SEED=on), writes nothing,
 * serves the network, says it is read-only in its log and in /api/health, and curation, change sets and import
 * answer 503 saying why.
 */
import { rmSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { instance, start, stop, type Credentials, type LocalInstance } from "../db/local.ts";
import { loadConfig } from "../server/core/config.ts";
import { applySchema, readOnlyReason } from "../server/core/connection.ts";
import { Database } from "../server/core/db.ts";
import { readDataset } from "../seed/dataset.ts";
import { loadDataset } from "../seed/load.ts";
import { DATA_DIR } from "../seed/paths.ts";
import { databaseChecksum } from "./helpers/checksum.ts";
import { freePort, serverProcess } from "./helpers/process.ts";

const EDITOR = "editor-secret-0123456789";

let inst: LocalInstance;
let creds: Credentials;
let db: Database;

beforeAll(async () => {
  const test = instance("test");
  inst = {
    name: "read-only",
    home: path.join(path.dirname(test.home), `${path.basename(test.home)}-read-only`),
    port: await freePort(),
    heap: "768m",
    conf: { "server.memory.pagecache.size": "64m" },
  };
  // Loaded while writable, then restarted read-only.
  await stop(inst);
  rmSync(inst.home, { recursive: true, force: true });
  const writable = await start(inst);
  const loader = Database.fromConfig(loadConfig({}), writable);
  try {
    await applySchema(loader);
    await loadDataset(loader, readDataset(DATA_DIR), { reset: true });
  } finally {
    await loader.close();
  }
  await stop(inst);
  creds = await start({ ...inst, conf: { ...inst.conf, "server.databases.read_only": "neo4j" } });
  db = Database.fromConfig(loadConfig({}), creds);
}, 480_000);

afterAll(async () => {
  await db?.close();
  if (inst) {
    await stop(inst);
    rmSync(inst.home, { recursive: true, force: true });
  }
}, 120_000);

describe("a read-only Neo4j database", { timeout: 240_000 }, () => {
  it("refuses writes itself, and the write probe tells it apart without writing", async () => {
    const write = db.write((tx) => tx.run("meta/write-probe"));
    await expect(write).rejects.toMatchObject({ code: expect.stringMatching(/ReadOnly/) });
    const reason = await readOnlyReason(db);
    expect(reason).toMatch(/^the Neo4j connection cannot write \(Neo\.ClientError\.\S*ReadOnly\S*: /);
  });

  it("is served read-only: the server starts without writing, serves the network, and curation and import say why they are off", async () => {
    const before = await databaseChecksum(db);
    const port = await freePort();
    const p = serverProcess({
      PORT: String(port),
      NEO4J_URI: creds.uri,
      NEO4J_USERNAME: creds.username,
      NEO4J_PASSWORD: creds.password,
      EDITOR_TOKEN: EDITOR,
      // Asked to prepare the database: a read-only one is left as it is all the same.
      ATLAS_AUTO_SEED: "on",
    });
    const base = `http://127.0.0.1:${port}`;
    const send = async (method: string, p: string, body?: unknown) => {
      const res = await fetch(base + p, {
        method,
        headers: { authorization: `Bearer ${EDITOR}`, "content-type": "application/json", connection: "close" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as any };
    };
    try {
      await p.serving;
      expect(p.output()).toMatch(
        /serving read-only \(curation and import are off\): the Neo4j connection cannot write \(Neo\.ClientError\.\S*ReadOnly/,
      );

      const health = await send("GET", "/api/health");
      expect(health.status).toBe(200);
      expect(health.body.readOnly).toMatch(/^the Neo4j connection cannot write \(Neo\.ClientError\.\S*ReadOnly/);

      const graph = await send("GET", "/api/graph?limit=50");
      expect(graph.status).toBe(200);
      expect(graph.body.nodes.length).toBe(50);
      const stats = await send("GET", "/api/stats");
      expect(stats.status).toBe(200);
      expect(stats.body.datasets.map((d: { id: string }) => d.id)).toContain("curated");

      const off = (tag: string) =>
        new RegExp(`^${tag} is off: this server is read-only because the Neo4j connection cannot write \\(`);
      const entity = await send("POST", "/api/entities", {
        name: "A new organization",
        sector: "NGO",
        sources: ["https://example.org/page"],
      });
      expect(entity.status).toBe(503);
      expect(entity.body.error.code).toBe("read_only");
      expect(entity.body.error.message).toMatch(off("curation"));
      const revert = await send("POST", "/api/changes/00000000-0000-4000-8000-000000000000/revert");
      expect(revert.status).toBe(503);
      expect(revert.body.error.message).toMatch(off("curation"));
      const changeSet = await send("POST", "/api/change-sets/proposal", {
        format: "gexf",
        file: { name: "a.gexf", content: "" },
      });
      expect(changeSet.status).toBe(503);
      expect(changeSet.body.error.message).toMatch(off("curation"));
      const imp = await send("POST", "/api/import", { dataset: "study", format: "csv", files: [] });
      expect(imp.status).toBe(503);
      expect(imp.body.error.code).toBe("read_only");
      expect(imp.body.error.message).toMatch(off("import"));
      const del = await send("DELETE", "/api/datasets/study");
      expect(del.status).toBe(503);
      expect(del.body.error.message).toMatch(off("import"));
      // Reading the history goes on.
      expect((await send("GET", "/api/changes")).status).toBe(200);
    } finally {
      p.child.kill("SIGTERM");
      await p.done;
    }
    expect(await databaseChecksum(db)).toBe(before);
  });
});
