/**
 * Analytics over the subgraph a scope selects, from the network snapshot of the current data version (read once
 * from Neo4j, see snapshot.ts). Two engines: `memory` (the scope's ties handed to a worker thread as typed arrays)
 * and, where the connected Neo4j has the Graph Data Science library, `gds` (the scope projected into GDS's catalog
 * once per data version and kept there). `engine=auto` sends a scope of at least ANALYTICS_GDS_MIN_NODES nodes to GDS
 * when GDS can run the task as the memory engine would. Answers are cached per data version, scope, mode, task and
 * engine (so any load or edit invalidates them).
 */
import { availableParallelism } from "node:os";
import { z } from "zod";
import type { DataVersion } from "../../core/data-version.ts";
import type { Database } from "../../core/db.ts";
import { badRequest } from "../../core/errors.ts";
import { type Scope, ScopeQuery, scopeKey, viewNarrowing, type ViewScope } from "../../core/scope.ts";
import { CENTRALITY_METRICS } from "../../../shared/model.ts";
import { SECTORS } from "../../core/model.ts";
import { runInWorker } from "../../core/worker.ts";
import { setting } from "../../core/config.ts";
import { GRAPH_LIMIT } from "../graph/service.ts";
import { BRANDES_WORKER, DEFAULT_EXACT_WORK, DEFAULT_SAMPLE_WORK, NO_SECTOR } from "./compact.ts";
import { inForeground } from "../../core/foreground.ts";
import { GdsEngine, gdsUnsupported } from "./gds.ts";
import { type Selection, type Snapshot, type Snapshots, selectScope, snapshotsFor } from "./snapshot.ts";
import { narrowSelection } from "./view-selection.ts";
import { type IndexedResult, type Mode, nameResult, runIndexed, type Task, type TaskSettings } from "./tasks.ts";

const CACHE_SIZE = 64;
const WORKER = new URL("./worker.ts", import.meta.url);
const WORKER_THREADS = Math.max(1, setting("ATLAS_WORKER_THREADS") ?? availableParallelism());
/** Scopes up to this many nodes and ties are analysed on the request thread (a few milliseconds of work). */
const INLINE_SIZE = 8_000;

/** Networks up to this many nodes and ties have every analysis of the whole network answered at start. */
const WARM_UP_SIZE = 50_000;
const WARM_UP_TASKS: [Mode, Task][] = [
  ...CENTRALITY_METRICS.map((metric): [Mode, Task] => ["stored", { kind: "centrality", metric, seed: 1 }]),
  ["actors", { kind: "centrality", metric: "betweenness", seed: 1 }],
  ["stored", { kind: "communities", resolution: 1, seed: 1 }],
  ["stored", { kind: "sectors" }],
  ["stored", { kind: "brokerage" }],
  ["stored", { kind: "summary", seed: 1 }],
];

export const ENGINES = ["auto", "memory", "gds"] as const;
export type EngineChoice = (typeof ENGINES)[number];
export type Engine = Exclude<EngineChoice, "auto">;

/**
 * Smallest scope (in nodes) that `engine=auto` sends to GDS. With the network in memory, the memory engine answers
 * faster at every size measured (105,000 / 1,000,000: PageRank on a new scope 0.42 s against GDS's 5.1 s, Louvain
 * 1.7 s against 6.0 s), so by default only scopes beyond that size go to GDS.
 */
export const DEFAULT_GDS_MIN_NODES = 1_000_000;

const wholeNumber = (name: string, def: number, env: Record<string, string | undefined>) => {
  const parsed = z.coerce
    .number()
    .int()
    .min(0)
    .safeParse(env[name] ?? def);
  if (!parsed.success) throw new Error(`analytics: ${name} must be a whole number, got '${env[name]}'`);
  return parsed.data;
};

export function resolveGdsMinNodes(env: Record<string, string | undefined> = process.env): number {
  return wholeNumber("ANALYTICS_GDS_MIN_NODES", DEFAULT_GDS_MIN_NODES, env);
}

/**
 * Work (sources times adjacency entries) up to which betweenness is exact by default, and the work of the estimate
 * above it.
 */
export function resolveBetweenness(env: Record<string, string | undefined> = process.env): TaskSettings {
  return {
    betweennessExactWork: wholeNumber("ANALYTICS_BETWEENNESS_EXACT_WORK", DEFAULT_EXACT_WORK, env),
    betweennessSampleWork: wholeNumber("ANALYTICS_BETWEENNESS_SAMPLE_WORK", DEFAULT_SAMPLE_WORK, env),
  };
}

