/**
 * The Graph Data Science engine against the graphology engine, on the same scopes of the real database: a small
 * classic network loaded for the test (Zachary's karate club, each tie stored in both directions so PageRank has no
 * dangling node) and the curated dataset. Needs a Neo4j with GDS: the project's local Neo4j loads it; against
 * another Neo4j without it, the comparisons are skipped and say why.
 */
import { UndirectedGraph } from "graphology";
import karateClub from "graphology-generators/social/karate-club";
import { randomBytes } from "node:crypto";
import neo4j from "neo4j-driver";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startServer, type TestServer } from "./helpers/server.ts";

const DATASET = `gds-test-${randomBytes(4).toString("hex")}`;
const karate = karateClub(UndirectedGraph);
const idOf = (k: string) => `${DATASET}-${k}`;

let api: TestServer;

/** The GDS version of the test Neo4j, or null: known before the tests are collected, so they can be skipped. */
async function detectGds(): Promise<string | null> {
  const creds = inject("neo4j");
  const driver = neo4j.driver(creds.uri, neo4j.auth.basic(creds.username, creds.password));
  try {
    const { records } = await driver.executeQuery("RETURN gds.version() AS v");
    return String(records[0]!.get("v"));
  } catch {
    return null;
  } finally {
    await driver.close();
  }
}
const gdsVersion = await detectGds();

async function cypher(query: string, params: Record<string, unknown> = {}) {
  const session = api.db.driver.session({ database: api.db.database });
  try {
    return (await session.run(query, params)).records.map((r) => r.toObject());
  } finally {
    await session.close();
  }
}

beforeAll(async () => {
  // Every scope of at least 1 node goes to GDS under engine=auto: the threshold is read when the app is built.
  process.env.ANALYTICS_GDS_MIN_NODES = "1";
  api = await startServer({ RATE_LIMIT_PER_MINUTE: "100000" });
  delete process.env.ANALYTICS_GDS_MIN_NODES;
  const nodes = karate.nodes().map((k) => ({ id: idOf(k), name: `Karate member ${k}` }));
  const ties = karate.edges().flatMap((e) => {
    const [a, b] = [idOf(karate.source(e)), idOf(karate.target(e))];
    return [
      { a, b },
      { a: b, b: a },
    ];
  });
  await cypher(
    `UNWIND $nodes AS n CREATE (:Entity:Actor:Organization {id: n.id, name: n.name, sector: 'NGO', dataset: $ds})`,
    { nodes, ds: DATASET },
  );
  await cypher(
    `UNWIND $ties AS t MATCH (a:Entity {id: t.a}), (b:Entity {id: t.b}) CREATE (a)-[:PARTNERS_WITH {dataset: $ds}]->(b)`,
    { ties, ds: DATASET },
  );
});

afterAll(async () => {
  await cypher("MATCH (n:Entity {dataset: $ds}) DETACH DELETE n", { ds: DATASET });
  if (gdsVersion) {
    await cypher(
      "CALL gds.graph.list() YIELD graphName WITH graphName WHERE graphName STARTS WITH 'atlas-' CALL gds.graph.drop(graphName) YIELD graphName AS dropped RETURN count(*)",
    );
  }
  await api.close();
});

type Ranked = { id: string; value: number; rank: number }[];
async function centrality(metric: string, engine: string, scope = `dataset=${DATASET}`) {
  const res = await api.get(`/api/analytics/centrality?metric=${metric}&engine=${engine}&${scope}&limit=100000`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.body.engine).toBe(engine);
  return res.body as { nodeCount: number; edgeCount: number; results: Ranked };
}
const byId = (r: Ranked) => Object.fromEntries(r.map((x) => [x.id, x.value]));

