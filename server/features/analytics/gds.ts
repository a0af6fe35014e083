/**
 * The Graph Data Science engine: where the connected Neo4j has the GDS library, centralities and Louvain can run
 * inside the database instead of in a worker thread, so a large scope's ties never cross the wire. The scoped
 * subgraph is the graphology engine's (the same node statement picks the nodes, the projections take the ties among
 * them with the same filters), projected with GDS's Cypher aggregation under a fresh name and always dropped after.
 */
import { randomUUID } from "node:crypto";
import type { Database } from "../../core/db.ts";
import { type Scope, scopeKey, scopeParams } from "../../core/scope.ts";
import { type NodeRow, type SerializedGraph, toGraph } from "../graph/payload.ts";
import { GRAPH_LIMIT } from "../graph/service.ts";
import { eiIndex } from "./compact.ts";
import type { CommunitiesResult, Mode, Task } from "./tasks.ts";

/** Projections and runs may take longer than an API read; the local Neo4j stops any transaction at 120 s. */
const GDS_TIMEOUT_MS = 120_000;

type Projection = "stored" | "undirected";

/** What GDS runs for each centrality, on which projection, and how its scores become the graphology engine's. */
const CENTRALITY: Record<
  string,
  { statement: string; projection: Projection; params?: Record<string, unknown>; scale?: (n: number) => number }
> = {
  degree: { statement: "analytics/gds-degree", projection: "stored", params: { orientation: "UNDIRECTED" } },
  inDegree: { statement: "analytics/gds-degree", projection: "stored", params: { orientation: "REVERSE" } },
  outDegree: { statement: "analytics/gds-degree", projection: "stored", params: { orientation: "NATURAL" } },
  pagerank: { statement: "analytics/gds-pagerank", projection: "stored" },
  // GDS counts each pair of an undirected graph once: normalize by the number of pairs.
  betweenness: {
    statement: "analytics/gds-betweenness",
    projection: "undirected",
    scale: (n) => (n > 2 ? 1 / (((n - 1) * (n - 2)) / 2) : 1),
  },
  closeness: { statement: "analytics/gds-closeness", projection: "undirected" },
  eigenvector: { statement: "analytics/gds-eigenvector", projection: "undirected" },
};

/** Why GDS cannot run a task as the graphology engine would, or null when it can. */
export function gdsUnsupported(mode: Mode, task: Task): string | null {
  if (mode !== "stored") return "the gds engine runs on the stored graph only (mode=stored)";
  if (task.kind === "centrality") {
    if (!(task.metric in CENTRALITY)) {
      return `the gds engine computes ${Object.keys(CENTRALITY).join(", ")}; ${task.metric} runs in graphology`;
    }
    if (task.sample !== undefined) return "sampled betweenness runs in graphology (the gds engine computes it exactly)";
    return null;
  }
  if (task.kind === "communities") {
    return task.resolution === 1 ? null : "GDS's Louvain has no resolution parameter: only resolution=1 runs there";
  }
  return `the gds engine does not run ${task.kind}`;
}

export interface GdsAnswer {
  result: unknown;
  /** The scoped nodes (no ties: those stayed in the database). */
  data: SerializedGraph;
  edgeCount: number;
}

export class GdsEngine {
  private version: Promise<string | null> | null = null;

  constructor(private readonly db: Database) {}

  /** The GDS version of the connected Neo4j, or null without GDS; asked once, asked again after a failed connection. */
  available(): Promise<string | null> {
    this.version ??= this.db
      .readRows<{ version: string }>("analytics/gds-version")
      .then((rows) => rows[0]?.version ?? null)
      .catch((e: { code?: string }) => {
        // Unknown function: no GDS. Anything else (database down) is not an answer: ask again next time.
        if (!String(e.code ?? "").includes("SyntaxError")) this.version = null;
        return null;
      });
    return this.version;
  }

  /** The scope's nodes as the graphology engine gets them (the same statement, the same limit). */
  scopeNodes(scope: Scope): Promise<NodeRow[]> {
    return this.db.read(
      (tx) =>
        tx.run<NodeRow & Record<string, unknown>>("graph/nodes", { ...scopeParams(scope), limit: GRAPH_LIMIT.max + 1 }),
      GDS_TIMEOUT_MS,
    );
  }

