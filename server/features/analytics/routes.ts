/** Analytics endpoints: centrality, communities, cross-sector structure, brokerage, summary; JSON or CSV. */
import type { Response } from "express";
import { stringify } from "csv-stringify/sync";
import { z } from "zod";
import { safeCell } from "../../core/csv.ts";
import type { DataVersion } from "../../core/data-version.ts";
import type { Database } from "../../core/db.ts";
import { perMinute } from "../../core/limits.ts";
import { route } from "../../core/routes.ts";
import { ViewQuery, scopeKey } from "../../core/scope.ts";
import { checkScope } from "../graph/service.ts";
import { type AnalysisAnswer, Analytics, ENGINES, type NodeInfo } from "./service.ts";
import { type BetweennessReport, CENTRALITY_METRICS, type CommunitiesResult, type Mode } from "./tasks.ts";
import type { BrokerageRole } from "./measures.ts";

const Common = ViewQuery.extend({
  mode: z.enum(["stored", "actors"]).default("stored").describe("stored graph, or the actor-to-actor projection"),
  format: z.enum(["json", "csv"]).default("json").describe("json, or csv for spreadsheets"),
});
const engine = z
  .preprocess((v) => (v === "graphology" ? "memory" : v), z.enum(ENGINES).default("auto"))
  .describe(
    "auto (GDS for large scopes where the database has it, else memory), memory (the in-memory snapshot; " +
      "'graphology' is accepted as its former name), or gds (in the database)",
  );
const limit = z.coerce.number().int().min(1).max(1_000_000).default(100).describe("Maximum rows");

function sendCsv(res: Response, name: string, rows: Record<string, unknown>[]): undefined {
  const safe = rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, safeCell(v)])));
  res
    .type("text/csv")
    .attachment(`${name}.csv`)
    .send(stringify(safe, { header: true }));
  return undefined;
}

/** The `limit` largest entries, by value then id (a partial selection, not a sort of every node). */
function topEntries(values: Record<string, number>, limit: number): [string, number][] {
  const order = (a: [string, number], b: [string, number]) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
  const entries = Object.entries(values);
  if (entries.length <= limit * 4) return entries.sort(order).slice(0, limit);
  // Keep candidates at or above the limit-th value (found by a sample-free threshold pass), then sort those.
  const sorted = Float64Array.from(entries, (e) => e[1]).sort();
  const threshold = sorted[sorted.length - limit]!;
  return entries
    .filter((e) => e[1] >= threshold)
    .sort(order)
    .slice(0, limit);
}

