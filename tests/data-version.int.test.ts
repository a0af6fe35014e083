/**
 * The data version across reloads: a database emptied and loaded again (its dataset counter starting from 1 again)
 * must not be served answers cached for the previous load. Reloads the test database with two synthetic networks of
 * different sizes through the synthetic loader, asks the same questions after each, then restores the curated data.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DataVersion } from "../server/core/data-version.ts";
import { readDataset } from "../seed/dataset.ts";
import { bulkLoad } from "../seed/bulk.ts";
import { deleteAll, loadDataset } from "../seed/load.ts";
import { DATA_DIR } from "../seed/paths.ts";
import { generateLikeCurated } from "../seed/synthetic-cli.ts";
import { startServer, type TestServer } from "./helpers/server.ts";

let api: TestServer;
const curated = readDataset(DATA_DIR);

/** Empties the database and loads a synthetic network as the synthetic loader does; waits out the version's TTL. */
async function reload(actors: number, relationships: number) {
  const ds = generateLikeCurated({ actors, relationships, seed: 1 }, curated);
  await api.db.write((tx) => deleteAll(tx), 600_000);
  const { dataVersion } = await bulkLoad(api.db, ds, "synthetic");
  await new Promise((r) => setTimeout(r, 2100));
  return { ds, dataVersion };
}

const ask = async () => {
  const pagerank = await api.get("/api/analytics/centrality?metric=pagerank&limit=1");
  const communities = await api.get("/api/analytics/communities");
  const summary = await api.get("/api/analytics/summary");
  const graph = await api.get("/api/graph?limit=100000");
  for (const r of [pagerank, communities, summary, graph]) expect(r.status).toBe(200);
  return {
    pagerank: pagerank.body.nodeCount as number,
    communities: Object.keys(communities.body.assignment).length,
    summary: summary.body.nodes as number,
    graph: graph.body.nodes.length as number,
  };
};

beforeAll(async () => {
  api = await startServer({ RATE_LIMIT_PER_MINUTE: "100000" });
});
afterAll(async () => {
  try {
    await api.db.write((tx) => deleteAll(tx), 600_000);
    await loadDataset(api.db, curated, { reset: true });
  } finally {
    await api.close();
  }
});

describe("data version", () => {
  it("is unique across reloads, and every cache follows it", async () => {
    const versions = new DataVersion(api.db, 0);
    const first = await reload(300, 900);
    const v1 = await versions.current();
    const a = await ask();
    const n1 = first.ds.entities.length;
    expect(a).toEqual({ pagerank: n1, communities: n1, summary: n1, graph: n1 });

    const second = await reload(500, 1500);
    // The counter restarts with the emptied database: only the token tells the two loads apart.
    expect(second.dataVersion).toBe(first.dataVersion);
    const v2 = await versions.current();
    expect(v2).not.toBe(v1);
    const b = await ask();
    const n2 = second.ds.entities.length;
    expect(n2).not.toBe(n1);
    expect(b).toEqual({ pagerank: n2, communities: n2, summary: n2, graph: n2 });
  });
});
