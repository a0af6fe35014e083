/**
 * The analyses the API offers, as pure functions of a serialized graph: what runs inside the worker thread.
 */
import Graph from "graphology";
import { prng } from "../../../shared/random.ts";
import type { SerializedGraph } from "../graph/payload.ts";
import * as c from "./compact.ts";
import * as m from "./measures.ts";

export const CENTRALITY_METRICS = [
  "degree",
  "inDegree",
  "outDegree",
  "weightedDegree",
  "betweenness",
  "closeness",
  "eigenvector",
  "pagerank",
  "kcore",
  "constraint",
  "effectiveSize",
] as const;
export type CentralityMetric = (typeof CENTRALITY_METRICS)[number];

export type Task =
  | { kind: "centrality"; metric: CentralityMetric; sample?: number; seed: number }
  | { kind: "communities"; resolution: number; seed: number }
  | { kind: "sectors" }
  | { kind: "brokerage" }
  | { kind: "summary"; seed: number };

export type Mode = "stored" | "actors";

/** Stored graph, or the actor-to-actor projection: actors tied by shared partnerships (weighted) and direct ties. */
export function buildAnalysisGraph(data: SerializedGraph, mode: Mode): Graph {
  const stored = Graph.from(data as never) as Graph;
  if (mode === "stored") return stored;
  const g = new Graph({ type: "undirected" });
  stored.forEachNode((n, a) => {
    if (a.entity === "Actor") g.addNode(n, a);
  });
  const bump = (s: string, t: string) => {
    if (s === t) return;
    if (g.hasEdge(s, t)) g.updateEdgeAttribute(s, t, "weight", (w: number) => w + 1);
    else g.addEdge(s, t, { weight: 1 });
  };
  stored.forEachEdge((_e, _a, s, t) => {
    if (g.hasNode(s) && g.hasNode(t)) bump(s, t);
  });
  stored.forEachNode((p, a) => {
    if (a.entity !== "Partnership") return;
    const members = stored.neighbors(p).filter((x) => g.hasNode(x));
    for (let i = 0; i < members.length; i++)
      for (let j = i + 1; j < members.length; j++) bump(members[i]!, members[j]!);
  });
  return g;
}

/** Communities with the E-I index of each (ties leaving it against ties inside it) and overall. */
export interface CommunitiesResult extends m.Communities {
  ei: { byCommunity: Record<string, number>; overall: number };
}

/**
 * Runs a task on a serialized graph. PageRank, betweenness and Louvain run on the compact typed-array graph (same
 * results as graphology's, without building a graphology graph; betweenness on every core); everything else on a
 * graphology graph.
 */
export async function runTask(data: SerializedGraph, mode: Mode, task: Task): Promise<unknown> {
  if (task.kind === "centrality" && (task.metric === "pagerank" || task.metric === "betweenness")) {
    const g = c.compactGraph(data, mode);
    if (task.metric === "pagerank") return { values: byKey(g.keys, c.pageRank(g)) };
    const b = await c.betweennessInParallel(c.simpleUndirected(g), { sample: task.sample, rng: prng(task.seed) });
    return { values: byKey(g.keys, b.values), sampled: b.sampled };
  }
  if (task.kind === "communities") return compactCommunities(c.compactGraph(data, mode), task);
  return runOnGraph(buildAnalysisGraph(data, mode), task);
}

function compactCommunities(g: c.CompactGraph, task: { resolution: number; seed: number }): CommunitiesResult {
  const louvain = c.louvain(c.simpleUndirected(g), { resolution: task.resolution, rng: prng(task.seed) });
  const ei = c.eiIndex(g.source, g.target, louvain.communities);
  return {
    communities: byKey(g.keys, louvain.communities),
    count: louvain.count,
    modularity: louvain.modularity,
    ei: { byCommunity: Object.fromEntries(ei.byGroup), overall: ei.overall },
  };
}

const byKey = (keys: string[], values: ArrayLike<number>): Record<string, number> => {
  const out: Record<string, number> = {};
  for (let i = 0; i < keys.length; i++) out[keys[i]!] = values[i]!;
  return out;
};

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
        case "closeness":
          return { values: m.harmonicCloseness(graph) };
        case "eigenvector":
          return { values: m.eigenvector(graph) };
        case "pagerank":
          return { values: m.pageRank(graph) };
        case "kcore":
          return { values: m.kCore(graph) };
        case "constraint":
          return { values: m.structuralHoles(graph).constraint };
        case "effectiveSize":
          return { values: m.structuralHoles(graph).effectiveSize };
      }
      break;
    }
    case "communities": {
      const found = m.communities(graph, { resolution: task.resolution, rng: prng(task.seed) });
      const ei = m.eiIndex(graph, (_a, key) => String(found.communities[key]));
      return { ...found, ei: { byCommunity: ei.byGroup, overall: ei.overall } } satisfies CommunitiesResult;
    }
    case "sectors":
      return { mixing: m.mixingMatrix(graph), ei: m.eiIndex(graph), assortativity: m.assortativity(graph) };
    case "brokerage": {
      const roles = m.brokerage(graph);
      const holes = m.structuralHoles(graph);
      return { roles, ...holes, ...m.cutPointsAndBridges(graph) };
    }
    case "summary": {
      const c = m.communities(graph, { resolution: 1, rng: prng(task.seed) });
      return { ...m.summary(graph), communities: c.count, modularity: c.modularity };
    }
  }
  throw new Error(`analytics: unknown task ${JSON.stringify(task)}`);
}
