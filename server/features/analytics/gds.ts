/**
 * The Graph Data Science engine: where the connected Neo4j has the GDS library, centralities and Louvain can run
 * inside the database. The whole network is projected natively once per data version and kept in the GDS catalog,
 * each relationship type under its own name. A scope that only narrows the relationship types is a subgraph
 * projection of it (`gds.graph.filter`), made inside GDS: nothing crosses the network. Other scopes are projected
 * from their ties' internal ids as the analytics snapshot selects them (see `tieFilterExpression` for why). Both
 * engines see the same subgraph, and each scope's projection is kept for the data version. Results come back as
 * lists by internal id. Projections of an older data version are dropped when a newer one is first used.
 */
import { createHash } from "node:crypto";
import type { Database } from "../../core/db.ts";
import { type Scope, scopeKey, scopeParams } from "../../core/scope.ts";
import { REL_TYPES } from "../../core/model.ts";
import { analysisGraph, eiIndex, modularity, simpleUndirected } from "./compact.ts";
import type { Selection, Snapshot } from "./snapshot.ts";
import type { IndexedResult, Mode, Task } from "./tasks.ts";

/** Projections and runs may take longer than an API read; the local Neo4j stops any transaction at 120 s. */
const GDS_TIMEOUT_MS = 120_000;
/** Kept projections per data version (filtered scopes beyond it evict the oldest). */
const KEPT = 12;
const PREFIX = "atlas-";

/**
 * The projections an analysis runs on: the ties as stored (directed, one relationship each); the simple undirected
 * view weighted by tie counts (one relationship per tied pair); each tie as one undirected relationship, so that
 * parallel ties weigh as their count does in the simple view (Louvain, which sums them).
 */
type Projection = "stored" | "undirected" | "ties";

/** What GDS runs for each centrality, on which projection, and how its scores become the memory engine's. */
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

/** The store's relationship types among the network's, and whether ties carry years at all. */
type StoreShape = {
  types: string[];
  years: boolean;
};

/**
 * Native projections of the whole network. As stored and as ties, each relationship type under its own name, so a
 * subgraph projection can select types. Years are left out: GDS keeps relationship properties in pages of a fixed
 * size per type, and since and until cost 676 MiB on 105,000 / 1,000,000 where the types alone take 47 MiB (every
 * subgraph projection would carry them too).
 */
function nativeProjection(kind: Projection, shape: StoreShape): Record<string, unknown> {
  if (kind === "undirected") {
    return {
      TIE: {
        type: "*",
        orientation: "UNDIRECTED",
        aggregation: "SINGLE",
        properties: { weight: { property: "*", aggregation: "COUNT" } },
      },
    };
  }
  const orientation = kind === "stored" ? "NATURAL" : "UNDIRECTED";
  return Object.fromEntries(shape.types.map((type) => [type, { type, orientation }]));
}

/**
 * The relationship filter (a GDS filter expression) that selects the scope's ties from a kept native projection, or
 * null when the projection cannot state the scope: a scope that selects actors or activity (which partnerships join
 * depends on their ties, a join no filter expression states), or years where ties have them. The expression is
 * made of fixed fragments and the model's relationship type names only.
 */
export function tieFilterExpression(scope: Scope, shape: StoreShape): string | null {
  const p = scopeParams(scope);
  if (p.nodeFiltered || p.active || (shape.years && (p.from !== null || p.to !== null))) return null;
  const wanted = new Set<string>(p.relTypes);
  if (REL_TYPES.every((t) => wanted.has(t))) return "*";
  const types = shape.types.filter((t) => wanted.has(t) && (REL_TYPES as readonly string[]).includes(t));
  return types.length ? types.map((t) => `r:${t}`).join(" OR ") : "false";
}

/** The projection a task runs on, or null for a task GDS does not run. */
function projectionOf(task: Task): Projection | null {
  if (task.kind === "centrality") return CENTRALITY[task.metric]?.projection ?? null;
  return task.kind === "communities" ? "ties" : null;
}

/** Why GDS cannot run a task as the memory engine would, or null when it can. */
export function gdsUnsupported(mode: Mode, task: Task): string | null {
  if (mode !== "stored") return "the gds engine runs on the stored graph only (mode=stored)";
  if (task.kind === "centrality") {
    if (!(task.metric in CENTRALITY)) {
      return `the gds engine computes ${Object.keys(CENTRALITY).join(", ")}; ${task.metric} runs in the memory engine`;
    }
    if (task.sample !== undefined) return "sampled betweenness runs in the memory engine (gds computes it exactly)";
    return null;
  }
  if (task.kind === "communities") {
    return task.resolution === 1 ? null : "GDS's Louvain has no resolution parameter: only resolution=1 runs there";
  }
  return `the gds engine does not run ${task.kind}`;
}