export function analyticsRoutes(db: Database, version: DataVersion, perMinuteLimit: number) {
  const analytics = new Analytics(db, version);
  const limited = perMinute(perMinuteLimit);
  const scopeKeys = Object.keys(ViewQuery.shape);
  const scopeOf = (q: z.infer<typeof Common>) =>
    Object.fromEntries(Object.entries(q).filter(([k]) => scopeKeys.includes(k))) as z.infer<typeof ViewQuery>;
  const header = (q: z.infer<typeof Common>, answer: AnalysisAnswer<unknown>) => ({
    engine: answer.engine,
    mode: q.mode,
    scope: JSON.parse(scopeKey(scopeOf(q))),
    nodeCount: answer.nodeCount,
    edgeCount: answer.edgeCount,
    truncated: answer.truncated,
    snapshot: answer.snapshot,
  });

  return [
    route({
      method: "get",
      path: "/api/analytics/centrality",
      tag: "analytics",
      summary: "Ranks actors by a centrality measure over the scoped graph",
      query: Common.extend({
        metric: z.enum(CENTRALITY_METRICS).describe(`One of ${CENTRALITY_METRICS.join(", ")}`),
        sample: z.coerce
          .number()
          .int()
          .min(2)
          .max(100_000)
          .optional()
          .describe(
            "Betweenness: estimate from this many sources. Without it, betweenness is exact when that fits " +
              "ANALYTICS_BETWEENNESS_EXACT_WORK, else estimated from as many sources as fit it; the answer says which",
          ),
        seed: z.coerce.number().int().min(0).default(1).describe("Random seed for sampling"),
        engine,
        limit,
      }),
      returns:
        "{ metric, engine, scope, nodeCount, edgeCount, sampled, betweenness: {method, pivots, confidence, maxError} " +
        "(betweenness only), results: [{id, name, sector, value, rank, error (sampled betweenness: 95% half-width)}] }",
      before: [limited],
      handler: async ({ query, res }) => {
        const scope = scopeOf(query);
        await checkScope(db, scope);
        const answer = await analytics.run<{
          values: Record<string, number>;
          sampled?: number | null;
          betweenness?: BetweennessReport;
        }>(
          scope,
          query.mode as Mode,
          { kind: "centrality", metric: query.metric, sample: query.sample, seed: query.seed },
          query.engine,
        );
        const { result, info } = answer;
        const errors = result.betweenness?.errors;
        const ranked = topEntries(result.values, query.limit).map(([id, value], i) => ({
          ...info(id),
          value,
          rank: i + 1,
          ...(errors ? { error: errors[id] ?? null } : {}),
        }));
        if (query.format === "csv") return sendCsv(res, `centrality-${query.metric}`, ranked);
        let betweenness: Omit<BetweennessReport, "errors"> | undefined;
        if (query.metric === "betweenness") {
          const { errors: _e, ...report } = result.betweenness ?? {
            method: "exact" as const,
            pivots: answer.nodeCount,
            nodes: answer.nodeCount,
            confidence: null,
            maxError: null,
            errors: null,
          };
          betweenness = report;
        }
        return {
          metric: query.metric,
          ...header(query, answer),
          sampled: result.sampled ?? null,
          ...(betweenness ? { betweenness } : {}),
          results: ranked,
        };
      },
    }),
    route({
      method: "get",
      path: "/api/analytics/communities",
      tag: "analytics",
      summary: "Louvain communities with their size, sector mix, top actors and a readable label",
      query: Common.extend({
        resolution: z.coerce
          .number()
          .min(0.05)
          .max(10)
          .default(1)
          .describe("Louvain resolution: higher gives more, smaller communities"),
        seed: z.coerce
          .number()
          .int()
          .min(0)
          .default(1)
          .describe("Random seed: the same seed gives the same partition (GDS's Louvain is deterministic, unseeded)"),
        engine,
      }),
      returns:
        "{ engine, scope, modularity, count, ei, communities: [{id, size, label, sectors, ei, top}], assignment }",
      before: [limited],
      handler: async ({ query, res }) => {
        const scope = scopeOf(query);
        await checkScope(db, scope);
        const task = { kind: "communities" as const, resolution: query.resolution, seed: query.seed };
        const answer = await analytics.run<CommunitiesResult>(scope, query.mode as Mode, task, query.engine);
        const { result, info } = answer;
        if (query.format === "csv") {
          return sendCsv(
            res,
            "communities",
            Object.entries(result.communities).map(([id, community]) => ({ ...info(id), community })),
          );
        }
        // Degrees rank each community's top actors: from the same snapshot, in the memory engine (instant).
        const degree = await analytics.run<{ values: Record<string, number> }>(
          scope,
          query.mode as Mode,
          { kind: "centrality", metric: "degree", seed: 1 },
          "memory",
        );
        const communities = summarise(result.communities, degree.result.values, info, result.ei?.byCommunity);
        return {
          ...header(query, answer),
          modularity: result.modularity,
          count: result.count,
          ei: result.ei?.overall ?? null,
          resolution: query.resolution,
          seed: query.seed,
          communities,
          assignment: result.communities,
        };
      },
    }),
    route({
      method: "get",
      path: "/api/analytics/sectors",
      tag: "analytics",
      summary: "Cross-sector structure: the sector mixing matrix, Krackhardt's E-I index and sector assortativity",
      query: Common,
      returns: "{ engine, scope, mixing: {sector: {sector: ties}}, ei: {byGroup, overall}, assortativity }",
      before: [limited],
      handler: async ({ query, res }) => {
        const scope = scopeOf(query);
        await checkScope(db, scope);
        const answer = await analytics.run<{
          mixing: Record<string, Record<string, number>>;
          ei: { byGroup: Record<string, number>; overall: number };
          assortativity: number;
        }>(scope, query.mode as Mode, { kind: "sectors" });
        const { result } = answer;
        if (query.format === "csv") {
          const rows = Object.entries(result.mixing).flatMap(([a, row]) =>
            Object.entries(row).map(([b, ties]) => ({ from: a, to: b, ties })),
          );
          return sendCsv(res, "sector-mixing", rows);
        }
        return { ...header(query, answer), ...result };
      },
    }),
    route({
      method: "get",
      path: "/api/analytics/brokerage",
      tag: "analytics",
      summary:
        "Gould-Fernandez brokerage roles (sector as the group), Burt's constraint and effective size, cut points and bridges",
      query: Common.extend({ limit }),
      returns:
        "{ engine, scope, results: [{id, name, sector, roles, total, constraint, effectiveSize, articulationPoint}], bridges }",
      before: [limited],
      handler: async ({ query, res }) => {
        const scope = scopeOf(query);
        await checkScope(db, scope);
        const answer = await analytics.run<{
          roles: Record<string, Record<BrokerageRole, number>>;
          constraint: Record<string, number>;
          effectiveSize: Record<string, number>;
          articulationPoints: string[];
          bridges: [string, string][];
        }>(scope, query.mode as Mode, { kind: "brokerage" });
        const { result, info } = answer;
        const cut = new Set(result.articulationPoints);
        const rows = Object.entries(result.roles)
          .map(([id, roles]) => ({
            ...info(id),
            ...roles,
            total: Object.values(roles).reduce((a, b) => a + b, 0),
            constraint: result.constraint[id] ?? null,
            effectiveSize: result.effectiveSize[id] ?? null,
            articulationPoint: cut.has(id),
          }))
          .sort((a, b) => b.total - a.total || a.id.localeCompare(b.id))
          .slice(0, query.limit);
        if (query.format === "csv") return sendCsv(res, "brokerage", rows);
        const crossSector = result.bridges.filter(([a, b]) => info(a).sector !== info(b).sector);
        return {
          ...header(query, answer),
          results: rows,
          articulationPoints: result.articulationPoints.length,
          bridges: result.bridges.map(([a, b]) => ({ from: info(a), to: info(b) })),
          crossSectorBridges: crossSector.length,
        };
      },
    }),
    route({
      method: "get",
      path: "/api/analytics/summary",
      tag: "analytics",
      summary: "Whole-network figures: size, density, components, diameter, path length, clustering, modularity",
      query: Common,
      returns:
        "{ engine, scope, nodes, edges, density, components, largestComponent, diameter, averagePathLength, averageClustering, communities, modularity }",
      before: [limited],
      handler: async ({ query, res }) => {
        const scope = scopeOf(query);
        await checkScope(db, scope);
        const answer = await analytics.run<Record<string, unknown>>(scope, query.mode as Mode, {
          kind: "summary",
          seed: 1,
        });
        const { result } = answer;
        if (query.format === "csv") return sendCsv(res, "summary", [result]);
        return { ...header(query, answer), ...result };
      },
    }),
  ];
}