/** Name, sector and kind of a node of the answer's scope. */
export interface NodeInfo {
  id: string;
  name: string;
  sector: string | null;
  entity: string;
}

export interface AnalysisAnswer<T> {
  result: T;
  engine: Engine;
  nodeCount: number;
  edgeCount: number;
  truncated: boolean;
  info: (id: string) => NodeInfo;
  /** The snapshot the answer came from: its size, estimated memory and how long its read took. */
  snapshot: { nodes: number; ties: number; estimatedMiB: number; readSeconds: number } | null;
}

const shared = new WeakMap<Database, { gds: GdsEngine }>();

/**
 * Where the start-up warm-up of a database's analytics stands (see Analytics.warm): `warming` while the snapshot is
 * read and the whole network's analyses answered, then `ready` (or `failed`); `idle` when no warm-up was asked for.
 * Health reports it, so a deployment (or a benchmark) can tell a server still preparing from one serving.
 */
export type WarmState = "idle" | "warming" | "ready" | "failed";
const warmStates = new WeakMap<Database, WarmState>();
export const warmState = (db: Database): WarmState => warmStates.get(db) ?? "idle";

export class Analytics {
  private readonly cache = new Map<string, Promise<unknown>>();
  private readonly gds: GdsEngine;
  readonly snapshots: Snapshots;

  constructor(
    private readonly db: Database,
    private readonly version: DataVersion,
    readonly gdsMinNodes = resolveGdsMinNodes(),
    private readonly settings: TaskSettings = resolveBetweenness(),
    snapshots?: Snapshots,
  ) {
    // One snapshot and one set of kept projections per database, whichever routes ask (analytics, export).
    if (!shared.has(db)) shared.set(db, { gds: new GdsEngine(db) });
    this.gds = shared.get(db)!.gds;
    this.snapshots = snapshots ?? snapshotsFor(db);
  }

  /**
   * The snapshot of `version`. While a new one is read, the worker threads start: their first start loads the
   * analytics modules, which the first analysis of a large network would otherwise wait for.
   */
  private snapshot(version: string): Promise<Snapshot> {
    const fresh = !this.snapshots.has(version);
    const reading = this.snapshots.get(version);
    if (fresh) {
      for (let i = 0; i < WORKER_THREADS; i++) void runInWorker(WORKER, { warm: true }).catch(() => {});
      // Small scopes are analysed on this thread, whose betweenness shares its sources with a thread of its own.
      void runInWorker(BRANDES_WORKER, { warm: true }).catch(() => {});
    }
    return reading;
  }

  /**
   * Reads the current data version's snapshot (and starts the worker threads) ahead of the first question; on a
   * network of up to WARM_UP_SIZE nodes and ties, also answers every analysis of the whole network once, so its
   * answers are cached and the analyses' code is compiled before the first researcher asks (a first call of a
   * kernel runs several times slower than the next).
   */
  async warm(): Promise<Snapshot> {
    warmStates.set(this.db, "warming");
    try {
      const version = await this.version.current();
      const s = await this.snapshot(version);
      if (s.n + s.m <= WARM_UP_SIZE) {
        const whole = ScopeQuery.parse({});
        for (const [mode, task] of WARM_UP_TASKS) await this.run(whole, mode, task).catch(() => undefined);
      }
      warmStates.set(this.db, "ready");
      return s;
    } catch (e) {
      warmStates.set(this.db, "failed");
      throw e;
    }
  }

  /** The GDS version of the connected Neo4j, or null. */
  gdsVersion(): Promise<string | null> {
    return this.gds.available();
  }

  /** Runs `task` on the scoped graph with the engine chosen; the answer names the engine it ran on. */
  async run<T>(
    scope: Scope | ViewScope,
    mode: Mode,
    task: Task,
    choice: EngineChoice = "auto",
  ): Promise<AnalysisAnswer<T>> {
    const version = await this.version.current();
    const key = `${version}|${scopeKey(scope)}|${mode}|${JSON.stringify(task)}|${choice}`;
    let entry = this.cache.get(key) as Promise<AnalysisAnswer<T>> | undefined;
    if (!entry) {
      // Waited for: the whole network's layout, if it is being computed, steps aside meanwhile.
      entry = inForeground(() => this.compute<T>(version, scope, mode, task, choice));
      this.cache.set(key, entry);
      entry.catch(() => this.cache.delete(key));
      if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
      // Answers of an older data version can never be asked for again.
      for (const k of this.cache.keys()) if (!k.startsWith(`${version}|`)) this.cache.delete(k);
    }
    return entry;
  }