describe("GDS engine", () => {
  it("names the engine that ran, and refuses engine=gds where the database has no GDS", async () => {
    const res = await api.get(`/api/analytics/centrality?metric=degree&dataset=${DATASET}&engine=memory&limit=1`);
    expect(res.status).toBe(200);
    expect(res.body.engine).toBe("memory");
    if (!gdsVersion) {
      const gds = await api.get(`/api/analytics/centrality?metric=degree&dataset=${DATASET}&engine=gds`);
      expect(gds.status).toBe(400);
      expect(gds.body.error.message).toContain("no Graph Data Science library");
    }
  });

  // Skipped, with this reason, when the test Neo4j has no GDS (a server given through NEO4J_URI without the plugin):
  // the project's own local Neo4j always loads it (db/pom.xml).
  describe.skipIf(gdsVersion === null)("against graphology (needs a Neo4j with the GDS library)", () => {
    it("gives the same betweenness, degree and closeness on the karate club", async () => {
      for (const metric of ["betweenness", "degree", "inDegree", "closeness"]) {
        const g = await centrality(metric, "memory");
        const d = await centrality(metric, "gds");
        expect(d.nodeCount, metric).toBe(34);
        expect(d.edgeCount, metric).toBe(g.edgeCount);
        const ref = byId(g.results);
        for (const r of d.results) expect(r.value, `${metric} ${r.id}`).toBeCloseTo(ref[r.id]!, 9);
      }
      const b = byId((await centrality("betweenness", "gds")).results);
      expect(b[idOf("0")]).toBeCloseTo(0.43763, 4); // the published value
    });

    it("gives the same PageRank and eigenvector values on the karate club", async () => {
      const g = byId((await centrality("pagerank", "memory")).results);
      const d = await centrality("pagerank", "gds");
      for (const r of d.results) expect(r.value).toBeCloseTo(g[r.id]!, 6);
      const ge = byId((await centrality("eigenvector", "memory")).results);
      const de = await centrality("eigenvector", "gds");
      for (const r of de.results) expect(r.value, r.id).toBeCloseTo(ge[r.id]!, 5);
    });

    it("finds Louvain communities of comparable modularity", async () => {
      const g = await api.get(`/api/analytics/communities?engine=memory&dataset=${DATASET}`);
      const d = await api.get(`/api/analytics/communities?engine=gds&dataset=${DATASET}`);
      expect(d.status).toBe(200);
      expect(d.body.engine).toBe("gds");
      expect(d.body.modularity).toBeGreaterThan(0.38);
      expect(Math.abs(d.body.modularity - g.body.modularity)).toBeLessThan(0.03);
      expect(Object.keys(d.body.assignment)).toHaveLength(34);
      expect(d.body.communities.reduce((s: number, c: { size: number }) => s + c.size, 0)).toBe(34);
      // The E-I index of each community, counted over the same ties as the graphology engine counts them.
      const byHand = (assignment: Record<string, number>) => {
        let inside = 0;
        karate.forEachEdge((_e, _a, s, t) => {
          if (assignment[idOf(s)] === assignment[idOf(t)]) inside += 2; // stored in both directions
        });
        const all = karate.size * 2;
        return (all - inside - inside) / all;
      };
      expect(d.body.ei).toBeCloseTo(byHand(d.body.assignment), 12);
      expect(g.body.ei).toBeCloseTo(byHand(g.body.assignment), 12);
      for (const c of d.body.communities) expect(c.ei).toBeLessThan(0);
    });

    it("ranks the curated network's PageRank leaders alike", async () => {
      // Stored ties are directed and many nodes have none going out: GDS lets their rank leak where graphology
      // spreads it evenly, so values differ slightly and the ranking at the top must agree.
      const g = (await centrality("pagerank", "memory", "")).results.slice(0, 10).map((r) => r.id);
      const d = (await centrality("pagerank", "gds", "")).results.slice(0, 10).map((r) => r.id);
      expect(g.filter((id) => d.includes(id)).length).toBeGreaterThanOrEqual(8);
    });

    it("sees the same subgraph as graphology on every kind of scope, projecting type scopes inside GDS", async () => {
      // Types only: a subgraph projection of the kept native one. Actors, years: the snapshot's selection of ties.
      const scopes = {
        types: "relType=MEMBER_OF&relType=FUNDS",
        actors: "sector=NGO&sector=Government",
        years: "from=2012&to=2018",
        both: "relType=PARTNERS_WITH&region=Europe",
      };
      for (const [what, scope] of Object.entries(scopes)) {
        for (const metric of ["degree", "inDegree", "betweenness"]) {
          const g = await centrality(metric, "memory", scope);
          const d = await centrality(metric, "gds", scope);
          expect(g.nodeCount, `${what} ${metric}`).toBeGreaterThan(10);
          expect(d.nodeCount, `${what} ${metric}`).toBe(g.nodeCount);
          expect(d.edgeCount, `${what} ${metric}`).toBe(g.edgeCount);
          const ref = byId(g.results);
          expect(d.results.length).toBe(g.results.length);
          for (const r of d.results) expect(r.value, `${what} ${metric} ${r.id}`).toBeCloseTo(ref[r.id]!, 9);
          if (metric === "degree") {
            // The projection behind it, in the catalog: made by a filter for the type scope only.
            const kept = await cypher(
              "CALL gds.graph.list() YIELD graphName, configuration, relationshipCount " +
                "WHERE graphName STARTS WITH 'atlas-' AND graphName ENDS WITH '-stored' " +
                "AND relationshipCount = $ties AND NOT graphName CONTAINS '-all-' " +
                "RETURN configuration.relationshipFilter AS filter",
              { ties: neo4j.int(d.edgeCount) },
            );
            expect(
              kept.map((k) => k.filter ?? null),
              what,
            ).toEqual([what === "types" ? "r:MEMBER_OF OR r:FUNDS" : null]);
          }
        }
        const gm = await api.get(`/api/analytics/communities?engine=memory&${scope}`);
        const dm = await api.get(`/api/analytics/communities?engine=gds&${scope}`);
        expect(dm.status, what).toBe(200);
        expect(Object.keys(dm.body.assignment).length, what).toBe(Object.keys(gm.body.assignment).length);
        expect(dm.body.modularity, what).toBeGreaterThan(gm.body.modularity - 0.05);
      }
    });

    it("is chosen by engine=auto at the configured size, keeps its projections for the data version only", async () => {
      const res = await api.get(`/api/analytics/centrality?metric=pagerank&dataset=${DATASET}&limit=3`);
      expect(res.body.engine).toBe("gds");
      const kcore = await api.get(`/api/analytics/centrality?metric=kcore&dataset=${DATASET}&limit=3`);
      expect(kcore.body.engine).toBe("memory");
      const names = async () =>
        (await cypher("CALL gds.graph.list() YIELD graphName RETURN collect(graphName) AS names"))[0]!
          .names as string[];
      const kept = await names();
      expect(kept.length).toBeGreaterThan(0);
      expect(new Set(kept.map((n) => n.split("-").slice(0, 2).join("-"))).size).toBe(1);
      // A new data version (an edit bumps it): the next GDS answer drops the old version's projections.
      await cypher(
        "MATCH (d:Dataset {id: 'curated'}) SET d.dataVersion = d.dataVersion + 1, d.versionToken = randomUUID()",
      );
      await new Promise((r) => setTimeout(r, 2100));
      const again = await api.get(`/api/analytics/centrality?metric=pagerank&dataset=${DATASET}&limit=3&engine=gds`);
      expect(again.status).toBe(200);
      const after = await names();
      expect(after.filter((n) => kept.includes(n))).toEqual([]);
      expect(after.length).toBeGreaterThan(0);
    });

    it("refuses with a 400 what GDS cannot run as graphology does", async () => {
      for (const q of [
        "centrality?metric=kcore&engine=gds",
        "centrality?metric=betweenness&sample=10&engine=gds",
        "centrality?metric=pagerank&mode=actors&engine=gds",
        "communities?resolution=2&engine=gds",
      ]) {
        const res = await api.get(`/api/analytics/${q}`);
        expect(res.status, q).toBe(400);
        expect(res.body.error.parameter, q).toBe("engine");
      }
    });

    it("stays out of the Cypher console", async () => {
      for (const query of [
        "CALL gds.graph.list()",
        `CALL gds.pageRank.stream('x') YIELD nodeId RETURN nodeId`,
        "MATCH (a)-->(b) RETURN gds.graph.project('x', a, b)",
        "MATCH (n) RETURN gds.util.asNode(id(n)) LIMIT 1",
      ]) {
        const res = await fetch(`${api.url}/api/cypher`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ query }),
        });
        expect(res.status, query).toBe(403);
      }
      const left = await cypher("CALL gds.graph.list() YIELD graphName WHERE graphName = 'x' RETURN count(*) AS n");
      expect(Number(left[0]!.n)).toBe(0);
    });
  });
});