/** How many of a community's actors, by degree in the scope, its summary names (the first two make its label). */
const TOP = 5;

/**
 * Each community's size, sector mix and top actors by degree (ties in the order of the assignment), largest first:
 * one pass over the assignment, keeping each community's top few as it goes (no sort of its members, which on the
 * synthetic 105,000 took most of the route's own time).
 */
export function summarise(
  assignment: Record<string, number>,
  degrees: Record<string, number>,
  info: (id: string) => NodeInfo,
  eiByCommunity?: Record<string, number>,
): { id: number; size: number; label: string; sectors: Record<string, number>; ei: number | null; top: string[] }[] {
  const groups = new Map<number, { size: number; sectors: Record<string, number>; top: [string, number][] }>();
  for (const id in assignment) {
    const c = assignment[id]!;
    let g = groups.get(c);
    if (!g) groups.set(c, (g = { size: 0, sectors: {}, top: [] }));
    g.size++;
    const node = info(id);
    const sector = node.entity === "Partnership" ? "Partnership" : (node.sector ?? "Other");
    g.sectors[sector] = (g.sectors[sector] ?? 0) + 1;
    const d = degrees[id] ?? 0;
    const top = g.top;
    if (top.length === TOP && d <= top[TOP - 1]![1]) continue;
    // After every member of the same degree already kept: the order of a stable sort.
    let at = top.length;
    while (at > 0 && top[at - 1]![1] < d) at--;
    top.splice(at, 0, [node.name, d]);
    if (top.length > TOP) top.pop();
  }
  return [...groups.entries()]
    .map(([id, g]) => {
      const top = g.top.map(([name]) => name);
      const ei = eiByCommunity?.[String(id)] ?? null;
      return { id, size: g.size, label: top.slice(0, 2).join(" · "), sectors: g.sectors, ei, top };
    })
    .sort((a, b) => b.size - a.size);
}
