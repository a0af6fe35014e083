/**
 * GET /api/analytics/clusters: the cluster overview of a scope (clusters.ts), from the same seeded Louvain
 * communities as /api/analytics/communities, aggregated here so the explorer draws clusters, not every actor.
 * `ClusterService` is shared with the exports, which carry each actor's cluster id and label.
 */
import { stringify } from "csv-stringify/sync";
import { z } from "zod";
import { safeCell } from "../../core/csv.ts";
import type { DataVersion } from "../../core/data-version.ts";
import type { Database } from "../../core/db.ts";
import { perMinute } from "../../core/limits.ts";
import { route } from "../../core/routes.ts";
import { type Scope, ScopeQuery, scopeKey } from "../../core/scope.ts";
import { checkScope, GRAPH_LIMIT } from "../graph/service.ts";
import type { Positions } from "../graph/layout-compute.ts";
import { clusterOverview, CROSS_SECTOR_RULE, LABEL_RULE, type OpenedCluster, type Overview } from "./clusters.ts";
import { GROUP_RULES, groupOverview, GROUPINGS, type Grouping } from "./groups.ts";
import { Analytics, ENGINES, type EngineChoice } from "./service.ts";
import { selectScope } from "./snapshot.ts";
import type { CommunitiesResult, Mode } from "./tasks.ts";

const CACHE_SIZE = 32;
/** Opened clusters kept (a large one holds thousands of members). */
const OPENED_CACHE_SIZE = 8;

export interface ClusterRequest {
  scope: Scope;
  mode: Mode;
  seed: number;
  resolution: number;
  limit: number;
  open: number | null;
  engine: EngineChoice;
  /** What the groups are: Louvain clusters (the default), sectors or regions. */
  by?: Grouping;
}

export interface ClusterAnswer {
  overview: Overview;
  engine: string;
  nodeCount: number;
  edgeCount: number;
  truncated: boolean;
  modularity: number;
  count: number;
}

/**
 * Cluster overviews, cached per data version and request (the communities behind them are cached too). An opened
 * cluster is answered from its cached overview (what the overview counted, in memory): opening one neither reads
 * the database nor makes the overview again.
 */
export class ClusterService {
  private readonly analytics: Analytics;
  private readonly cache = new Map<string, Promise<ClusterAnswer>>();
  private readonly opened = new Map<string, OpenedCluster | null>();
  private issueNames: { version: string; names: Promise<Map<string, string>> } | null = null;

  constructor(
    private readonly db: Database,
    private readonly version: DataVersion,
  ) {
    this.analytics = new Analytics(db, version);
  }

  async overview(req: ClusterRequest): Promise<ClusterAnswer> {
    const version = await this.version.current();
    const key = `${version}|${scopeKey(req.scope)}|${req.mode}|${req.seed}|${req.resolution}|${req.limit}|${req.engine}|${req.by ?? "cluster"}`;
    let entry = this.cache.get(key);
    if (!entry) {
      entry = this.compute(version, { ...req, open: null });
      this.cache.set(key, entry);
      entry.catch(() => this.cache.delete(key));
      if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
      for (const k of this.cache.keys()) if (!k.startsWith(`${version}|`)) this.cache.delete(k);
    }
    const base = await entry;
    if (req.open === null) return base;
    const openKey = `${key}|${req.open}`;
    let opened = this.opened.get(openKey);
    if (opened === undefined) {
      opened = base.overview.openGroup(req.open);
      this.opened.set(openKey, opened);
      if (this.opened.size > OPENED_CACHE_SIZE) this.opened.delete(this.opened.keys().next().value!);
      for (const k of this.opened.keys()) if (!k.startsWith(`${version}|`)) this.opened.delete(k);
    }
    return { ...base, overview: { ...base.overview, opened } };
  }

  private names(version: string): Promise<Map<string, string>> {
    if (this.issueNames?.version !== version) {
      const names = this.db
        .readRows<{ id: string; name: string }>("analytics/issue-names")
        .then((rows) => new Map(rows.map((r) => [r.id, r.name])));
      this.issueNames = { version, names };
    }
    return this.issueNames.names;
  }

  private async compute(version: string, req: ClusterRequest): Promise<ClusterAnswer> {
    if (req.by && req.by !== "cluster") {
      // Sectors and regions need no community detection: grouped straight from the snapshot.
      const snapshot = await this.analytics.snapshots.get(version);
      const sel = selectScope(snapshot, req.scope, GRAPH_LIMIT.max);
      const overview = groupOverview(snapshot, sel, req.by, {
        limit: req.limit,
        open: req.open,
        issueNames: await this.names(version),
      });
      return {
        overview,
        engine: "memory",
        nodeCount: sel.nodes.length,
        edgeCount: sel.ties.length,
        truncated: sel.truncated,
        modularity: overview.modularity,
        count: overview.clusters.length + overview.others.clusters,
      };
    }
    const task = { kind: "communities" as const, resolution: req.resolution, seed: req.seed };
    const answer = await this.analytics.run<CommunitiesResult>(req.scope, req.mode, task, req.engine);
    const snapshot = await this.analytics.snapshots.get(version);
    const sel = selectScope(snapshot, req.scope, GRAPH_LIMIT.max);
    const communities = answer.result.communities;
    const overview = clusterOverview(snapshot, sel, (id) => communities[id], {
      limit: req.limit,
      open: req.open,
      issueNames: await this.names(version),
    });
    return {
      overview,
      engine: answer.engine,
      nodeCount: answer.nodeCount,
      edgeCount: answer.edgeCount,
      truncated: answer.truncated,
      modularity: answer.result.modularity,
      count: overview.clusters.length + overview.others.clusters,
    };
  }
}

