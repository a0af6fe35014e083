/**
 * The Graph Data Science engine: where the connected Neo4j has the GDS library, centralities and Louvain can run
 * inside the database. Each scope is projected once per data version and kept in the GDS catalog: the whole network
 * natively, a filtered scope from its nodes' and ties' internal ids as the analytics snapshot selects them (so both
 * engines see the same subgraph, and the store is not read again). Results come back as lists by internal id.
 * Projections of an older data version are dropped when a newer one is first used.
 */
import { createHash } from "node:crypto";
import type { Database } from "../../core/db.ts";
import { type Scope, scopeKey } from "../../core/scope.ts";
import { analysisGraph, eiIndex, modularity, simpleUndirected } from "./compact.ts";
import type { Selection, Snapshot } from "./snapshot.ts";
import type { IndexedResult, Mode, Task } from "./tasks.ts";

/** Projections and runs may take longer than an API read; the local Neo4j stops any transaction at 120 s. */
const GDS_TIMEOUT_MS = 120_000;
/** Kept projections per data version (filtered scopes beyond it evict the oldest). */
const KEPT = 12;
const PREFIX = "atlas-";

type Projection = "stored" | "undirected";

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

/** Native projections of the whole network: as stored, and as the simple undirected view weighted by tie counts. */
const NATIVE: Record<Projection, Record<string, unknown>> = {
  stored: { TIE: { type: "*", orientation: "NATURAL" } },
  undirected: {
    TIE: {
      type: "*",
      orientation: "UNDIRECTED",
      aggregation: "SINGLE",
      properties: { weight: { property: "*", aggregation: "COUNT" } },
    },
  },
};

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
  /** The data version whose projections are kept, and the kept projections by name (most recently used last). */
  private kept: { dataVersion: string; graphs: Map<string, Promise<void>> } | null = null;

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
  private async forVersion(dataVersion: string): Promise<Map<string, Promise<void>>> {
    if (this.kept?.dataVersion === dataVersion) return this.kept.graphs;
    this.kept = { dataVersion, graphs: new Map() };
    const [row] = await this.db.readRows<{ names: string[] }>("analytics/gds-list", { prefix: PREFIX });
    const current = this.prefixOf(dataVersion);
    for (const graphName of row?.names ?? []) if (!graphName.startsWith(current)) await this.drop(graphName);
    return this.kept.graphs;
  }

  private drop(graphName: string): Promise<unknown> {
    return this.db.read((tx) => tx.run("analytics/gds-drop", { graphName }), GDS_TIMEOUT_MS);
  }

  /** Projects the scope (once per data version) and names the projection. */
  private async projection(s: Snapshot, scope: Scope, sel: Selection, kind: Projection): Promise<string> {
    const graphs = await this.forVersion(s.version);
    const whole = !sel.truncated && sel.nodes.length === s.n && sel.ties.length === s.m;
    const graphName = `${this.prefixOf(s.version)}${whole ? "all" : hash(scopeKey(scope))}-${kind}`;
    let made = graphs.get(graphName);
    if (made) {
      graphs.delete(graphName);
      graphs.set(graphName, made);
      return made.then(() => graphName);
    }
    made = (whole ? this.projectAll(graphName, kind) : this.projectPairs(graphName, s, sel, kind)).catch((e) => {
      graphs.delete(graphName);
      throw e;
    });
    graphs.set(graphName, made);
    if (graphs.size > KEPT) {
      const [oldest, p] = graphs.entries().next().value!;
      graphs.delete(oldest);
      void p.then(() => this.drop(oldest)).catch(() => {});
    }
    await made;
    return graphName;
  }

  private async projectAll(graphName: string, kind: Projection): Promise<void> {
    await this.drop(graphName);
    await this.db.read(
      (tx) => tx.run("analytics/gds-project-all", { graphName, relationships: NATIVE[kind] }),
      GDS_TIMEOUT_MS,
    );
  }

  private async projectPairs(graphName: string, s: Snapshot, sel: Selection, kind: Projection): Promise<void> {
    const nid = (local: number) => s.nid[sel.nodes[local]!]!;
    const source: number[] = [];
    const target: (number | null)[] = [];
    const weight: number[] = [];
    const tied = new Uint8Array(sel.nodes.length);
    const add = (a: number, b: number, w: number) => {
      source.push(nid(a));
      target.push(nid(b));
      weight.push(w);
      tied[a] = tied[b] = 1;
    };
    if (kind === "stored")
      for (let k = 0; k < sel.graph.source.length; k++) add(sel.graph.source[k]!, sel.graph.target[k]!, 1);
    else {
      const simple = simpleUndirected(analysisGraph(sel.graph, "stored"));
      for (let k = 0; k < simple.source.length; k++) add(simple.source[k]!, simple.target[k]!, simple.weight[k]!);
    }
    for (let i = 0; i < sel.nodes.length; i++) {
      if (tied[i]) continue;
      source.push(nid(i));
      target.push(null);
      weight.push(1);
    }
    await this.drop(graphName);
    if (source.length === 0) return;
    await this.db.read(
      (tx) =>
        tx.run("analytics/gds-project-pairs", { graphName, source, target, weight, undirected: kind === "undirected" }),
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
    /** A statement's parallel lists (internal id, value) as values by selection index. */
    const stream = async (statement: string, graphName: string, params: Record<string, unknown> = {}) => {
      const [row] = await this.db.read(
        (tx) => tx.run<{ nodes: number[]; values: number[] }>(statement, { graphName, ...params }),
        GDS_TIMEOUT_MS,
      );
      const out = new Float64Array(n);
      for (let k = 0; k < (row?.nodes.length ?? 0); k++) {
        const i = local[s.byNid.get(row!.nodes[k]!) ?? -1] ?? -1;
        if (i >= 0) out[i] = row!.values[k]!;
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
    const graphName = await this.projection(s, scope, sel, "undirected");
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
