/**
 * The real server process killed (SIGKILL) while a large import stages its nodes: after a restart the staged nodes
 * are removed, and meanwhile they never count in /api/health or /api/stats. Runs `server/main.ts` as users do.
 */
import type { ChildProcess } from "node:child_process";
import neo4j from "neo4j-driver";
import { afterAll, describe, expect, inject, it } from "vitest";
import { freePort, serverProcess } from "./helpers/process.ts";

const EDITOR = "editor-secret-crash-0123456789";
const NODES = 40_000;
let child: ChildProcess | null = null;

afterAll(() => {
  child?.kill("SIGKILL");
});

/** Starts `server/main.ts` against the test Neo4j and resolves once it serves. */
async function startProcess(port: number): Promise<ChildProcess> {
  const p = serverProcess({
    PORT: String(port),
    EDITOR_TOKEN: EDITOR,
    IMPORT_SINGLE_TX_MAX: "1000",
    LOG_LEVEL: "info",
    ATLAS_AUTO_SEED: "off",
  });
  await p.serving;
  return p.child;
}

/** Staged nodes and import leases left in the database. */
async function stagedCount(): Promise<number> {
  const creds = inject("neo4j");
  const driver = neo4j.driver(creds.uri, neo4j.auth.basic(creds.username, creds.password));
  try {
    const res = await driver.executeQuery("MATCH (n) WHERE n:Staged OR n:ImportRun RETURN count(n) AS n");
    return Number(res.records[0]!.get("n"));
  } finally {
    await driver.close();
  }
}

describe("a server killed in the middle of an import", () => {
  it("leaves no staged nodes once it is started again, and never counts them", async () => {
    const port = await freePort();
    child = await startProcess(port);
    const before = (await (await fetch(`http://127.0.0.1:${port}/api/health`)).json()) as {
      counts: { nodes: number; relationships: number };
    };
    const rows = ["id,name,sector,sources"];
    for (let i = 0; i < NODES; i++) rows.push(`crash-${i},Crash test actor ${i},NGO,https://example.org/${i}`);
    const body = {
      dataset: "crash-test",
      format: "csv",
      files: [{ name: "nodes.csv", role: "nodes", content: Buffer.from(rows.join("\n")).toString("base64") }],
    };
    const upload = fetch(`http://127.0.0.1:${port}/api/import`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${EDITOR}` },
      body: JSON.stringify(body),
    }).catch(() => null);
    // Wait until the import has staged a good part of its nodes, then kill the process without warning.
    let staged = 0;
    for (let i = 0; i < 600 && staged < 6000; i++) {
      await new Promise((r) => setTimeout(r, 100));
      staged = await stagedCount();
    }
    expect(staged).toBeGreaterThanOrEqual(6000);
    // While staged, the nodes count nowhere.
    const during = (await (await fetch(`http://127.0.0.1:${port}/api/health`)).json()) as typeof before;
    expect(during.counts).toEqual(before.counts);
    child.kill("SIGKILL");
    await upload;
    expect(await stagedCount()).toBeGreaterThan(0);

    child = await startProcess(port);
    let left = await stagedCount();
    for (let i = 0; i < 120 && left > 0; i++) {
      await new Promise((r) => setTimeout(r, 500));
      left = await stagedCount();
    }
    expect(left).toBe(0);
    const after = (await (await fetch(`http://127.0.0.1:${port}/api/health`)).json()) as typeof before;
    expect(after.counts).toEqual(before.counts);
    const stats = (await (await fetch(`http://127.0.0.1:${port}/api/stats`)).json()) as Record<string, unknown>;
    expect(JSON.stringify(stats)).not.toMatch(/Staged|ImportRun/);
    child.kill("SIGTERM");
    child = null;
  }, 240_000);
});