  /** Projects the scope, runs the task, drops the projection; `rows` are the scope's nodes when already read. */
  async run(scope: Scope, task: Task, rows?: NodeRow[]): Promise<GdsAnswer> {
    const p = scopeParams(scope);
    rows ??= await this.scopeNodes(scope);
    const truncated = rows.length > GRAPH_LIMIT.max;
    const kept = truncated ? rows.slice(0, GRAPH_LIMIT.max) : rows;
    const data = toGraph(kept, [], { scope: JSON.parse(scopeKey(scope)), limit: GRAPH_LIMIT.max, truncated });
    const ids = kept.map((r) => r.node.id);
    const projection: Projection =
      task.kind === "centrality" ? CENTRALITY[(task as { metric: string }).metric]!.projection : "undirected";
    if (ids.length === 0) return { result: emptyResult(task), data, edgeCount: 0 };
    const graphName = `atlas-${randomUUID()}`;
    const edges = { ids, relTypes: p.relTypes, from: p.from, to: p.to };
    try {
      const [projected] = await this.db.read(
        (tx) => tx.run<{ ties: number }>(`analytics/gds-project-${projection}`, { graphName, ...edges }),
        GDS_TIMEOUT_MS,
      );
      const edgeCount = projected?.ties ?? 0;
      const result = await this.compute(graphName, task, ids);
      if (task.kind === "communities")
        (result as CommunitiesResult).ei = await this.communityEi(scope, ids, result as CommunitiesResult);
      return { result, data, edgeCount };
    } finally {
      await this.db.read((tx) => tx.run("analytics/gds-drop", { graphName }), GDS_TIMEOUT_MS);
    }
  }

  private async compute(graphName: string, task: Task, ids: string[]): Promise<unknown> {
    const n = ids.length;
    if (task.kind === "centrality") {
      const spec = CENTRALITY[task.metric]!;
      const rows = await this.db.read(
        (tx) => tx.run<{ id: string; value: number }>(spec.statement, { graphName, ...spec.params }),
        GDS_TIMEOUT_MS,
      );
      const factor = spec.scale?.(n) ?? 1;
      return { values: Object.fromEntries(rows.map((r) => [r.id, r.value * factor])), sampled: null };
    }
    const [stats] = await this.db.read(
      (tx) => tx.run<{ modularity: number; communityCount: number }>("analytics/gds-louvain", { graphName }),
      GDS_TIMEOUT_MS,
    );
    const rows = await this.db.read(
      (tx) => tx.run<{ id: string; community: number }>("analytics/gds-communities", { graphName }),
      GDS_TIMEOUT_MS,
    );
    // GDS names communities by node ids: renumber them 0.. in order of first appearance in the scope's node order,
    // as the graphology engine numbers its own.
    const raw = new Map(rows.map((r) => [r.id, r.community]));
    const renumber = new Map<number, number>();
    const communities: Record<string, number> = {};
    for (const id of ids) {
      const c = raw.get(id)!;
      if (!renumber.has(c)) renumber.set(c, renumber.size);
      communities[id] = renumber.get(c)!;
    }
    return { communities, count: renumber.size, modularity: stats?.modularity ?? 0, ei: null };
  }

  /** The E-I index of each community, from the scope's ties counted by the communities at their ends. */
  private async communityEi(scope: Scope, ids: string[], found: CommunitiesResult): Promise<CommunitiesResult["ei"]> {
    const p = scopeParams(scope);
    const rows = await this.db.read(
      (tx) =>
        tx.run<{ x: number; y: number; ties: number }>("analytics/community-ties", {
          ids,
          community: found.communities,
          relTypes: p.relTypes,
          from: p.from,
          to: p.to,
        }),
      GDS_TIMEOUT_MS,
    );
    const identity = Int32Array.from({ length: found.count }, (_, i) => i);
    const ei = eiIndex(
      rows.map((r) => r.x),
      rows.map((r) => r.y),
      identity,
      rows.map((r) => r.ties),
    );
    return { byCommunity: Object.fromEntries(ei.byGroup), overall: ei.overall };
  }
}

function emptyResult(task: Task): unknown {
  return task.kind === "centrality"
    ? { values: {}, sampled: null }
    : { communities: {}, count: 0, modularity: 0, ei: { byCommunity: {}, overall: 0 } };
}
