/**
 * The console tried as an attacker would, against the real test Neo4j: the hostile corpus through the console and
 * through POST /api/export, while a probe measures that other requests are still answered; no request ever reaches
 * a listener that LOAD CSV was aimed at (neither through the app nor straight at the database); no GDS graph is left
 * behind; the database is unchanged; and a query the database cannot stop holds the console's one place, not the
 * rest of the app.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import neo4j from "neo4j-driver";
import { afterAll, beforeAll, describe, expect, it, inject } from "vitest";
import { HOSTILE } from "./fixtures/hostile-queries.ts";
import { databaseChecksum } from "./helpers/checksum.ts";
import { startServer, type TestServer } from "./helpers/server.ts";

let api: TestServer;
let listener: Server;
let listenerHits: string[] = [];
let target = "";

beforeAll(async () => {
  api = await startServer({ CYPHER_TIMEOUT_MS: "2000", CYPHER_MAX_ROWS: "100", RATE_LIMIT_PER_MINUTE: "1000000" });
  listener = createServer((req, res) => {
    listenerHits.push(`${req.method} ${req.url}`);
    res.end("a,b\n1,2\n");
  });
  listener.listen(0, "127.0.0.1");
  await new Promise((r) => listener.once("listening", r));
  target = `127.0.0.1:${(listener.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await api.close();
  await new Promise((r) => listener.close(r));
});

/** Aims every URL of the corpus that points at this machine at the test's own listener. */
const aimed = (q: string) => q.replace(/(127\.0\.0\.1|localhost|\[::1\]):3000/g, target);

async function post(path: string, body: unknown) {
  const res = await fetch(api.url + path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: any = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* a file */
  }
  return { status: res.status, body: parsed };
}

/** Requests other users make while the corpus runs: each status and time, until stopped. */
function probe() {
  const samples: { status: number; ms: number }[] = [];
  let running = true;
  const loop = (async () => {
    const paths = ["/api/search?q=unodc", "/api/nodes/unodc", "/api/health"];
    for (let i = 0; running; i++) {
      const started = performance.now();
      const res = await fetch(api.url + paths[i % paths.length]!, { signal: AbortSignal.timeout(20_000) }).catch(
        () => null,
      );
      await res?.arrayBuffer();
      samples.push({ status: res?.status ?? 0, ms: performance.now() - started });
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);
      return { samples, p95: sorted[Math.floor(sorted.length * 0.95)] ?? 0, max: sorted.at(-1) ?? 0 };
    },
  };
}

/** A driver with the test database's own credentials, to look behind the app's back. */
function admin() {
  const creds = inject("neo4j");
  return neo4j.driver(creds.uri, neo4j.auth.basic(creds.username, creds.password));
}

describe("the hostile console corpus", () => {
  it(`refuses or stops all ${HOSTILE.length} queries; others are answered meanwhile; nothing changes`, async () => {
    expect(HOSTILE.length).toBeGreaterThanOrEqual(300);
    const before = await databaseChecksum(api.db);
    listenerHits = [];
    const other = probe();
    const wrong: string[] = [];
    for (const [raw, codes] of HOSTILE) {
      const query = aimed(raw);
      const res = await post("/api/cypher", { query });
      const code = res.body?.error?.code;
      if (res.status === 200 || (res.status >= 500 && res.status !== 504) || !codes.includes(code))
        wrong.push(`${JSON.stringify(query)} -> ${res.status} ${code} (expected ${codes.join("|")})`);
    }
    const { samples, p95, max } = await other.stop();
    expect(wrong).toEqual([]);
    expect(listenerHits).toEqual([]);
    expect(await databaseChecksum(api.db)).toBe(before);
    // Every request of other users was answered, and answered in time.
    expect(samples.length).toBeGreaterThan(50);
    expect(samples.filter((s) => s.status !== 200)).toEqual([]);
    console.log(
      `probe during the corpus: ${samples.length} requests, p95 ${p95.toFixed(0)} ms, max ${max.toFixed(0)} ms`,
    );
  }, 900_000);

  it("refuses the same queries when they come to be exported", async () => {
    const sample = HOSTILE.filter((_, i) => i % 7 === 0);
    listenerHits = [];
    const wrong: string[] = [];
    for (const [raw, codes] of sample) {
      const res = await post("/api/export", { format: "json", query: aimed(raw) });
      if (res.status === 200 || !codes.includes(res.body?.error?.code)) wrong.push(`${raw} -> ${res.status}`);
    }
    expect(wrong).toEqual([]);
    expect(listenerHits).toEqual([]);
  }, 300_000);

  it("leaves no GDS graph behind", async () => {
    const driver = admin();
    try {
      const graphs = await driver.executeQuery("CALL gds.graph.list() YIELD graphName RETURN graphName");
      const names = graphs.records.map((r) => r.get("graphName") as string);
      expect(names.filter((n) => /hostile|^x$|^g$/.test(n))).toEqual([]);
    } finally {
      await driver.close();
    }
  });
});