const Query = ScopeQuery.extend({
  seed: z.coerce.number().int().min(0).default(1).describe("Louvain's random seed: the same seed, the same clusters"),
  resolution: z.coerce
    .number()
    .min(0.05)
    .max(10)
    .default(1)
    .describe("Louvain resolution: higher gives more, smaller clusters"),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(60)
    .describe("How many clusters, largest first, the overview describes (the rest are counted in `others`)"),
  open: z.coerce.number().int().min(1).optional().describe("A cluster id to open: its members, ties and brokers"),
  assignment: z
    .enum(["true", "false"])
    .default("false")
    .describe("true: include the cluster id of every node of the scope"),
  engine: z
    .enum(ENGINES)
    .default("auto")
    .describe("Where Louvain runs: auto, memory (the in-memory snapshot) or gds (in the database)"),
  by: z
    .enum(GROUPINGS)
    .default("cluster")
    .describe("What the groups are: cluster (seeded Louvain), sector, or region (sub-region of the actor's country)"),
  format: z.enum(["json", "csv"]).default("json").describe("json, or csv: one row per cluster"),
});

/**
 * The opened cluster's members with their places in the whole network's layout (`x`, `y`), when the layout is
 * ready: the explorer draws a large cluster where its members are in the network, whatever it has loaded itself.
 */
export function withPlaces(opened: OpenedCluster | null, positions: Positions | null) {
  if (!opened || !positions) return opened;
  return {
    ...opened,
    nodes: opened.nodes.map((n) => {
      const p = positions[n.id];
      return p ? { ...n, x: p[0], y: p[1] } : n;
    }),
  };
}

export function clusterRoutes(
  db: Database,
  version: DataVersion,
  perMinuteLimit: number,
  service?: ClusterService,
  /** The whole network's layout, whose places an opened cluster's members carry once it is ready. */
  layout?: { positionsWithin: (waitMs: number) => Promise<Positions | null> },
) {
  const clusters = service ?? new ClusterService(db, version);
  const scopeKeys = Object.keys(ScopeQuery.shape);
  return [
    route({
      method: "get",
      path: "/api/analytics/clusters",
      tag: "analytics",
      summary:
        "Cluster overview (or groups by sector or region, `by`): seeded Louvain clusters with size, sector mix, E-I index, central actors, brokers and " +
        "a derived label (with its rule); ties between clusters split by sector pair; one cluster opened",
      query: Query,
      returns:
        "{ engine, scope, by, seed, resolution, modularity, count, labelRule, crossSectorRule, clusters: [{id, size, " +
        "label, rule, sectors, ei, openness, central, brokers}], others, ties: [{source, target, ties, crossSector, " +
        "bySector}], ngoGovernmentBrokers, opened: {id, label, nodes (with x, y in the network's layout once it is " +
        "ready), edges} | null, assignment? }",
      before: [perMinute(perMinuteLimit)],
      handler: async ({ query, res }) => {
        const scope = Object.fromEntries(Object.entries(query).filter(([k]) => scopeKeys.includes(k))) as Scope;
        await checkScope(db, scope);
        const a = await clusters.overview({
          scope,
          mode: "stored",
          seed: query.seed,
          resolution: query.resolution,
          limit: query.limit,
          open: query.open ?? null,
          engine: query.engine,
          by: query.by,
        });
        const o = a.overview;
        if (query.format === "csv") {
          const rows = o.clusters.map((c) => ({
            cluster: c.id,
            label: c.label,
            size: c.size,
            actors: c.actors,
            partnerships: c.partnerships,
            ei: c.ei,
            openness: c.openness,
            brokers: c.brokers,
            sectors: Object.entries(c.sectors)
              .map(([s, k]) => `${s}:${k}`)
              .join(" "),
            central: c.central.map((m) => m.name).join("; "),
            rule: c.rule,
          }));
          const safe = rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, safeCell(v)])));
          res
            .type("text/csv")
            .attachment("clusters.csv")
            .send(stringify(safe, { header: true }));
          return undefined;
        }
        return {
          engine: a.engine,
          scope: JSON.parse(scopeKey(scope)),
          nodeCount: a.nodeCount,
          edgeCount: a.edgeCount,
          truncated: a.truncated,
          seed: query.seed,
          resolution: query.resolution,
          modularity: a.modularity,
          count: a.count,
          by: query.by,
          labelRule: query.by === "cluster" ? LABEL_RULE : GROUP_RULES[query.by],
          crossSectorRule: CROSS_SECTOR_RULE,
          clusters: o.clusters,
          others: o.others,
          ties: o.ties,
          ngoGovernmentBrokers: o.ngoGovernmentBrokers,
          // Never waits for a layout still being computed.
          opened: o.opened ? withPlaces(o.opened, (await layout?.positionsWithin(0)) ?? null) : null,
          ...(query.assignment === "true" ? { assignment: Object.fromEntries(o.assignment) } : {}),
        };
      },
    }),
  ];
}
