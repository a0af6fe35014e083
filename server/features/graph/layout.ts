/**
 * Layout positions for the whole network, computed once per data version in a worker thread (so requests keep
 * being served meanwhile) and attached to every graph answer: filtered views keep the positions of the full
 * picture, so a researcher's mental map stays put. The network comes from the analytics snapshot (one read of the
 * database per data version for analytics, views and the layout). Computed layouts are also kept on disk under a
 * hash of the network they lay out, so a restarted server opens with its picture at once (the layout of a large
 * network takes minutes) and the same network always gets the same picture.
 */
import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import type { DataVersion } from "../../core/data-version.ts";
import type { Database } from "../../core/db.ts";
import { ApiError } from "../../core/errors.ts";
import { REL_TYPES } from "../../core/model.ts";
import { runInWorker } from "../../core/worker.ts";
import { foreground, foregroundIdle } from "../../core/foreground.ts";
import { snapshotsFor } from "../analytics/snapshot.ts";
import type { LayoutInput, Positions } from "./layout-compute.ts";

export interface LayoutEntry {
  version: string;
  positions: Promise<Positions>;
  startedAt: number;
  /** Set (shared with the worker) to stop the computation before its next iteration. */
  stop: Int32Array;
  /** Set once the computation has settled. */
  outcome?: { positions: Positions } | { error: string };
}

export class LayoutCache {
  private current: LayoutEntry | null = null;

  constructor(
    private readonly db: Database,
    private readonly version: DataVersion,
    /** Directory of kept layouts; null keeps none. */
    private readonly dir: string | null = null,
    /** Hears progress lines (computing, ready). */
    private readonly log: (message: string) => void = () => undefined,
  ) {
    // The layout of a version nobody will ask for again stops (at its next iteration): on a machine of few cores it
    // would otherwise take a core from the first answers about the new data for minutes.
    version.onChange((now) => {
      const entry = this.current;
      if (!entry || entry.version === now) return;
      Atomics.store(entry.stop, 0, 1);
      this.current = null;
    });
  }

  /** The layout of the current data version, started if it is not yet. */
  private async entry(): Promise<LayoutEntry> {
    const version = await this.version.current();
    if (this.current?.version !== version) {
      // A layout still under way for another version (one asked for just as the data changed) stops too.
      if (this.current) Atomics.store(this.current.stop, 0, 1);
      const stop = new Int32Array(new SharedArrayBuffer(4));
      const positions = this.compute(version, stop);
      const entry: LayoutEntry = { version, positions, startedAt: Date.now(), stop };
      this.current = entry;
      positions.then(
        (p) => (entry.outcome = { positions: p }),
        (e: unknown) => {
          entry.outcome = { error: e instanceof Error ? e.message : String(e) };
          if (this.current === entry) this.current = null;
        },
      );
    }
    return this.current;
  }

  async positions(): Promise<Positions> {
    return (await this.entry()).positions;
  }

  /**
   * Positions if they are ready within `waitMs` of the computation's start, else null (the client then lays out by
   * itself): the first requests after a data change wait a little for the layout, later ones never wait on a
   * computation that takes longer (a large network's layout can take minutes).
   */
  async positionsWithin(waitMs: number): Promise<Positions | null> {
    return (await this.within(waitMs)).positions;
  }

  /**
   * As positionsWithin, with the reason when there are none. The data version is read before the wait is measured:
   * reading it can take a database round trip, which must not count against a layout that is already there.
   */
  async within(waitMs: number): Promise<{ positions: Positions | null; reason?: string }> {
    const entry = await this.entry();
    const done = (): { positions: Positions | null; reason?: string } | null =>
      !entry.outcome
        ? null
        : "positions" in entry.outcome
          ? { positions: entry.outcome.positions }
          : { positions: null, reason: `the layout could not be computed (${entry.outcome.error})` };
    const settled = done();
    if (settled) return settled;
    const left = Math.max(0, waitMs - (Date.now() - entry.startedAt));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>((r) => (timer = setTimeout(() => r(null), left).unref()));
    await Promise.race([entry.positions.catch(() => null), timeout]);
    clearTimeout(timer);
    // Let the outcome handlers of a computation that settled just now run first.
    await Promise.resolve();
    return (
      done() ?? {
        positions: null,
        reason:
          `the layout of the whole network is still being computed (started ${Math.round((Date.now() - entry.startedAt) / 1000)} s ago); ` +
          "export again once GET /api/graph reports layout 'forceatlas2'",
      }
    );
  }

