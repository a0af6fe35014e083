/**
 * npm run bench:groups: the server-side aggregation of the overview (server/features/analytics/groups.ts and
 * clusters.ts) on a random network in memory, as large as the 52,500-node / 250,000-tie synthetic one: grouped by
 * sector, by region and by a 60-community partition, then one group opened. Prints the median of five runs (after
 * one warm-up) of each. The snapshot read and Louvain are measured by bench:analytics; this is the part after them.
 *
 * BENCH_NODES (default 52500), BENCH_TIES (default 250000).
 */
import { SECTORS } from "../server/core/model.ts";
import { clusterOverview } from "../server/features/analytics/clusters.ts";
import { NO_SECTOR } from "../server/features/analytics/compact.ts";
import { groupOverview } from "../server/features/analytics/groups.ts";
import type { Selection, Snapshot } from "../server/features/analytics/snapshot.ts";
import { machine } from "./report.ts";

const N = Number(process.env.BENCH_NODES ?? 52_500);
const M = Number(process.env.BENCH_TIES ?? 250_000);

/** A seeded pseudo-random generator (mulberry32). */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function network(): { s: Snapshot; sel: Selection; community: Map<string, number> } {
  const r = rng(1);
  const dict = new Map<string, number>();
  for (let k = 0; k < 25; k++) dict.set(`Sub-region ${k}`, k);
  for (let k = 0; k < 5; k++) dict.set(`Region ${k}`, 25 + k);
  const partnership = Uint8Array.from({ length: N }, () => (r() < 0.05 ? 1 : 0));
  const located = Uint8Array.from({ length: N }, () => (r() < 0.85 ? 1 : 0));
  const sub = Int32Array.from({ length: N }, (_x, i) => (partnership[i] || !located[i] ? -1 : Math.floor(r() * 25)));
  const community = new Map<string, number>();
  const ids = Array.from({ length: N }, (_x, i) => `n${i}`);
  ids.forEach((id, i) => community.set(id, i % 60));
  const source = new Int32Array(M);
  const target = new Int32Array(M);
  for (let e = 0; e < M; e++) {
    const a = Math.floor(r() * N);
    let b = Math.floor(r() * N);
    if (b === a) b = (a + 1) % N;
    source[e] = a;
    target[e] = b;
  }
  const s = {
    n: N,
    ids,
    names: ids,
    partnership,
    sector: Uint8Array.from({ length: N }, (_x, i) => (partnership[i] ? NO_SECTOR : Math.floor(r() * SECTORS.length))),
    country: sub,
    region: Int32Array.from(sub, (x) => (x < 0 ? -1 : 25 + (x % 5))),
    subregion: sub,
    issueStart: new Int32Array(N + 1),
    issues: new Int32Array(0),
    dict,
    m: M,
    source,
    target,
    type: new Uint8Array(M),
  } as unknown as Snapshot;
  const sel = {
    nodes: Int32Array.from({ length: N }, (_x, i) => i),
    ties: Int32Array.from({ length: M }, (_x, e) => e),
    truncated: false,
  } as unknown as Selection;
  return { s, sel, community };
}

function median(run: () => unknown): number {
  run();
  const times: number[] = [];
  for (let k = 0; k < 5; k++) {
    const t0 = performance.now();
    run();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[2]!;
}

const { s, sel, community } = network();
const opts = { limit: 60, open: null, issueNames: new Map<string, string>() };
console.log(`bench:groups: ${N} nodes, ${M} ties (random, in memory) on ${JSON.stringify(machine())}`);
const rows: [string, number][] = [
  ["grouped by sector", median(() => groupOverview(s, sel, "sector", opts))],
  ["grouped by region", median(() => groupOverview(s, sel, "region", opts))],
  ["60 clusters (given partition)", median(() => clusterOverview(s, sel, (id) => community.get(id), opts))],
  ["by sector, largest group opened", median(() => groupOverview(s, sel, "sector", { ...opts, open: 1 }))],
];
for (const [task, ms] of rows) console.log(`${task.padEnd(34)} ${ms.toFixed(0).padStart(6)} ms (median of 5)`);
