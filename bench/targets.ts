/**
 * What the load and overhead benchmarks run against: the curated dataset (the main local Neo4j, seeded when empty)
 * and the large synthetic graph (the synthetic local Neo4j, generated and loaded when it holds too little), each
 * served by the real server started as its own process on loopback.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { instance, ROOT, start, type Credentials } from "../db/local.ts";
import { loadConfig } from "../server/core/config.ts";
import { applySchema } from "../server/core/connection.ts";
import { Database } from "../server/core/db.ts";
import { readDataset } from "../seed/dataset.ts";
import { loadDataset } from "../seed/load.ts";
import { DATA_DIR } from "../seed/paths.ts";
import { generateAndLoad } from "../seed/synthetic-cli.ts";

export interface Target {
  name: "curated" | "synthetic";
  creds: Credentials;
  db: Database;
  /** Ids of actors with ties, names to search for, countries in use: what the request mix draws from. */
  ids: string[];
  words: string[];
  countries: string[];
}

export async function prepare(name: Target["name"]): Promise<Target> {
  let creds = await start(instance(name === "curated" ? "main" : "synthetic"));
  let db = Database.fromConfig(loadConfig({}), creds);
  await applySchema(db);
  const [count] = await db.readRows<{ nodes: number }>("meta/counts");
  const entities = Number(count?.nodes ?? 0);
  if (name === "curated" && entities === 0) await loadDataset(db, readDataset(DATA_DIR));
  if (name === "synthetic" && entities < 100_000) {
    await db.close();
    await generateAndLoad({ actors: 100_000, relationships: 1_000_000, seed: 1 });
    creds = await start(instance("synthetic"));
    db = Database.fromConfig(loadConfig({}), creds);
  }
  const session = db.driver.session({ database: db.database });
  try {
    const rows = await session.run(
      "MATCH (n:Actor) WHERE COUNT { (n)--(:Entity) } > 0 WITH n LIMIT 5000 RETURN n.id AS id, n.name AS name, n.country AS country",
    );
    const ids = rows.records.map((r) => r.get("id") as string);
    const words = [
      ...new Set(
        rows.records
          .map((r) => String(r.get("name")).split(/\s+/)[0]!)
          .filter((w) => w.length > 3 && /^[A-Za-z]+$/.test(w)),
      ),
    ].slice(0, 300);
    const countries = [
      ...new Set(rows.records.map((r) => r.get("country") as string | null).filter((c): c is string => !!c)),
    ];
    return { name, creds, db, ids, words, countries };
  } finally {
    await session.close();
  }
}

/** Starts the real server (npm start's server, without the client build) against a target, on a loopback port. */
export async function serve(
  t: Target,
  port: number,
  env: Record<string, string> = {},
): Promise<{
  url: string;
  /** Waits until health no longer says the analytics are warming up; the seconds since the server was started. */
  ready: () => Promise<number>;
  stop: () => Promise<void>;
}> {
  const spawned = performance.now();
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "server", "main.ts")], {
    cwd: ROOT,
    env: {
      ...process.env,
      NEO4J_URI: t.creds.uri,
      NEO4J_USERNAME: t.creds.username,
      NEO4J_PASSWORD: t.creds.password,
      PORT: String(port),
      LOG_LEVEL: "warn",
      ATLAS_AUTO_SEED: "off",
      RATE_LIMIT_PER_MINUTE: "10000000",
      ...env,
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`bench: the server exited with code ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error("bench: the server did not start within 2 minutes");
    await new Promise((r) => setTimeout(r, 300));
  }
  return {
    url,
    ready: async () => {
      for (;;) {
        const health = (await (await fetch(`${url}/api/health`)).json()) as { analytics?: string };
        if (health.analytics !== "warming") return (performance.now() - spawned) / 1000;
        if (Date.now() > deadline + 600_000) throw new Error("bench: the server's analytics were not ready in time");
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    stop: () =>
      new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

export const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)]!;

/**
 * Waits (at most 5 minutes) until the server's layout of the whole network is ready: the steady state a researcher
 * meets, in which no worker thread is busy computing it.
 */
export async function layoutReady(url: string): Promise<void> {
  const by = Date.now() + 300_000;
  while (Date.now() < by) {
    const g = (await (await fetch(`${url}/api/graph?limit=1`)).json()) as { attributes?: { layout?: string } };
    if (g.attributes?.layout === "forceatlas2") return;
    await new Promise((r) => setTimeout(r, 1000));
  }
}
