/**
 * The layout of an opened group, off the page's main thread: the group is drawn at once at its starting places and
 * ForceAtlas2 refines them in a worker (group-layout.worker.ts), the picture following each batch of iterations,
 * while the page keeps answering pan, zoom and hover. The iterations are graphology's own, over the same matrices
 * and settings as `forceAtlas2.assign(graph, { iterations, settings })`, in one run: the final places are those
 * of the synchronous layout, the same for every opening, however the batches fall in time.
 */
import type Graph from "graphology";
import DEFAULTS from "graphology-layout-forceatlas2/defaults.js";
import iterate from "graphology-layout-forceatlas2/iterate.js";

/** Numbers per node and per edge in graphology's ForceAtlas2 matrices (helpers.js: PPN, PPE). */
const PPN = 10;
const PPE = 3;

export interface LayoutJob {
  nodes: Float32Array;
  edges: Float32Array;
  settings: Record<string, unknown>;
  iterations: number;
  /** Iterations between two pictures. */
  batch: number;
}

/** A batch's places: x and y of node i at 2i and 2i + 1, in the graph's node order; `done` after the last. */
export interface LayoutStep {
  positions: Float32Array;
  iterations: number;
  done: boolean;
}

/**
 * The ForceAtlas2 matrices of a graph, as graphology's helpers build them (places, size, mass 1 + the number of
 * ties, no weights: every tie counts 1), without keeping the graph.
 */
export function layoutMatrices(graph: Graph): { nodes: Float32Array; edges: Float32Array } {
  const nodes = new Float32Array(graph.order * PPN);
  const edges = new Float32Array(graph.size * PPE);
  const index = new Map<string, number>();
  let j = 0;
  graph.forEachNode((node, a) => {
    index.set(node, j);
    nodes[j] = a.x;
    nodes[j + 1] = a.y;
    nodes[j + 6] = 1; // mass
    nodes[j + 7] = 1; // convergence
    nodes[j + 8] = a.size || 1;
    nodes[j + 9] = a.fixed ? 1 : 0;
    j += PPN;
  });
  j = 0;
  graph.forEachEdge((_e, _a, source, target) => {
    const s = index.get(source)!;
    const t = index.get(target)!;
    nodes[s + 6]! += 1;
    nodes[t + 6]! += 1;
    edges[j] = s;
    edges[j + 1] = t;
    edges[j + 2] = 1;
    j += PPE;
  });
  return { nodes, edges };
}

/** The places held in the node matrix. */
export function placesOf(nodes: Float32Array): Float32Array {
  const out = new Float32Array((nodes.length / PPN) * 2);
  for (let i = 0, k = 0; i < nodes.length; i += PPN, k += 2) {
    out[k] = nodes[i]!;
    out[k + 1] = nodes[i + 1]!;
  }
  return out;
}

/**
 * The job one iteration at a time: yields after each, with the places after every batch and after the last
 * iteration (null between), so a caller may pause between iterations without changing what they compute.
 */
export function* layoutRun(job: LayoutJob): Generator<LayoutStep | null> {
  // Merged over the library's defaults, as its `assign` does.
  const settings = { ...DEFAULTS, ...job.settings };
  const batch = Math.max(1, job.batch);
  for (let done = 1; done <= job.iterations; done++) {
    iterate(settings, job.nodes, job.edges);
    const last = done === job.iterations;
    yield last || done % batch === 0 ? { positions: placesOf(job.nodes), iterations: done, done: last } : null;
  }
}

/** Runs the job at once, handing the places over after every batch and after the last iteration. */
export function runLayout(job: LayoutJob, step: (s: LayoutStep) => void): void {
  for (const s of layoutRun(job)) if (s) step(s);
}

/** Writes a step's places into the graph (its nodes in the order the matrices were built). */
export function applyPlaces(graph: Graph, positions: Float32Array): void {
  let k = 0;
  graph.updateEachNodeAttributes(
    (_n, a) => {
      a.x = positions[k++]!;
      a.y = positions[k++]!;
      return a;
    },
    { attributes: ["x", "y"] },
  );
}

/**
 * ForceAtlas2 over the graph in a worker: `onStep` hears every batch (the last with `done`). `stop()` ends it (a
 * new picture replaces the group); calling it twice is safe. `onError` hears a layout that could not be run.
 */
export function layoutInWorker(
  graph: Graph,
  options: { settings: Record<string, unknown>; iterations: number; batch: number },
  onStep: (s: LayoutStep) => void,
  onError: (e: unknown) => void,
): { stop: () => void } {
  const { nodes, edges } = layoutMatrices(graph);
  // Without a worker (or when it fails), the same iterations here, at once: the same final places.
  const here = (job: LayoutJob) => {
    try {
      runLayout({ ...job, batch: job.iterations }, onStep);
    } catch (e) {
      onError(e);
    }
  };
  let worker: Worker;
  const job: LayoutJob = { nodes: nodes.slice(), edges: edges.slice(), ...options };
  try {
    worker = new Worker(new URL("./group-layout.worker.ts", import.meta.url), { type: "module" });
  } catch {
    here({ nodes, edges, ...options });
    return { stop: () => undefined };
  }
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    worker.terminate();
  };
  worker.onmessage = (e: MessageEvent<LayoutStep>) => {
    if (stopped) return;
    if (e.data.done) stop();
    onStep(e.data);
  };
  worker.onerror = (e) => {
    if (stopped) return;
    stop();
    e.preventDefault();
    here({ nodes, edges, ...options });
  };
  worker.postMessage(job, [job.nodes.buffer, job.edges.buffer]);
  return { stop };
}
