/**
 * Analytics over the subgraph a scope selects. Two engines: graphology (Cypher picks the subgraph, a worker thread
 * computes) and, where the connected Neo4j has the Graph Data Science library, GDS (the subgraph is projected and
 * computed inside the database). `engine=auto` sends a scope of at least ANALYTICS_GDS_MIN_NODES nodes to GDS when
 * GDS can run the task as graphology would. Results are cached per scope, mode, task, engine and data version (so
 * any load or edit invalidates them).
 */
import { z } from "zod";
import type { DataVersion } from "../../core/data-version.ts";
import type { Database } from "../../core/db.ts";
import { badRequest } from "../../core/errors.ts";
import { type Scope, scopeKey } from "../../core/scope.ts";
import { runInWorker } from "../../core/worker.ts";
import { setting } from "../../core/config.ts";
import { GRAPH_LIMIT, scopedGraph } from "../graph/service.ts";
import type { NodeRow, SerializedGraph } from "../graph/payload.ts";
import { GdsEngine, gdsUnsupported } from "./gds.ts";
import type { Mode, Task } from "./tasks.ts";

const CACHE_SIZE = 64;

export const ENGINES = ["auto", "graphology", "gds"] as const;
export type EngineChoice = (typeof ENGINES)[number];
export type Engine = Exclude<EngineChoice, "auto">;

/**
 * Smallest scope (in nodes) that `engine=auto` sends to GDS. Below it graphology answers faster: a GDS run pays for
 * a projection and a catalog round trip; above it, moving every tie to the server costs more than GDS's computation.
 */
export const DEFAULT_GDS_MIN_NODES = 20_000;

export function resolveGdsMinNodes(env: Record<string, string | undefined> = process.env): number {
  const parsed = z.coerce
    .number()
    .int()
    .min(0)
    .safeParse(env.ANALYTICS_GDS_MIN_NODES ?? DEFAULT_GDS_MIN_NODES);
  if (!parsed.success) {
    throw new Error(
      `analytics: ANALYTICS_GDS_MIN_NODES must be a whole number of nodes, got '${env.ANALYTICS_GDS_MIN_NODES}'`,
    );
  }
  return parsed.data;
}

export interface AnalysisAnswer<T> {
  result: T;
  /** The scoped graph's nodes (and, from graphology, its ties). */
  data: SerializedGraph;
  engine: Engine;
  nodeCount: number;
  edgeCount: number;
}

export class Analytics {
  private readonly cache = new Map<string, Promise<unknown>>();
  private readonly gds: GdsEngine;

  constructor(
    private readonly db: Database,
    private readonly version: DataVersion,
    readonly gdsMinNodes = resolveGdsMinNodes(),
    /** Read timeout for a scope's whole subgraph: analytics read far more than a view does. */
    private readonly readTimeoutMs = setting("ANALYTICS_TIMEOUT_MS"),
  ) {
    this.gds = new GdsEngine(db);
  }

  /** The GDS version of the connected Neo4j, or null. */
  gdsVersion(): Promise<string | null> {
    return this.gds.available();
  }

  /** Runs `task` on the scoped graph with the engine chosen; the answer carries the graph and the engine it ran on. */
  async run<T>(scope: Scope, mode: Mode, task: Task, choice: EngineChoice = "auto"): Promise<AnalysisAnswer<T>> {
    const key = `${await this.version.current()}|${scopeKey(scope)}|${mode}|${JSON.stringify(task)}|${choice}`;
    let entry = this.cache.get(key) as Promise<AnalysisAnswer<T>> | undefined;
    if (!entry) {
      entry = this.compute<T>(scope, mode, task, choice);
      this.cache.set(key, entry);
      entry.catch(() => this.cache.delete(key));
      if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    }
    return entry;
  }

  private async compute<T>(scope: Scope, mode: Mode, task: Task, choice: EngineChoice): Promise<AnalysisAnswer<T>> {
    if (choice === "graphology") return this.runGraphology<T>(scope, mode, task);
    const unsupported = gdsUnsupported(mode, task);
    if (choice === "gds") {
      if (!(await this.gds.available())) {
        throw badRequest(
          "invalid_parameter",
          "query parameter 'engine': the connected Neo4j has no Graph Data Science library; use engine=graphology or auto",
          { parameter: "engine" },
        );
      }
      if (unsupported) {
        throw badRequest("invalid_parameter", `query parameter 'engine': ${unsupported}`, { parameter: "engine" });
      }
      return this.runGds<T>(scope, task);
    }
    if (unsupported || !(await this.gds.available())) return this.runGraphology<T>(scope, mode, task);
    // Both engines start from the scope's nodes: read them once, and let their number choose.
    const rows = await this.gds.scopeNodes(scope);
    if (Math.min(rows.length, GRAPH_LIMIT.max) < this.gdsMinNodes) return this.runGraphology<T>(scope, mode, task);
    try {
      return await this.runGds<T>(scope, task, rows);
    } catch {
      // GDS refused (its memory estimate, a plugin error): graphology can still answer, and the answer names the
      // engine that did. A database that is down fails there too, with the usual 503.
      return this.runGraphology<T>(scope, mode, task);
    }
  }

  private async runGraphology<T>(scope: Scope, mode: Mode, task: Task): Promise<AnalysisAnswer<T>> {
    const data = await scopedGraph(this.db, scope, GRAPH_LIMIT.max, this.readTimeoutMs);
    const result = await runInWorker<T>(new URL("./worker.ts", import.meta.url), { data, mode, task });
    return { result, data, engine: "graphology", nodeCount: data.nodes.length, edgeCount: data.edges.length };
  }

  private async runGds<T>(scope: Scope, task: Task, rows?: NodeRow[]): Promise<AnalysisAnswer<T>> {
    const { result, data, edgeCount } = await this.gds.run(scope, task, rows);
    return { result: result as T, data, engine: "gds", nodeCount: data.nodes.length, edgeCount };
  }
}