/** What researchers write: each must run. The guard is useless if it refuses the work it is there to allow. */
const LEGITIMATE = [
  "MATCH (n:Actor {sector: 'NGO'}) RETURN n.name ORDER BY n.name SKIP 5 LIMIT 10",
  "MATCH (a:Actor)-[r:FUNDS]->(b) RETURN a.name, b.name, r.since ORDER BY r.since DESC LIMIT 20",
  "MATCH (a:Entity {id: 'unodc'}) OPTIONAL MATCH (a)-[:MEMBER_OF]->(p) RETURN a.name, collect(p.name) AS memberships",
  "MATCH p = shortestPath((a:Entity {id: 'unodc'})-[*..6]-(b:Entity {id: 'ilo'})) RETURN length(p) AS hops",
  "MATCH p = allShortestPaths((a:Entity {id: 'unodc'})-[*..4]-(b:Entity {id: 'iom'})) RETURN count(p) AS paths",
  "MATCH p = SHORTEST 2 (a:Entity {id: 'unodc'})-[]-{1,4}(b:Entity {id: 'ilo'}) RETURN length(p) AS hops",
  "MATCH (a:Entity {id: 'unodc'}) ((x)-[:PARTNERS_WITH]-(y)){1,2} (b) RETURN count(DISTINCT b) AS reach",
  "MATCH (a:Actor) WHERE EXISTS { (a)-[:FUNDS]->(:Partnership) } RETURN count(a) AS funders",
  "MATCH (a:Actor) RETURN a.name, COUNT { (a)--() } AS degree ORDER BY degree DESC LIMIT 10",
  "MATCH (a:Actor) WHERE a.sector IN $sectors RETURN a.sector, count(*) AS n",
  "MATCH (a:Actor) RETURN a.name, [(a)-[:MEMBER_OF]->(p) | p.name][..3] AS some LIMIT 5",
  "MATCH (a:Actor) WITH a.sector AS s, count(*) AS n RETURN s, n, CASE WHEN n > 100 THEN 'large' ELSE 'small' END",
  "MATCH (a:Actor) RETURN a.sector AS s UNION MATCH (p:Partnership) RETURN p.kind AS s",
  "CALL { MATCH (a:Actor) RETURN count(a) AS actors } CALL { MATCH (p:Partnership) RETURN count(p) AS ps } RETURN *",
  "MATCH (a:Actor) CALL (a) { MATCH (a)-[r]-() RETURN count(r) AS ties } RETURN a.name, ties ORDER BY ties DESC LIMIT 3",
  "UNWIND range(2000, 2025) AS year RETURN year, date({year: year}).year AS y",
  "CALL db.index.fulltext.queryNodes('entity_search', 'trafficking') YIELD node, score RETURN node.name, score LIMIT 5",
  "CALL db.labels() YIELD label RETURN label",
  "CALL db.schema.visualization()",
  "MATCH (a:Actor)-[r]->(b) RETURN type(r) AS type, count(*) AS n ORDER BY n DESC",
  "MATCH (a:Actor) WHERE a.name =~ '(?i).*anti.*' RETURN a.name LIMIT 5",
  "MATCH (a:Actor) RETURN toUpper(left(a.name, 3)), size(a.sources), coalesce(a.acronym, '-') LIMIT 5",
  "MATCH (a:Actor) WITH collect(a.name) AS names RETURN [i IN range(0, size(names) - 1) WHERE i % 500 = 0 | names[i]]",
  "MATCH (a:Actor) RETURN DISTINCT a.country ORDER BY a.country LIMIT 5",
  "RETURN gds.similarity.cosine([1.0, 0.0], [1.0, 1.0]) AS s",
  "MATCH (a:Actor)-[:FUNDS]->(b) WITH a, count(b) AS grants WHERE grants > 2 RETURN a.name, grants",
  "// a comment first\nMATCH (n) RETURN count(n) AS n",
  "MATCH (n) RETURN count(n) AS n;",
];