  private async compute(version: string, stop: Int32Array): Promise<Positions> {
    const { ids, input } = await this.network(version);
    const file = this.dir ? path.join(this.dir, `layout-${LAYOUT_REVISION}-${contentHash(ids, input)}.json`) : null;
    const kept = file ? await readKept(file) : null;
    if (kept) {
      this.log(`layout ready: ${ids.length} nodes (kept from an earlier run)`);
      return kept;
    }
    // Answers being computed (the first ones usually wait for the same snapshot) go first: the layout's set-up
    // cannot pause.
    await foregroundIdle();
    const started = performance.now();
    const stopped = () => new LayoutStopped(ids.length, (performance.now() - started) / 1000);
    if (Atomics.load(stop, 0)) throw stopped();
    this.log(`layout: computing positions for ${ids.length} nodes and ${input.source.length} relationships…`);
    const xy = await runInWorker<Float64Array>(new URL("./layout-worker.ts", import.meta.url), {
      ...input,
      foreground,
      stop,
    }).catch((e: unknown) => {
      throw Atomics.load(stop, 0) ? stopped() : e;
    });
    const positions: Positions = {};
    for (let i = 0; i < ids.length; i++) positions[ids[i]!] = [xy[2 * i]!, xy[2 * i + 1]!];
    this.log(`layout ready: ${ids.length} nodes in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    if (file) await keep(file, positions);
    return positions;
  }

  /**
   * The network to lay out, from the analytics snapshot of `version` (read once per data version and shared with
   * analytics and the views), so a start does not read the whole network from the database twice. A network above
   * the snapshot's memory bound is read here instead, as id pairs.
   */
  private async network(version: string): Promise<{ ids: string[]; input: LayoutInput }> {
    try {
      const s = await snapshotsFor(this.db).get(version);
      return { ids: s.ids, input: { n: s.n, source: s.source, target: s.target } };
    } catch (e) {
      if (!(e instanceof ApiError && e.code === "network_too_large")) throw e;
    }
    return this.db.read(async (tx) => {
      const ids = (await tx.run<{ id: string }>("graph/all-ids")).map((r) => r.id);
      const index = new Map(ids.map((id, i) => [id, i]));
      const rows = await tx.run<{ s: string; t: string }>("graph/all-edges", { relTypes: [...REL_TYPES] });
      const source = Int32Array.from(rows, (r) => index.get(r.s) ?? -1);
      const target = Int32Array.from(rows, (r) => index.get(r.t) ?? -1);
      return { ids, input: { n: ids.length, source, target } };
    }, 120_000);
  }
}

/** The layout of a data version that changed before it was ready, stopped. */
export class LayoutStopped extends Error {
  constructor(nodes: number, seconds: number) {
    super(`the data changed while the layout of ${nodes} nodes was computed; stopped after ${seconds.toFixed(1)} s`);
  }
}

/** Changes when the layout computation does, so layouts kept by an earlier version are not reused. */
const LAYOUT_REVISION = 2;

/** A digest of the network laid out: its ids in order and its ties as index pairs. */
function contentHash(ids: string[], input: LayoutInput): string {
  const hash = createHash("sha256");
  for (const id of ids) hash.update(id).update("\n");
  hash.update("\u0000");
  const bytes = (a: Int32Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  hash.update(bytes(input.source)).update(bytes(input.target));
  return hash.digest("hex").slice(0, 32);
}

/** A kept layout, or null when there is none or it cannot be read (it is then computed and written again). */
async function readKept(file: string): Promise<Positions | null> {
  try {
    const kept: unknown = JSON.parse(await readFile(file, "utf8"));
    return kept && typeof kept === "object" && !Array.isArray(kept) ? (kept as Positions) : null;
  } catch {
    return null;
  }
}

/** Writes a layout file whole or not at all (a temporary file renamed into place); a failure only costs the
 * next start a new computation. */
async function keep(file: string, positions: Positions): Promise<void> {
  try {
    // Positions are derived from the data: as private as the data (the folder and its files, owner only).
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(tmp, JSON.stringify(positions), { mode: 0o600 });
    await rename(tmp, file);
  } catch {
    /* not kept: computed again next time */
  }
}

/** Writes x/y into a serialized graph's node attributes. */
export function attachPositions<
  G extends { attributes: Record<string, unknown>; nodes: { key: string; attributes: Record<string, unknown> }[] },
>(graph: G, positions: Positions | null): G {
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
