/**
 * The analyses the API offers, as functions of a scope's task graph: what runs inside the worker thread. One engine
 * per measure: PageRank, degrees, betweenness, Louvain and the E-I indexes run on the typed-array graph
 * (compact.ts); the measures only graphology has (closeness, eigenvector, k-core, structural holes, brokerage,
 * mixing, assortativity, cut points, path lengths) run on a graphology graph built from the same analysis graph, so
 * the actor projection is made once, in compact.ts. Nodes are named by their index in the task graph; the caller
 * names them (see nameResult).
 */
import Graph, { UndirectedGraph } from "graphology";
import { prng } from "../../../shared/random.ts";
import { SECTORS } from "../../core/model.ts";
import type { SerializedGraph } from "../graph/payload.ts";
import * as c from "./compact.ts";
import * as l from "./local-measures.ts";
import * as m from "./measures.ts";

import { CENTRALITY_METRICS, type CentralityMetric } from "../../../shared/model.ts";

export { CENTRALITY_METRICS, type CentralityMetric };

export type Task =
  | { kind: "centrality"; metric: CentralityMetric; sample?: number; seed: number }
  | { kind: "communities"; resolution: number; seed: number }
  | { kind: "sectors" }
  | { kind: "brokerage" }
  | { kind: "summary"; seed: number };

export type Mode = "stored" | "actors";

/** Communities with the E-I index of each (ties leaving it against ties inside it) and overall. */
export interface CommunitiesResult extends m.Communities {
  ei: { byCommunity: Record<string, number>; overall: number };
}

/** How betweenness was computed, as the API reports it. */
export interface BetweennessReport {
  method: "exact" | "sampled";
  pivots: number;
  nodes: number;
  confidence: number | null;
  /** Sampled: the largest 95% error among all nodes, and each value's own error. */
  maxError: number | null;
  errors: Record<string, number> | null;
}

/** Options a deployment sets (the worker receives them with each job). */
export interface TaskSettings {
  betweennessExactWork?: number;
  betweennessSampleWork?: number;
}

/** A task's answer with nodes named by task-graph index: typed arrays aligned with `nodes`, or keyed by index. */
export type IndexedResult =
  | {
      kind: "values";
      nodes: Int32Array;
      values: Float64Array;
      sampled?: number | null;
      betweenness?: Omit<c.BetweennessMethod, "error"> & { error: Float64Array | null };
    }
  | {
      kind: "communities";
      nodes: Int32Array;
      communities: Int32Array;
      count: number;
      modularity: number;
      ei: CommunitiesResult["ei"];
    }
  | { kind: "keyed"; result: Record<string, unknown> };

const sectorName = (code: number) => (code === c.NO_SECTOR ? undefined : SECTORS[code]);

/** The analysis graph as a graphology graph for the measures only graphology has; node keys are task-graph indices. */
export function graphologyOf(t: c.TaskGraph, g: c.CompactGraph): Graph {
  const graph = g.directed ? new Graph({ type: "directed", multi: true }) : new UndirectedGraph();
  for (let i = 0; i < g.n; i++) {
    const o = g.origin[i]!;
    graph.addNode(String(o), { entity: t.partnership[o] ? "Partnership" : "Actor", sector: sectorName(t.sector[o]!) });
  }
  for (let e = 0; e < g.source.length; e++) {
    const s = String(g.origin[g.source[e]!]);
    const d = String(g.origin[g.target[e]!]);
    if (g.directed) graph.addEdge(s, d);
    else graph.addEdge(s, d, { weight: g.weight[e] });
  }
  return graph;
}

/** The analysis graph's simple undirected adjacency, which the distance and neighbourhood measures walk. */
const rows = (g: c.CompactGraph) => c.undirectedAdjacency(c.simpleUndirected(g));

/** Values aligned with the analysis graph's nodes, keyed as graphologyOf keys them (task-graph index). */
function byOrigin(g: c.CompactGraph, values: Float64Array): Record<string, number> {
  const out: Record<string, number> = {};
  for (let i = 0; i < g.n; i++) out[g.origin[i]!] = values[i]!;
  return out;
}