describe("what researchers write", () => {
  it("runs every ordinary read query", async () => {
    const refused: string[] = [];
    for (const query of LEGITIMATE) {
      const res = await post("/api/cypher", { query, params: { sectors: ["NGO", "Government"] } });
      if (res.status !== 200) refused.push(`${query} -> ${res.status} ${JSON.stringify(res.body?.error)}`);
    }
    expect(refused).toEqual([]);
  }, 120_000);
});

describe("the database itself", () => {
  it("refuses LOAD CSV from any address, even to its own administrator", async () => {
    const driver = admin();
    listenerHits = [];
    try {
      for (const url of [`http://${target}/x.csv`, `http://localhost:${target.split(":")[1]}/x.csv`]) {
        const err = await driver.executeQuery(`LOAD CSV FROM $url AS r RETURN r`, { url }).then(
          () => null,
          (e: Error & { code?: string }) => e,
        );
        expect(err?.message, url).toMatch(/blocked|cypher_ip_blocklist/);
      }
      const file = await driver.executeQuery("LOAD CSV FROM 'file:///etc/hostname' AS r RETURN r").then(
        () => null,
        (e: Error) => e,
      );
      expect(file).not.toBeNull();
      expect(listenerHits).toEqual([]);
    } finally {
      await driver.close();
    }
  });

  it("runs the local Neo4j with its usage report off", async () => {
    const driver = admin();
    try {
      const { records } = await driver.executeQuery(
        "SHOW SETTINGS YIELD name, value WHERE name = 'dbms.usage_report.enabled' RETURN value",
      );
      expect(records.map((r) => r.get("value"))).toEqual(["false"]);
    } finally {
      await driver.close();
    }
  });

  it("keeps transaction memory well inside the heap", async () => {
    const driver = admin();
    try {
      const settings = await driver.executeQuery(
        "SHOW SETTINGS YIELD name, value WHERE name IN ['db.memory.transaction.max', 'db.memory.transaction.total.max', 'dbms.memory.transaction.total.max'] RETURN name, value",
      );
      const bytes = (v: string) => {
        const m = /^([\d.]+)\s*([KMG]i?B?)?$/i.exec(v.trim());
        const unit = { k: 2 ** 10, m: 2 ** 20, g: 2 ** 30 }[(m?.[2] ?? "").charAt(0).toLowerCase()] ?? 1;
        return Number(m?.[1] ?? NaN) * unit;
      };
      const values = Object.fromEntries(settings.records.map((r) => [r.get("name"), bytes(r.get("value"))]));
      // The test instance runs with a 1 GiB heap.
      const heap = 2 ** 30;
      expect(values["db.memory.transaction.max"]).toBeGreaterThan(0);
      expect(values["db.memory.transaction.max"]).toBeLessThanOrEqual(heap / 4);
      expect(values["db.memory.transaction.total.max"]).toBeLessThanOrEqual(heap / 2);
      expect(values["dbms.memory.transaction.total.max"]).toBeLessThanOrEqual(heap / 2);
    } finally {
      await driver.close();
    }
  });
});

