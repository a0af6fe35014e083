/**
 * The server's stable layout: ForceAtlas2 as the library's own `assign` runs it (the same positions), with a pause
 * point before each iteration where a background layout steps aside for waited-for work.
 */
import Graph, { UndirectedGraph } from "graphology";
import karateClub from "graphology-generators/social/karate-club";
import forceAtlas2 from "graphology-layout-forceatlas2";
import { describe, expect, it } from "vitest";
import { existsSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import { foreground, foregroundIdle, inForeground, yieldToForeground } from "../../server/core/foreground.ts";
import { runInWorker } from "../../server/core/worker.ts";
import { computeLayout, iterationsFor } from "../../server/features/graph/layout-compute.ts";
import { spiralPoint } from "../../shared/appearance.ts";

/** The karate club as the layout's input, and the library's own layout of the same start. */
function karate() {
  const club = karateClub(UndirectedGraph);
  const index = new Map(club.nodes().map((k, i) => [k, i]));
  const n = club.order;
  const pairs = club.edges().map((e) => [index.get(club.source(e))!, index.get(club.target(e))!] as const);
  const reference = new Graph({ type: "undirected" });
  for (let i = 0; i < n; i++) reference.addNode(i, spiralPoint(i, 10, 7));
  for (const [s, t] of pairs) reference.mergeEdge(s, t);
  // As the snapshot gives them: some pairs tied twice (both ways), a self-tie and a stray index, which the layout
  // leaves out as the graph does.
  const ties = [...pairs.slice(0, 5), ...pairs.slice(0, 10).map(([s, t]) => [t, s] as const), ...pairs];
  ties.push([3, 3], [-1, 4], [2, n]);
  const source = Int32Array.from(ties, ([s]) => s);
  const target = Int32Array.from(ties, ([, t]) => t);
  const settings = { ...forceAtlas2.inferSettings(reference), barnesHutOptimize: false };
  forceAtlas2.assign(reference, { iterations: iterationsFor(n), settings });
  return { input: { n, source, target }, reference };
}

describe("the server's layout", () => {
  it("places every node where the library's own ForceAtlas2 does, pausing before each iteration", () => {
    const { input, reference } = karate();
    let pauses = 0;
    const xy = computeLayout(input, 7, () => void pauses++);
    expect(pauses).toBe(iterationsFor(input.n));
    for (let i = 0; i < input.n; i++) {
      const { x, y } = reference.getNodeAttributes(i) as { x: number; y: number };
      expect(xy[2 * i], `x of ${i}`).toBe(Math.round(x * 100) / 100);
      expect(xy[2 * i + 1], `y of ${i}`).toBe(Math.round(y * 100) / 100);
    }
    // Pauses do not change the result.
    expect(Array.from(computeLayout(input))).toEqual(Array.from(xy));
  });

  it("steps aside while waited-for work is under way, and goes on once it ends", async () => {
    expect(yieldToForeground(foreground)).toBeLessThan(50);
    let waited = -1;
    await inForeground(async () => {
      // Within waited-for work, a background step waits (here bounded at 150 ms).
      waited = yieldToForeground(foreground, 150);
    });
    expect(waited).toBeGreaterThanOrEqual(140);
    expect(Atomics.load(foreground, 0)).toBe(0);
    expect(yieldToForeground(foreground)).toBeLessThan(50);
  });

  it("starts background work only once waited-for work has ended, or after the bound", async () => {
    expect(await foregroundIdle(foreground)).toBeLessThan(50);
    let release!: () => void;
    const answer = inForeground(() => new Promise<void>((r) => (release = r)));
    const idle = foregroundIdle(foreground);
    setTimeout(() => release(), 200);
    const waited = await idle;
    await answer;
    expect(waited).toBeGreaterThanOrEqual(190);
    expect(waited).toBeLessThan(1_000);
    // Never longer than the bound, however long the answer takes.
    let never!: () => void;
    const long = inForeground(() => new Promise<void>((r) => (never = r)));
    expect(await foregroundIdle(foreground, 120)).toBeGreaterThanOrEqual(115);
    never();
    await long;
  });
});

/** The nice value of each thread of this process (Linux: /proc/self/task/<tid>/stat, field 19). */
function threadNice(): Map<number, number> {
  const out = new Map<number, number>();
  for (const tid of readdirSync("/proc/self/task")) {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
    out.set(Number(tid), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[16]));
  }
  return out;
}

// Thread priorities are read from Linux's /proc; elsewhere the layout runs at normal priority and there is nothing to
// check.
describe.runIf(existsSync("/proc/thread-self"))("the background layout's thread", () => {
  it("runs at the lowest CPU priority, and only that thread does", async () => {
    const before = threadNice();
    const { input } = karate();
    const xy = await runInWorker<Float64Array>(
      new URL("../../server/features/graph/layout-worker.ts", import.meta.url),
      input,
    );
    expect(xy.length).toBe(2 * input.n);
    const after = threadNice();
    // The layout pool's thread (new, or kept from an earlier layout in this process) is at nice 19.
    expect([...after.values()].filter((nice) => nice === 19).length).toBeGreaterThanOrEqual(1);
    // This thread (the request thread's stand-in) and every other thread that was there before keep theirs.
    const self = Number(readlinkSync("/proc/thread-self").split("/").pop());
    expect(after.get(self)).toBe(before.get(self));
    expect(before.get(self)).not.toBe(19);
    for (const [tid, nice] of before) if (after.has(tid)) expect(after.get(tid)).toBe(nice);
  });
});