/** Group of each node for the sector measures: its sector, "Other" without one, "Partnership" for partnerships. */
function sectorGroups(t: c.TaskGraph, g: c.CompactGraph): { group: Int32Array; names: string[] } {
  const names = [...SECTORS, "Partnership"];
  const other = SECTORS.indexOf("Other");
  const group = new Int32Array(g.n);
  for (let i = 0; i < g.n; i++) {
    const o = g.origin[i]!;
    group[i] = t.partnership[o] ? SECTORS.length : t.sector[o] === c.NO_SECTOR ? other : t.sector[o]!;
  }
  return { group, names };
}

/** Runs a task on a scope's task graph. */
export async function runIndexed(
  t: c.TaskGraph,
  mode: Mode,
  task: Task,
  settings: TaskSettings = {},
): Promise<IndexedResult> {
  const g = c.analysisGraph(t, mode);
  if (task.kind === "centrality") {
    switch (task.metric) {
      case "pagerank":
        return { kind: "values", nodes: g.origin, values: c.pageRank(g) };
      case "degree":
        return { kind: "values", nodes: g.origin, values: c.degree(g, "total") };
      case "inDegree":
        return { kind: "values", nodes: g.origin, values: c.degree(g, "in") };
      case "outDegree":
        return { kind: "values", nodes: g.origin, values: c.degree(g, "out") };
      case "weightedDegree":
        return { kind: "values", nodes: g.origin, values: c.degree(g, "weighted") };
      case "betweenness": {
        const b = await c.betweennessInParallel(c.simpleUndirected(g), {
          sample: task.sample,
          rng: prng(task.seed),
          exactWork: settings.betweennessExactWork,
          sampleWork: settings.betweennessSampleWork,
        });
        return { kind: "values", nodes: g.origin, values: b.values, sampled: b.sampled, betweenness: b.method };
      }
      case "closeness":
        return { kind: "values", nodes: g.origin, values: l.harmonicCloseness(rows(g)) };
      case "eigenvector":
        return { kind: "values", nodes: g.origin, values: l.eigenvector(rows(g)) };
      case "constraint":
      case "effectiveSize":
        return { kind: "values", nodes: g.origin, values: l.structuralHoles(rows(g))[task.metric] };
      default:
        return { kind: "keyed", result: graphologyCentrality(graphologyOf(t, g), task.metric) };
    }
  }
  if (task.kind === "communities") {
    const found = c.louvain(c.simpleUndirected(g), { resolution: task.resolution, rng: prng(task.seed) });
    const ei = c.eiIndex(g.source, g.target, found.communities);
    return {
      kind: "communities",
      nodes: g.origin,
      communities: found.communities,
      count: found.count,
      modularity: found.modularity,
      ei: { byCommunity: Object.fromEntries(ei.byGroup), overall: ei.overall },
    };
  }
  if (task.kind === "sectors") {
    const graph = graphologyOf(t, g);
    const { group, names } = sectorGroups(t, g);
    const ei = c.eiIndex(g.source, g.target, group);
    const byGroup = Object.fromEntries([...ei.byGroup].map(([k, v]) => [names[k]!, v]));
    return {
      kind: "keyed",
      result: {
        mixing: m.mixingMatrix(graph),
        ei: { byGroup, overall: ei.overall },
        assortativity: m.assortativity(graph),
      },
    };
  }
  if (task.kind === "brokerage") {
    const graph = graphologyOf(t, g);
    const holes = l.structuralHoles(rows(g));
    return {
      kind: "keyed",
      result: {
        roles: m.brokerage(graph),
        effectiveSize: byOrigin(g, holes.effectiveSize),
        constraint: byOrigin(g, holes.constraint),
        ...m.cutPointsAndBridges(graph),
      },
    };
  }
  const found = c.louvain(c.simpleUndirected(g), { resolution: 1, rng: prng(task.seed) });
  return {
    kind: "keyed",
    result: { ...l.pathSummary(rows(g)), communities: found.count, modularity: found.modularity },
  };
}

function graphologyCentrality(graph: Graph, metric: CentralityMetric): Record<string, unknown> {
  switch (metric) {
    case "closeness":
      return { values: m.harmonicCloseness(graph) };
    case "eigenvector":
      return { values: m.eigenvector(graph) };
    case "kcore":
      return { values: m.kCore(graph) };
    case "constraint":
      return { values: m.structuralHoles(graph).constraint };
    case "effectiveSize":
      return { values: m.structuralHoles(graph).effectiveSize };
    default:
      throw new Error(`analytics: ${metric} runs on the typed-array graph`);
  }
}