const hash = (s: string) => createHash("sha256").update(s).digest("hex").slice(0, 12);

export class GdsEngine {
  private version: Promise<string | null> | null = null;
  /**
   * The data version whose projections are kept, the kept projections by name (most recently used last), and what
   * the store holds that the native projections name.
   */
  private kept: { dataVersion: string; graphs: Map<string, Promise<void>>; shape: Promise<StoreShape> } | null = null;

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

  /** The kept projections' names for a data version (the catalog's, after a restart included). */
  prefixOf(dataVersion: string): string {
    return `${PREFIX}${hash(dataVersion)}-`;
  }

  /** Drops every projection of another data version, once per new version. */
  private async forVersion(dataVersion: string): Promise<NonNullable<GdsEngine["kept"]>> {
    if (this.kept?.dataVersion === dataVersion) return this.kept;
    const shape = this.db
      .readRows<StoreShape>("analytics/gds-store-shape", { types: [...REL_TYPES] })
      .then(([row]) => row ?? { types: [], years: false });
    const kept = (this.kept = { dataVersion, graphs: new Map(), shape });
    shape.catch(() => {
      if (this.kept === kept) this.kept = null;
    });
    const [row] = await this.db.readRows<{ names: string[] }>("analytics/gds-list", { prefix: PREFIX });
    const current = this.prefixOf(dataVersion);
    for (const graphName of row?.names ?? []) if (!graphName.startsWith(current)) await this.drop(graphName);
    return kept;
  }

  private drop(graphName: string): Promise<unknown> {
    return this.db.read((tx) => tx.run("analytics/gds-drop", { graphName }), GDS_TIMEOUT_MS);
  }

  /** The kept projection of that name, made by `make` when it is not kept yet. */
  private async keep(graphs: Map<string, Promise<void>>, graphName: string, make: () => Promise<void>) {
    let made = graphs.get(graphName);
    if (made) {
      graphs.delete(graphName);
      graphs.set(graphName, made);
      return made;
    }
    made = make().catch((e) => {
      graphs.delete(graphName);
      throw e;
    });
    graphs.set(graphName, made);
    if (graphs.size > KEPT) {
      const [oldest, p] = graphs.entries().next().value!;
      graphs.delete(oldest);
      void p.then(() => this.drop(oldest)).catch(() => {});
    }
    return made;
  }

  /**
   * Makes the kept native projection a task runs on for the data version, if it is not kept yet: called while the
   * snapshot is read, so that a first answer waits for the longer of the two, not for both.
   */
  async prepare(dataVersion: string, task: Task): Promise<void> {
    const kind = projectionOf(task);
    if (kind) await this.native(dataVersion, kind);
  }

  /**
   * The whole network's kept native projection of that kind for the data version (made once), or null when the
   * store has none of the network's relationship types to project by name.
   */
  private async native(dataVersion: string, kind: Projection): Promise<string | null> {
    const { graphs, shape: shapeRead } = await this.forVersion(dataVersion);
    const shape = await shapeRead;
    if (kind !== "undirected" && shape.types.length === 0) return null;
    const base = `${this.prefixOf(dataVersion)}all-${kind}`;
    await this.keep(graphs, base, () => this.projectAll(base, kind, shape));
    return base;
  }

  /**
   * The projection the scope's analysis runs on (made once per data version): the whole network's native one, a
   * subgraph projection of it for a scope that only narrows the ties, or the snapshot's selection of ties.
   */
  private async projection(s: Snapshot, scope: Scope, sel: Selection, kind: Projection): Promise<string> {
    const { graphs, shape: shapeRead } = await this.forVersion(s.version);
    const shape = await shapeRead;
    const native = kind === "undirected" || shape.types.length > 0;
    const whole = !sel.truncated && sel.nodes.length === s.n && sel.ties.length === s.m;
    const filter =
      native && !whole && kind !== "undirected" && !sel.truncated ? tieFilterExpression(scope, shape) : null;
    if (native && (whole || filter === "*")) return (await this.native(s.version, kind))!;
    const graphName = `${this.prefixOf(s.version)}${hash(scopeKey(scope))}-${kind}`;
    await this.keep(graphs, graphName, async () => {
      if (filter === null) return this.projectPairs(graphName, s, sel, kind);
      const fromGraphName = (await this.native(s.version, kind))!;
      await this.drop(graphName);
      await this.db.read((tx) => tx.run("analytics/gds-filter", { graphName, fromGraphName, filter }), GDS_TIMEOUT_MS);
    });
    return graphName;
  }

