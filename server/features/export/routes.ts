/**
 * Exports: the scoped network (GET, same filters as /api/graph) or a library or console query's result (POST), in
 * GEXF, GraphML, zipped CSV, graphology JSON or as a citation list, with analysis results as attributes on request
 * and metadata (dataset and version, date, selection, a link back to the view) in every file.
 */
import Graph from "graphology";
import { z } from "zod";
import type { Auth } from "../../core/auth.ts";
import type { Config } from "../../core/config.ts";
import type { Database } from "../../core/db.ts";
import { perMinute } from "../../core/limits.ts";
import { relKey } from "../../../shared/model.ts";
import { REL_COLORS } from "../../../shared/palette.ts";
import { nodeColor, nodeSize } from "../../../shared/appearance.ts";
import { notFound } from "../../core/errors.ts";
import type { ResultGraph } from "../../core/result.ts";
import { route } from "../../core/routes.ts";
import { ViewQuery, scopeKey } from "../../core/scope.ts";
import { Analytics } from "../analytics/service.ts";
import { ClusterService } from "../analytics/cluster-routes.ts";
import type { DataVersion } from "../../core/data-version.ts";
import type { Lane } from "../../core/lanes.ts";
import { runReadOnly } from "../console/run.ts";
import { attachPositions, type LayoutCache } from "../graph/layout.ts";
import type { SerializedGraph } from "../graph/payload.ts";
import { GRAPH_LIMIT } from "../graph/service.ts";
import { viewedGraph } from "../graph/view.ts";
import { snapshotsFor } from "../analytics/snapshot.ts";
import { describeRequestView } from "./selection.ts";
import { libraryParams } from "../queries/library.ts";
import { consoleAccess, limitsOf, loadLibrary } from "../queries/routes.ts";
import { CONTENT, DATA_LICENCE, FORMATS, render, type ExportMeta, type Format, type RenderOptions } from "./formats.ts";

const INCLUDE = ["pagerank", "betweenness", "closeness", "eigenvector", "degree", "community"] as const;

const flat = (v: unknown) => (Array.isArray(v) ? v.join(" | ") : v);

/** A flat-attribute graphology graph from a serialized graph, with colours, sizes and provenance. */
export function exportGraph(
  data: SerializedGraph | ResultGraph,
  details: Map<string, Record<string, unknown>>,
  edgeSources: Map<string, Record<string, unknown>>,
): Graph {
  const g = new Graph({ type: "directed", multi: true });
  const maxDegree = Math.max(1, ...data.nodes.map((n) => Number(n.attributes.degree ?? 0)));
  for (const n of data.nodes) {
    const a = { ...n.attributes, ...(details.get(n.key) ?? {}) };
    const attrs: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(a)) if (v !== null && v !== undefined) attrs[k] = flat(v);
    const partnership = a.entity === "Partnership" || (a.labels as string[] | undefined)?.includes("Partnership");
    attrs.color = nodeColor({ entity: partnership ? "Partnership" : "Actor", sector: a.sector });
    attrs.size = nodeSize(Number(a.degree ?? 0), maxDegree);
    g.addNode(n.key, attrs);
  }
  for (const e of data.edges) {
    if (!g.hasNode(e.source) || !g.hasNode(e.target)) continue;
    const type = String(e.attributes.type);
    const extra = edgeSources.get(relKey(type, e.source, e.target)) ?? {};
    const attrs: Record<string, unknown> = { color: REL_COLORS[type as keyof typeof REL_COLORS] ?? "#999999" };
    for (const [k, v] of Object.entries({ ...e.attributes, ...extra }))
      if (v !== null && v !== undefined) attrs[k] = flat(v);
    g.addEdgeWithKey(relKey(type, e.source, e.target), e.source, e.target, attrs);
  }
  return g;
}

async function provenance(db: Database, ids: string[]) {
  return db.read(async (tx) => {
    const nodes = await tx.run<{ id: string } & Record<string, unknown>>("export/node-details", { ids });
    const edges = await tx.run<{
      source: string;
      type: string;
      target: string;
      sources: string[];
      sourceTitles: string[] | null;
      secondary: string | null;
      retrieved: string;
    }>("export/edge-sources", { ids });
    return {
      details: new Map(nodes.map(({ id, ...rest }) => [id, rest])),
      edgeSources: new Map(
        edges.map(({ source, type, target, ...provenance }) => [relKey(type, source, target), provenance]),
      ),
    };
  });
}

