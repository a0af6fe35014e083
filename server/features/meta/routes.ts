/** Health, statistics and dataset information. */
import type { Database } from "../../core/db.ts";
import { isUnavailable } from "../../core/errors.ts";
import { route } from "../../core/routes.ts";
import { warmState } from "../analytics/service.ts";

/** `readOnly`: why the database connection cannot write (curation and import are then off), null when it can. */
export const metaRoutes = (db: Database, readOnly: string | null = null) => [
  route({
    method: "get",
    path: "/api/health",
    access: "public",
    tag: "meta",
    summary: "Whether the server and its database are up, with the database's version and size",
    returns:
      "{ status, neo4j: {connected, version, edition}, counts: {nodes, relationships}, readOnly, analytics }: analytics " +
      "is `warming` while the server reads the network and answers its first analyses at start, then `ready`",
    handler: async ({ res }) => {
      try {
        const { components, counts } = await db.read(async (tx) => ({
          components: (await tx.run<{ version: string; edition: string }>("meta/components"))[0],
          counts: (await tx.run<{ nodes: number; relationships: number }>("meta/counts"))[0],
        }));
        return {
          status: "ok",
          neo4j: { connected: true, version: components?.version, edition: components?.edition, database: db.database },
          counts,
          readOnly,
          analytics: warmState(db),
        };
      } catch (e) {
        if (!isUnavailable(e)) throw e;
        res.status(503).set("Retry-After", "2");
        return {
          status: "unavailable",
          neo4j: { connected: false, database: db.database },
          error: {
            code: "database_unavailable",
            message: "The database is not reachable right now; try again shortly.",
          },
        };
      }
    },
  }),
  route({
    method: "get",
    path: "/api/countries",
    tag: "meta",
    summary: "Countries with ISO codes, UN region and sub-region and centroid",
    returns: "{ countries: [{id, ccn3, name, region, subregion, lat, lng}] }",
    handler: async () => ({ countries: await db.readRows("meta/countries") }),
  }),
  route({
    method: "get",
    path: "/api/stats",
    tag: "meta",
    summary: "Counts by label, by sector and by relationship type, and the datasets loaded",
    returns: "{ labels: {Label: n}, sectors: {Sector: n}, relationshipTypes: {TYPE: n}, datasets: [...] }",
    handler: () =>
      db.read(async (tx) => {
        const pairs = async (name: string, key: string) =>
          Object.fromEntries((await tx.run(name)).map((r) => [String(r[key]), r.count as number]));
        return {
          labels: await pairs("meta/stats-labels", "label"),
          sectors: await pairs("meta/stats-sectors", "sector"),
          relationshipTypes: await pairs("meta/stats-reltypes", "type"),
          datasets: await tx.run("meta/datasets"),
        };
      }),
  }),
  route({
    method: "get",
    path: "/api/issues",
    tag: "meta",
    summary: "The issues actors work on, with their ids, names and descriptions, ordered by name",
    returns: "{ issues: [{id, name, description}] }",
    handler: async () => ({ issues: await db.readRows("meta/issues") }),
  }),
];