  private async projectAll(graphName: string, kind: Projection, shape: StoreShape): Promise<void> {
    await this.drop(graphName);
    await this.db.read(
      (tx) => tx.run("analytics/gds-project-all", { graphName, relationships: nativeProjection(kind, shape) }),
      GDS_TIMEOUT_MS,
    );
  }

  /**
   * Projects the selection's ties from their ends' internal ids (a node without ties has a null target); weights
   * only for the simple undirected view, where they are tie counts (a weight per row doubles the time).
   */
  private async projectPairs(graphName: string, s: Snapshot, sel: Selection, kind: Projection): Promise<void> {
    const nid = (local: number) => s.nid[sel.nodes[local]!]!;
    const weighted = kind === "undirected";
    const graph = weighted ? simpleUndirected(analysisGraph(sel.graph, "stored")) : null;
    const from = graph?.source ?? sel.graph.source;
    const to = graph?.target ?? sel.graph.target;
    const source: number[] = [];
    const target: (number | null)[] = [];
    const tied = new Uint8Array(sel.nodes.length);
    for (let k = 0; k < from.length; k++) {
      source.push(nid(from[k]!));
      target.push(nid(to[k]!));
      tied[from[k]!] = tied[to[k]!] = 1;
    }
    const weight = graph ? Array.from(graph.weight) : [];
    for (let i = 0; i < sel.nodes.length; i++) {
      if (tied[i]) continue;
      source.push(nid(i));
      target.push(null);
      if (weighted) weight.push(1);
    }
    await this.drop(graphName);
    if (source.length === 0) return;
    const undirected = kind !== "stored";
    await this.db.read(
      (tx) =>
        weighted
          ? tx.run("analytics/gds-project-pairs-weighted", { graphName, source, target, weight })
          : tx.run("analytics/gds-project-pairs", { graphName, source, target, undirected }),
      GDS_TIMEOUT_MS,
    );
  }

  /** Runs the task on the scope's kept projection; nodes named by their index in the selection. */
  async run(s: Snapshot, scope: Scope, sel: Selection, task: Task): Promise<IndexedResult> {
    const n = sel.nodes.length;
    const local = new Int32Array(s.n).fill(-1);
    for (let i = 0; i < n; i++) local[sel.nodes[i]!] = i;
    const nodes = Int32Array.from({ length: n }, (_, i) => i);
    if (n === 0) {
      return task.kind === "communities"
        ? {
            kind: "communities",
            nodes,
            communities: new Int32Array(0),
            count: 0,
            modularity: 0,
            ei: { byCommunity: {}, overall: 0 },
          }
        : { kind: "values", nodes, values: new Float64Array(0), sampled: null };
    }
    /** A statement's parallel lists (internal id, value), in parts, as values by selection index. */
    const stream = async (statement: string, graphName: string, params: Record<string, unknown> = {}) => {
      const parts = await this.db.read(
        (tx) => tx.run<{ nodes: number[]; values: number[] }>(statement, { graphName, ...params }),
        GDS_TIMEOUT_MS,
      );
      const out = new Float64Array(n);
      for (const { nodes: ids, values } of parts) {
        for (let k = 0; k < ids.length; k++) {
          const i = local[s.byNid.get(ids[k]!) ?? -1] ?? -1;
          if (i >= 0) out[i] = values[k]!;
        }
      }
      return out;
    };
    if (task.kind === "centrality") {
      const spec = CENTRALITY[task.metric]!;
      const graphName = await this.projection(s, scope, sel, spec.projection);
      const values = await stream(spec.statement, graphName, spec.params);
      const factor = spec.scale?.(n) ?? 1;
      if (factor !== 1) for (let i = 0; i < n; i++) values[i]! *= factor;
      return { kind: "values", nodes, values, sampled: null };
    }
    const graphName = await this.projection(s, scope, sel, "ties");
    const raw = await stream("analytics/gds-louvain", graphName);
    // GDS names communities by node ids: renumber them 0.. in order of first appearance in the scope's node order,
    // as the memory engine numbers its own; modularity and E-I indexes over the same ties as the memory engine's.
    const renumber = new Map<number, number>();
    const communities = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const c = raw[i]!;
      if (!renumber.has(c)) renumber.set(c, renumber.size);
      communities[i] = renumber.get(c)!;
    }
    const g = analysisGraph(sel.graph, "stored");
    const ei = eiIndex(g.source, g.target, communities);
    return {
      kind: "communities",
      nodes,
      communities,
      count: renumber.size,
      modularity: modularity(simpleUndirected(g), communities),
      ei: { byCommunity: Object.fromEntries(ei.byGroup), overall: ei.overall },
    };
  }
}