  private async compute<T>(
    version: string,
    scope: Scope | ViewScope,
    mode: Mode,
    task: Task,
    choice: EngineChoice,
  ): Promise<AnalysisAnswer<T>> {
    // A focus, minimum ties or named nodes narrow the selection here; GDS projects whole scopes only.
    const view = viewNarrowing(scope);
    const unsupported =
      gdsUnsupported(mode, task) ?? (view ? "an ego focus, 'min' or 'node' narrow the scope; use engine=memory" : null);
    if (choice === "gds") {
      if (!(await this.gds.available())) {
        throw badRequest(
          "invalid_parameter",
          "query parameter 'engine': the connected Neo4j has no Graph Data Science library; use engine=memory or auto",
          { parameter: "engine" },
        );
      }
      if (unsupported) {
        throw badRequest("invalid_parameter", `query parameter 'engine': ${unsupported}`, { parameter: "engine" });
      }
    }
    // With engine=gds, the whole network's kept projection is made while the snapshot is read (a failure shows
    // again, where it matters, when the task runs).
    if (choice === "gds") void this.gds.prepare(version, task).catch(() => undefined);
    const snapshot = await this.snapshot(version);
    const sel = view
      ? narrowSelection(snapshot, selectScope(snapshot, view.nodes ? nodeFree(scope) : scope, GRAPH_LIMIT.max), view)
      : selectScope(snapshot, scope, GRAPH_LIMIT.max);
    const useGds =
      choice === "gds" ||
      (choice === "auto" && !unsupported && sel.nodes.length >= this.gdsMinNodes && (await this.gds.available()));
    if (useGds) {
      try {
        const result = await this.gds.run(snapshot, scope, sel, task);
        return this.answer(snapshot, sel, nameResult(result, (i) => snapshot.ids[sel.nodes[i]!]!) as T, "gds");
      } catch (e) {
        if (choice === "gds") throw e;
        // GDS refused (its memory estimate, a plugin error): the memory engine can still answer, and the answer
        // names the engine that did.
      }
    }
    const { graph } = sel;
    // A small scope is answered here in milliseconds, quicker than a message to a worker thread and back; a larger
    // one in a worker thread, which reads the task graph's arrays where they are (shared memory).
    const raw =
      graph.n + graph.source.length <= INLINE_SIZE
        ? await runIndexed(graph, mode, task, this.settings)
        : await runInWorker<IndexedResult>(WORKER, {
            graph,
            mode,
            task,
            settings: this.settings,
          });
    return this.answer(snapshot, sel, nameResult(raw, (i) => snapshot.ids[sel.nodes[i]!]!) as T, "memory");
  }

  private answer<T>(s: Snapshot, sel: Selection, result: T, engine: Engine): AnalysisAnswer<T> {
    return {
      result,
      engine,
      nodeCount: sel.nodes.length,
      edgeCount: sel.ties.length,
      truncated: sel.truncated,
      info: infoOf(s),
      snapshot: {
        nodes: s.n,
        ties: s.m,
        estimatedMiB: Math.round(s.bytes / 2 ** 20),
        readSeconds: +(s.loadMs / 1000).toFixed(2),
      },
    };
  }
}

/** A scope without its node filters: named nodes are taken whatever their sector or place (ties stay filtered). */
const nodeFree = (scope: Scope): Scope => ({ ...scope, sector: [], country: [], region: [], issue: [], dataset: [] });

/** Name, sector and kind of a node by id, from the snapshot. */
export function infoOf(s: Snapshot): (id: string) => NodeInfo {
  return (id) => {
    const i = s.byId.get(id);
    if (i === undefined) return { id, name: id, sector: null, entity: "Actor" };
    return {
      id,
      name: s.names[i] ?? id,
      sector: s.sector[i] === NO_SECTOR ? null : SECTORS[s.sector[i]!]!,
      entity: s.partnership[i] ? "Partnership" : "Actor",
    };
  };
}