async function datasetMeta(db: Database): Promise<Pick<ExportMeta, "dataset" | "version" | "datasets" | "licence">> {
  const rows = await db.readRows<{ id: string; name: string; version: string }>("meta/datasets");
  return {
    dataset: rows.map((r) => r.name).join(" + ") || "Coalition Atlas",
    version: rows.map((r) => `${r.id} ${r.version}`).join(", "),
    datasets: rows.map((r) => ({ id: r.id, name: r.name, version: String(r.version) })),
    licence: {
      ...DATA_LICENCE,
      applies:
        rows.length > 1 || (rows[0] && rows[0].id !== "curated")
          ? "the curated dataset; imported datasets are under the terms their importers set"
          : "the curated dataset",
    },
  };
}

/** Whether every exported node has a position, and why not. */
function positionsOf(graph: Graph, layout: { positions: unknown; reason?: string }): ExportMeta["positions"] {
  if (!layout.positions) return { present: false, reason: layout.reason ?? "no layout" };
  const missing = graph.filterNodes((_n, a) => typeof a.x !== "number" || typeof a.y !== "number").length;
  return missing === 0
    ? { present: true }
    : { present: false, reason: `${missing} node(s) are not in the layout of the whole network` };
}

export function exportRoutes(
  db: Database,
  config: Config,
  auth: Auth,
  version: DataVersion,
  layout: LayoutCache,
  consoleLane: Lane,
) {
  const limited = perMinute(config.RATE_LIMIT_PER_MINUTE);
  const analytics = new Analytics(db, version);
  const clusters = new ClusterService(db, version);
  const library = loadLibrary(db);
  const consoleGate = consoleAccess(config, auth);
  const send = (
    res: import("express").Response,
    format: Format,
    graph: Graph,
    meta: ExportMeta,
    opts: RenderOptions = {},
  ) => {
    const { type, extension } = CONTENT[format];
    const stamp = meta.exportedAt.slice(0, 10);
    // attachment() sets a type from the file name's extension (unknown ones as octet-stream): the type comes after.
    res.attachment(`coalition-atlas-${stamp}.${extension}`).type(type);
    res.set("X-Atlas-Positions", meta.positions.present ? "present" : `absent; ${meta.positions.reason}`);
    res.set("X-Atlas-Licence", meta.licence.id);
    res.send(Buffer.from(render(format, graph, meta, opts) as never));
    return undefined;
  };

  return [
    route({
      method: "get",
      path: "/api/export",
      tag: "export",
      summary:
        "Exports the network or its scoped part as GEXF, GraphML, zipped CSV, graphology JSON or a citation list",
      query: ViewQuery.extend({
        format: z.enum(FORMATS).describe(`One of ${FORMATS.join(", ")}`),
        limit: z.coerce
          .number()
          .int()
          .min(1)
          .max(GRAPH_LIMIT.max)
          .default(GRAPH_LIMIT.max)
          .describe("Maximum number of nodes"),
        include: z
          .preprocess((v) => (v === undefined ? [] : String(v).split(",")), z.array(z.enum(INCLUDE)))
          .describe(`Analysis results to add as attributes: ${INCLUDE.join(", ")}`),
        bom: z
          .enum(["true", "false"])
          .default("false")
          .describe("CSV files start with a UTF-8 byte-order mark, for spreadsheets (Excel)"),
      }),
      produces: [...new Set(Object.values(CONTENT).map((c) => c.type.split(";")[0]!))],
      returns: "The file, with metadata (dataset, version, date, selection, link)",
      before: [limited],
      handler: async ({ query, req, res }) => {
        const { format, limit, include, bom, ...scope } = query;
        const placed = await layout.within(config.EXPORT_LAYOUT_WAIT_MS);
        // The scope from the network snapshot of this data version when it has been read, as /api/graph takes it.
        const snapshot = snapshotsFor(db).ready(await version.current());
        const data = attachPositions(await viewedGraph(db, scope, limit, snapshot), placed.positions);
        const { details, edgeSources } = await provenance(
          db,
          data.nodes.map((n) => n.key),
        );
        const graph = exportGraph(data, details, edgeSources);
        for (const what of include) {
          if (what === "community") {
            const { result } = await analytics.run<{ communities: Record<string, number> }>(scope, "stored", {
              kind: "communities",
              resolution: 1,
              seed: 1,
            });
            graph.forEachNode((n) => graph.setNodeAttribute(n, "community", result.communities[n] ?? null));
          } else {
            const { result } = await analytics.run<{ values: Record<string, number> }>(scope, "stored", {
              kind: "centrality",
              metric: what,
              seed: 1,
            });
            graph.forEachNode((n) => graph.setNodeAttribute(n, what, result.values[n] ?? null));
          }
        }
        // Every node's cluster of the cluster overview (same seed and scope): its id and label.
        const found = await clusters.overview({
          scope,
          mode: "stored",
          seed: 1,
          resolution: 1,
          limit: 1000,
          open: null,
          engine: "auto",
        });
        const labels = new Map(found.overview.clusters.map((c) => [c.id, c.label]));
        graph.forEachNode((n) => {
          const c = found.overview.assignment.get(n);
          if (c === undefined) return;
          graph.setNodeAttribute(n, "cluster", c);
          graph.setNodeAttribute(n, "clusterLabel", labels.get(c) ?? `Cluster ${c}`);
        });
        const view = new URLSearchParams(req.url.split("?")[1] ?? "");
        view.delete("format");
        view.delete("limit");
        view.delete("include");
        view.delete("bom");
        view.delete("node");
        // The explorer calls the relationship-type filter `rel`.
        for (const t of view.getAll("relType")) view.append("rel", t);
        view.delete("relType");
        const meta: ExportMeta = {
          ...(await datasetMeta(db)),
          exportedAt: new Date().toISOString(),
          selection: {
            filters: JSON.parse(scopeKey(scope)),
            description: describeRequestView(scope, graph),
            nodes: graph.order,
            relationships: graph.size,
            truncated: data.attributes.truncated,
          },
          link: `${req.protocol}://${req.get("host")}/${view.toString() ? `?${view}` : ""}`,
          positions: positionsOf(graph, placed),
        };
        return send(res, format, graph, meta, { bom: bom === "true" });
      },
    }),
    route({
      method: "post",
      path: "/api/export",
      tag: "export",
      summary: "Exports a library query's or a console query's result",
      body: z
        .object({
          format: z.enum(FORMATS),
          name: z
            .string()
            .regex(/^[a-z0-9-]+$/)
            .optional()
            .describe("A library query's name"),
          query: z.string().trim().min(1).max(20_000).optional().describe("A read-only Cypher query"),
          params: z.record(z.string(), z.unknown()).default({}),
          bom: z.boolean().default(false).describe("CSV files start with a UTF-8 byte-order mark"),
        })
        .refine((b) => !!b.name !== !!b.query, {
          message: "give either 'name' (a library query) or 'query' (Cypher)",
          path: ["query"],
        }),
      produces: [...new Set(Object.values(CONTENT).map((c) => c.type.split(";")[0]!))],
      returns: "The file, with metadata (dataset, version, date, query and parameters)",
      errors: { 403: "Refused query", 404: "Unknown library query" },
      before: [limited, (req, res, next) => (req.body?.query ? consoleGate(req, res, next) : next())],
      handler: async ({ body, req, res }) => {
        const limits = limitsOf(config);
        let cypher: string;
        let params: Record<string, unknown> = body.params;
        if (body.name) {
          const q = library.get(body.name);
          if (!q) throw notFound(`no library query named '${body.name}'`);
          params = libraryParams(q, body.params);
          cypher = q.cypher;
        } else {
          cypher = body.query!;
        }
        const result = await runReadOnly(db, cypher, params, limits, { untrusted: !body.name, lane: consoleLane });
        const placed = await layout.within(config.EXPORT_LAYOUT_WAIT_MS);
        attachPositions(result.graph, placed.positions);
        const { details, edgeSources } = await provenance(
          db,
          result.graph.nodes.map((n) => n.key),
        );
        const graph = exportGraph(result.graph, details, edgeSources);
        const meta: ExportMeta = {
          ...(await datasetMeta(db)),
          exportedAt: new Date().toISOString(),
          selection: {
            query: body.name ?? cypher,
            params,
            description: body.name ? `the result of the library query '${body.name}'` : "the result of a Cypher query",
            nodes: graph.order,
            relationships: graph.size,
          },
          link: `${req.protocol}://${req.get("host")}/?view=queries`,
          positions: positionsOf(graph, placed),
        };
        return send(res, body.format, graph, meta, { bom: body.bom });
      },
    }),
  ];
}
