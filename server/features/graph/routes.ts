/** Graph endpoints: the scoped network, ego networks and shortest paths. */
import { z } from "zod";
import type { Database } from "../../core/db.ts";
import type { Lane } from "../../core/lanes.ts";
import { route } from "../../core/routes.ts";
import { ScopeQuery, ViewQuery } from "../../core/scope.ts";
import type { DataVersion } from "../../core/data-version.ts";
import type { AnswerCache } from "./answer-cache.ts";
import { attachPositions, type LayoutCache } from "./layout.ts";
import { toColumnar } from "./payload.ts";
import { checkScope, GRAPH_LIMIT, neighborhood, shortestPaths } from "./service.ts";
import { snapshotNeighborhood, snapshotPaths } from "./snapshot-view.ts";
import { withTieSources } from "./tie-sources.ts";
import { viewedGraph } from "./view.ts";
import { snapshotsFor } from "../analytics/snapshot.ts";

const Id = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[a-z0-9][a-z0-9-]*$/, "expected an id such as unodc");
const limit = (def: number, max: number) => z.coerce.number().int().min(1).max(max).default(def);

/** `format=auto` answers by columns above this many nodes. */
const COLUMNS_ABOVE = 2000;

/** How long a graph answer waits for the whole-network layout before going out without positions. */
const LAYOUT_WAIT_MS = 5000;

export const graphRoutes = (
  db: Database,
  layout: LayoutCache,
  version: DataVersion,
  answers: AnswerCache,
  lane: Lane,
) => [
  route({
    method: "get",
    path: "/api/graph",
    tag: "graph",
    summary: "The network, or the part of it selected by the scope filters, in graphology's serialization format",
    query: ViewQuery.extend({
      limit: limit(GRAPH_LIMIT.default, GRAPH_LIMIT.max).describe("Maximum number of nodes"),
      format: z
        .enum(["graphology", "columns", "auto"])
        .default("graphology")
        .describe(
          "graphology: graphology's serialization format; columns: the same graph by columns (format: " +
            `"columns", each attribute named once, repeated strings as codes, edges by node index); auto: ` +
            `columns above ${COLUMNS_ABOVE} nodes`,
        ),
    }),
    returns: "Serialized graphology graph (or its columnar form); attributes.truncated is true when limit cut it",
    handler: async ({ query, res }) => {
      const { format, ...scope } = query;
      // Same data version and same parameters: the same answer.
      const current = await version.current();
      const key = `${current}\n${JSON.stringify(query)}`;
      const body = await answers.get(key, async () => {
        // The network snapshot of this data version answers when it has been read (its read starts otherwise).
        const snapshot = snapshotsFor(db).ready(current);
        const positions = await layout.positionsWithin(LAYOUT_WAIT_MS);
        const graph = attachPositions(await viewedGraph(db, scope, scope.limit, snapshot), positions);
        const columns = format === "columns" || (format === "auto" && graph.nodes.length > COLUMNS_ABOVE);
        const json = JSON.stringify(columns ? toColumnar(graph) : graph);
        // An answer without the layout is sent, not kept: the next one will have positions.
        return positions ? json : { body: json, keep: false as const };
      });
      // A string body gets an ETag: a browser that has this version answers 304 without the graph.
      res.type("application/json").send(body);
      return undefined;
    },
  }),
  route({
    method: "get",
    path: "/api/nodes/:id/neighborhood",
    tag: "graph",
    summary: "The ego network of an actor or partnership, up to three steps out",
    params: z.object({ id: Id }),
    query: ScopeQuery.extend({
      depth: z.coerce.number().int().min(1).max(3).default(1).describe("Steps out from the node, 1 to 3"),
      limit: limit(500, 20_000).describe("Maximum number of nodes"),
    }),
    returns: "Serialized graphology graph with attributes.center",
    errors: { 404: "Unknown id" },
    handler: async ({ params, query }) => {
      // From the network snapshot of this data version when it has been read, as the scoped views are.
      const snapshot = snapshotsFor(db).ready(await version.current());
      if (snapshot) await checkScope(db, query, snapshot);
      return lane.run(async () => {
        const graph = snapshot
          ? snapshotNeighborhood(snapshot, params.id, query.depth, query.limit, query)
          : await neighborhood(db, params.id, query.depth, query.limit, query);
        return attachPositions(graph, await layout.positionsWithin(LAYOUT_WAIT_MS));
      });
    },
  }),
  route({
    method: "get",
    path: "/api/paths",
    tag: "graph",
    summary: "Shortest paths between two actors or partnerships",
    query: z
      .object({
        from: Id.describe("Id of the first node"),
        to: Id.describe("Id of the second node"),
        maxHops: z.coerce.number().int().min(1).max(8).default(6).describe("Longest path to look for, 1 to 8"),
        limit: limit(10, 100).describe("Maximum number of paths"),
      })
      .refine((q) => q.from !== q.to, { message: "must differ from 'from': a path joins two nodes", path: ["to"] }),
    returns: "Serialized graphology graph of the paths, plus paths: the ordered node ids of each path",
    errors: { 404: "Unknown id" },
    handler: async ({ query }) => {
      // From the network snapshot of this data version when it has been read; the ties' sources from the database.
      const snapshot = snapshotsFor(db).ready(await version.current());
      // The ties' sources are a light read by id, made after the lane's place is given back.
      const found = await lane.run(async () =>
        snapshot
          ? snapshotPaths(snapshot, query.from, query.to, query.maxHops, query.limit)
          : shortestPaths(db, query.from, query.to, query.maxHops, query.limit),
      );
      const result = await withTieSources(db, found);
      return { ...attachPositions(result, await layout.positionsWithin(LAYOUT_WAIT_MS)), paths: result.paths };
    },
  }),
];

export { Id };
