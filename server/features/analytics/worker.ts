/**
 * Worker thread job: runs one analytics task on a scope's task graph (typed arrays in shared memory). `{warm: true}`
 * loads this module, starts the betweenness threads, and runs the most asked analyses (PageRank, Louvain) once on a
 * small generated network, so that the first real task finds them loaded and compiled: a kernel's first run on a
 * large network is otherwise the slowest (measured on 105,000 / 1,000,000: PageRank's first 0.75 s, later 0.2 s).
 */
import { runInWorker } from "../../core/worker.ts";
import { prng } from "../../../shared/random.ts";
import { BRANDES_WORKER, NO_SECTOR, type TaskGraph } from "./compact.ts";
import { type Mode, runIndexed, type Task, type TaskSettings } from "./tasks.ts";

type Job = { graph: TaskGraph; mode: Mode; task: Task; settings: TaskSettings } | { warm: true };

/** A small random network (2,000 nodes, 10,000 ties) for the warm-up. */
export function warmUpGraph(n = 2_000, m = 10_000): TaskGraph {
  const rand = prng(7);
  const source = new Int32Array(m);
  const target = new Int32Array(m);
  for (let e = 0; e < m; e++) {
    source[e] = Math.floor(rand() * n);
    // Mostly near ties, so that Louvain finds communities to merge.
    target[e] = (source[e]! + 1 + Math.floor(rand() * (rand() < 0.8 ? 20 : n - 1))) % n;
  }
  return { n, partnership: new Uint8Array(n), sector: new Uint8Array(n).fill(NO_SECTOR), source, target };
}

const WARM_UP: Task[] = [
  { kind: "centrality", metric: "pagerank", seed: 1 },
  { kind: "communities", resolution: 1, seed: 1 },
];

export const handle = async (job: Job) => {
  if ("warm" in job) {
    await runInWorker(BRANDES_WORKER, { warm: true });
    const graph = warmUpGraph();
    for (const task of WARM_UP) await runIndexed(graph, "stored", task, {});
    return null;
  }
  return runIndexed(job.graph, job.mode, job.task, job.settings);
};