describe("a query the database cannot stop", () => {
  // Within every limit of the parse check (two nested iterations, a range of 450,000), yet one expression of about
  // 650 million steps on the curated data: Neo4j checks its time limit only between rows. It runs for about 12 s on
  // the reference machine, well past the 5 s after which the API answers for it (a third of that, 4 s, was too
  // close: a run that finished in time made this test fail).
  const SLOW =
    "MATCH (a:Entity) WITH collect(a.id) AS xs RETURN reduce(s = 0, x IN xs | s + reduce(t = 0, i IN range(1, 450000) | t + 1)) AS n";

  it("is answered 504, asked to terminate, and holds only the console's place until it ends", async () => {
    const other = probe();
    const started = performance.now();
    const slow = post("/api/cypher", { query: SLOW });
    await new Promise((r) => setTimeout(r, 500));
    // A second console query waits for the one place, or is told the console is busy.
    const second = post("/api/cypher", { query: "RETURN 1 AS one" });
    const first = await slow;
    expect(first.status).toBe(504);
    expect(first.body.error.code).toBe("query_timeout");
    expect(performance.now() - started).toBeLessThan(2000 + 3000 + 2000);
    // The database was asked to terminate it.
    const driver = admin();
    try {
      const txs = await driver.executeQuery("SHOW TRANSACTIONS YIELD metaData, status RETURN metaData, status");
      const tagged = txs.records.filter((r) => (r.get("metaData") as Record<string, unknown>)?.atlasConsole);
      for (const r of tagged) expect(r.get("status")).toMatch(/Terminat/);
    } finally {
      await driver.close();
    }
    const next = await second;
    expect([200, 503]).toContain(next.status);
    if (next.status === 503) expect(next.body.error.code).toBe("busy");
    const { samples } = await other.stop();
    expect(samples.filter((s) => s.status !== 200)).toEqual([]);
    // Once the database is done with it, the console answers again.
    let again = await post("/api/cypher", { query: "RETURN 1 AS one" });
    for (let i = 0; i < 60 && again.status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 1000));
      again = await post("/api/cypher", { query: "RETURN 1 AS one" });
    }
    expect(again.status).toBe(200);
  }, 120_000);
});

describe("heavy work and light work", () => {
  it("a full lane answers 503 busy at once, while search and node details are served", async () => {
    const tight = await startServer({ HEAVY_CONCURRENCY: "1", HEAVY_QUEUE: "0", RATE_LIMIT_PER_MINUTE: "1000000" });
    try {
      const exports = Array.from({ length: 4 }, () => tight.get("/api/export?format=graphml"));
      const light = await Promise.all([tight.get("/api/search?q=unodc"), tight.get("/api/nodes/unodc")]);
      expect(light.map((r) => r.status)).toEqual([200, 200]);
      const statuses = (await Promise.all(exports)).map((r) => r.status).sort();
      expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(1);
      const busy = (await Promise.all(exports)).filter((r) => r.status === 503);
      expect(busy.length).toBeGreaterThanOrEqual(1);
      for (const r of busy) {
        expect(r.body.error.code).toBe("busy");
        expect(r.headers.get("retry-after")).toBeTruthy();
      }
      // The views have a lane of their own: a graph view is served while exports fill theirs.
      const more = Array.from({ length: 2 }, () => tight.get("/api/export?format=graphml"));
      expect((await tight.get("/api/graph?sector=NGO")).status).toBe(200);
      await Promise.all(more);
    } finally {
      await tight.close();
    }
  }, 120_000);
});
