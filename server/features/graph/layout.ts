/**
 * Layout positions for the whole network, computed once per data version in a worker thread (so requests keep
 * being served meanwhile) and attached to every graph answer: filtered views keep the positions of the full
 * picture, so a researcher's mental map stays put.
 */
import type { DataVersion } from "../../core/data-version.ts";
import type { Database } from "../../core/db.ts";
import { REL_TYPES } from "../../core/model.ts";
import { runInWorker } from "../../core/worker.ts";
import type { LayoutInput, Positions } from "./layout-compute.ts";
import type { SerializedGraph } from "./payload.ts";

export class LayoutCache {
  private current: { version: string; positions: Promise<Positions>; startedAt: number } | null = null;

  constructor(
    private readonly db: Database,
    private readonly version: DataVersion,
  ) {}

  async positions(): Promise<Positions> {
    const version = await this.version.current();
    if (this.current?.version !== version) {
      const positions = this.compute();
      this.current = { version, positions, startedAt: Date.now() };
      positions.catch(() => {
        if (this.current?.positions === positions) this.current = null;
      });
    }
    return this.current.positions;
  }

  /**
   * Positions if they are ready within `waitMs` of the computation's start, else null (the client then lays out by
   * itself): the first requests after a data change wait a little for the layout, later ones never wait on a
   * computation that takes longer (a large network's layout can take minutes).
   */
  async positionsWithin(waitMs: number): Promise<Positions | null> {
    const positions = this.positions();
    const left = Math.max(0, waitMs - (Date.now() - (this.current?.startedAt ?? Date.now())));
    const timeout = new Promise<null>((r) => setTimeout(() => r(null), left).unref());
    return Promise.race([positions, timeout]);
  }

  private async compute(): Promise<Positions> {
    const input = await this.db.read(async (tx) => {
      const nodes = (await tx.run<{ id: string }>("graph/all-ids")).map((r) => r.id);
      const edges = (await tx.run<{ s: string; t: string }>("graph/all-edges", { relTypes: [...REL_TYPES] })).map(
        (r) => [r.s, r.t] as [string, string],
      );
      return { nodes, edges } satisfies LayoutInput;
    }, 120_000);
    return runInWorker<Positions>(new URL("./layout-worker.ts", import.meta.url), input);
  }
}

/** Writes x/y into a serialized graph's node attributes. */
export function attachPositions(graph: SerializedGraph, positions: Positions | null): SerializedGraph {
  graph.attributes.layout = positions ? "forceatlas2" : "none";
  if (!positions) return graph;
  for (const n of graph.nodes) {
    const p = positions[n.key];
    if (p) {
      n.attributes.x = p[0];
      n.attributes.y = p[1];
    }
  }
  return graph;
}