const rekey = (o: Record<string, unknown>, key: (i: number) => string): Record<string, unknown> => {
  const out: Record<string, unknown> = {};
  for (const k in o) out[key(Number(k))] = o[k];
  return out;
};

/** The public answer of a task, nodes named by `key(task-graph index)`. */
export function nameResult(r: IndexedResult, key: (i: number) => string): unknown {
  if (r.kind === "values") {
    const values: Record<string, number> = {};
    for (let i = 0; i < r.nodes.length; i++) values[key(r.nodes[i]!)] = r.values[i]!;
    const out: Record<string, unknown> = { values };
    if (r.sampled !== undefined) out.sampled = r.sampled;
    if (r.betweenness) {
      const { error, ...rest } = r.betweenness;
      let maxError: number | null = null;
      let errors: Record<string, number> | null = null;
      if (error) {
        errors = {};
        maxError = 0;
        for (let i = 0; i < r.nodes.length; i++) {
          errors[key(r.nodes[i]!)] = error[i]!;
          if (error[i]! > maxError) maxError = error[i]!;
        }
      }
      out.betweenness = { ...rest, maxError, errors } satisfies BetweennessReport;
    }
    return out;
  }
  if (r.kind === "communities") {
    const communities: Record<string, number> = {};
    for (let i = 0; i < r.nodes.length; i++) communities[key(r.nodes[i]!)] = r.communities[i]!;
    return { communities, count: r.count, modularity: r.modularity, ei: r.ei } satisfies CommunitiesResult;
  }
  const out = { ...r.result };
  for (const field of ["values", "roles", "constraint", "effectiveSize"])
    if (out[field]) out[field] = rekey(out[field] as Record<string, unknown>, key);
  if (out.articulationPoints) out.articulationPoints = (out.articulationPoints as string[]).map((k) => key(Number(k)));
  if (out.bridges) out.bridges = (out.bridges as [string, string][]).map(([a, b]) => [key(Number(a)), key(Number(b))]);
  return out;
}

/** Runs a task on a serialized graph and names nodes by their keys (the tests' and the benchmark's entry). */
export async function runTask(
  data: SerializedGraph,
  mode: Mode,
  task: Task,
  settings?: TaskSettings,
): Promise<unknown> {
  const t = c.taskGraphOf(data);
  return nameResult(await runIndexed(t, mode, task, settings), (i) => t.keys[i]!);
}

/**
 * The reference: every task on a graphology graph with graphology's own implementations (test oracle only; the
 * production engine is runIndexed).
 */
export function runOnGraph(graph: Graph, task: Task): unknown {
  switch (task.kind) {
    case "centrality": {
      switch (task.metric) {
        case "degree":
          return { values: m.degree(graph, "total") };
        case "inDegree":
          return { values: m.degree(graph, "in") };
        case "outDegree":
          return { values: m.degree(graph, "out") };
        case "weightedDegree":
          return { values: m.degree(graph, "weighted") };
        case "betweenness":
          return m.betweenness(graph, { sample: task.sample, rng: prng(task.seed) });
        case "pagerank":
          return { values: m.pageRank(graph) };
        default:
          return graphologyCentrality(graph, task.metric);
      }
    }
    case "communities": {
      const found = m.communities(graph, { resolution: task.resolution, rng: prng(task.seed) });
      const ei = m.eiIndex(graph, (_a, key) => String(found.communities[key]));
      return { ...found, ei: { byCommunity: ei.byGroup, overall: ei.overall } } satisfies CommunitiesResult;
    }
    case "sectors":
      return { mixing: m.mixingMatrix(graph), ei: m.eiIndex(graph), assortativity: m.assortativity(graph) };
    case "brokerage":
      return { roles: m.brokerage(graph), ...m.structuralHoles(graph), ...m.cutPointsAndBridges(graph) };
    case "summary": {
      const found = m.communities(graph, { resolution: 1, rng: prng(task.seed) });
      return { ...m.summary(graph), communities: found.count, modularity: found.modularity };
    }
  }
}
