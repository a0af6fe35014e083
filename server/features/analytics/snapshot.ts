/**
 * The network in memory, once per data version: every actor and partnership (id, name, what scoping filters on)
 * and every tie between them as typed arrays, read from Neo4j in one read transaction, ties in batches of integer
 * lists (no object per tie). A scope is a filter over it (selectScope), never a new read; analytics hand the
 * selected ties to a worker thread as transferred buffers. A new data version (any load or edit) makes a new
 * snapshot and lets the old one go. Its size is bounded by ANALYTICS_SNAPSHOT_MAX_MB.
 */
import { z } from "zod";
import { setting } from "../../core/config.ts";
import type { Database } from "../../core/db.ts";
import { ApiError } from "../../core/errors.ts";
import { REL_TYPES, SECTORS } from "../../core/model.ts";
import { type Scope, scopeParams } from "../../core/scope.ts";
import { dataVersionIn } from "../../core/data-version.ts";
import { type NodeRow, nodeAttributes } from "../graph/payload.ts";
import { NO_SECTOR, type TaskGraph } from "./compact.ts";

/** Nodes whose ties one batch reads. */
const TIE_BATCH = 20_000;
/** Transactions reading ties at once (the database reads each on a core of its own). */
const READ_LANES = 2;
/** Reads of the snapshot before giving up when writes keep coming between its transactions. */
const READ_ATTEMPTS = 3;
/**
 * Estimated bytes per node (id and name strings, codes, index entries, the view's attribute object) and per tie
 * (arrays), for the bound.
 */
export const BYTES_PER_NODE = 960;
export const BYTES_PER_TIE = 30;
export const DEFAULT_SNAPSHOT_MAX_MB = 1024;
const NONE = -1;

export function resolveSnapshotMaxMb(env: Record<string, string | undefined> = process.env): number {
  const parsed = z.coerce
    .number()
    .int()
    .min(1)
    .safeParse(env.ANALYTICS_SNAPSHOT_MAX_MB ?? DEFAULT_SNAPSHOT_MAX_MB);
  if (!parsed.success) {
    throw new Error(
      `analytics: ANALYTICS_SNAPSHOT_MAX_MB must be a whole number of mebibytes, got '${env.ANALYTICS_SNAPSHOT_MAX_MB}'`,
    );
  }
  return parsed.data;
}

export interface Snapshot {
  version: string;
  n: number;
  ids: string[];
  names: (string | null)[];
  /** Neo4j's internal id of each node (GDS answers by it). */
  nid: Float64Array;
  byNid: Map<number, number>;
  byId: Map<string, number>;
  partnership: Uint8Array;
  sector: Uint8Array;
  /** Codes into `dict` (NONE when absent). */
  country: Int32Array;
  region: Int32Array;
  subregion: Int32Array;
  dataset: Int32Array;
  /** Issue codes of node i at issues[issueStart[i] .. issueStart[i + 1]). */
  issueStart: Int32Array;
  issues: Int32Array;
  dict: Map<string, number>;
  m: number;
  source: Int32Array;
  target: Int32Array;
  /** Index in REL_TYPES. */
  type: Uint8Array;
  /** Years; 0 when the tie has none. */
  since: Int16Array;
  until: Int16Array;
  /** Ties of any type at each node (both ends), and the nodes in the order of the graph view (degree, then id). */
  degree: Int32Array;
  order: Int32Array;
  /** What the network views show beyond what analytics need, read after the snapshot itself (null until then). */
  views: SnapshotViews | null;
  /** Estimated size in bytes, and the time the read took. */
  bytes: number;
  loadMs: number;
}

interface NodeRecord {
  nid: number;
  id: string;
  name: string | null;
  partnership: boolean;
  sector: string | null;
  country: string | null;
  region: string | null;
  subregion: string | null;
  issues: string[] | null;
  dataset: string | null;
}

/** A snapshot with what the network views show of it. */
export type ViewSnapshot = Snapshot & { views: SnapshotViews };

/** What the network views show of nodes and ties beyond the snapshot's analytics arrays. */
export interface SnapshotViews {
  /** graph/payload.ts's node attributes, but the degree. */
  attributes: Record<string, unknown>[];
  /** Each tie's role and currency as codes into `words` (-1 when none), and its amount (NaN when none). */
  role: Int32Array;
  amount: Float64Array;
  currency: Int32Array;
  words: string[];
}

/** Reads the snapshot of the network; refuses (503) a network above the size bound before reading it. */
export async function readSnapshot(db: Database, version: string, maxMb: number, timeoutMs: number): Promise<Snapshot> {
  const started = performance.now();
  const [size] = await db.readRows<{ nodes: number; ties: number }>("analytics/snapshot-size");
  const estimate = (size?.nodes ?? 0) * BYTES_PER_NODE + (size?.ties ?? 0) * BYTES_PER_TIE;
  if (estimate > maxMb * 2 ** 20) {
    throw new ApiError(
      503,
      "network_too_large",
      `The network (${size!.nodes} nodes, up to ${size!.ties} ties, about ${Math.ceil(estimate / 2 ** 20)} MiB in ` +
        `memory) exceeds ANALYTICS_SNAPSHOT_MAX_MB=${maxMb}; raise the setting or use engine=gds.`,
    );
  }
  for (let attempt = 1; ; attempt++) {
    const s = await readOnce(db, version, timeoutMs);
    if (s) {
      s.loadMs = performance.now() - started;
      return s;
    }
    if (attempt === READ_ATTEMPTS) {
      throw new ApiError(503, "data_changing", "The data changed while the network was read; ask again shortly.");
    }
  }
}

/**
 * One read of the snapshot: the nodes in one transaction, then their ties in READ_LANES transactions at once, each
 * taking every READ_LANES-th batch, so the database reads them on as many cores. Null when the transactions did not
 * all see the same data version (a write came between them).
 */
async function readOnce(db: Database, version: string, timeoutMs: number): Promise<Snapshot | null> {
  const { s, seen } = await db.read(
    async (tx) => ({
      seen: await dataVersionIn(tx),
      s: nodesOf(await tx.run<NodeRecord & Record<string, unknown>>("analytics/snapshot-nodes"), version),
    }),
    timeoutMs,
  );
  const n = s.n;
  const batches = Math.ceil(n / TIE_BATCH);
  const typeIndex = Object.fromEntries(REL_TYPES.map((t, i) => [t, i]));
  const lanes = await Promise.all(
    Array.from({ length: Math.min(READ_LANES, batches) }, (_, lane) =>
      db.read(async (tx) => {
        const laneSeen = await dataVersionIn(tx);
        const read: { at: number; target: number[]; packed: number[] }[] = [];
        for (let b = lane; b < batches; b += READ_LANES) {
          const at = b * TIE_BATCH;
          const nids = Array.from(s.nid.subarray(at, Math.min(n, at + TIE_BATCH)));
          for (const part of await tx.run<{ target: number[]; packed: number[] }>("analytics/snapshot-ties", {
            nids,
            typeIndex,
          }))
            read.push({ at, target: part.target, packed: part.packed });
        }
        return { seen: laneSeen, read };
      }, timeoutMs),
    ),
  );
  if (lanes.some((l) => l.seen !== seen)) return null;

  // Ties appended to typed arrays, then put in a canonical order (by source, target, type and years), not the
  // order the database stores them in: seeded algorithms visit neighbours in this order, so the same network always
  // gives the same results.
  const cap = lanes.reduce((sum, l) => sum + l.read.reduce((k, b) => k + b.target.length, 0), 0);
  const source = new Int32Array(cap);
  const target = new Int32Array(cap);
  const type = new Uint8Array(cap);
  const since = new Int16Array(cap);
  const until = new Int16Array(cap);
  let m = 0;
  const tie = new Int32Array(4);
  for (const { read } of lanes) {
    for (const { at, target: ends, packed } of read) {
      for (let k = 0; k < ends.length; k++) {
        unpackTie(packed[k]!, at, tie);
        const a = tie[0]!;
        const t = tie[1]!;
        const b = s.byNid.get(ends[k]!);
        // Only the collaboration types are ties (and only between the snapshot's nodes); self-ties are not drawn.
        if (t >= REL_TYPES.length || b === undefined || a === b) continue;
        source[m] = a;
        target[m] = b;
        type[m] = t;
        since[m] = tie[2]!;
        until[m] = tie[3]!;
        m++;
      }
    }
  }
  const tieOrder = canonicalOrder(n, m, source, target, type, since, until);
  s.m = m;
  s.source = new Int32Array(m);
  s.target = new Int32Array(m);
  s.type = new Uint8Array(m);
  s.since = new Int16Array(m);
  s.until = new Int16Array(m);
  for (let i = 0; i < m; i++) {
    const e = tieOrder[i]!;
    s.source[i] = source[e]!;
    s.target[i] = target[e]!;
    s.type[i] = type[e]!;
    s.since[i] = since[e]!;
    s.until[i] = until[e]!;
  }
  s.degree = degreeOf(s, ALL_TYPES);
  s.order = viewOrder(
    s,
    s.degree,
    Int32Array.from({ length: n }, (_, i) => i),
  );
  s.bytes = n * BYTES_PER_NODE + m * BYTES_PER_TIE;
  return s;
}

/**
 * The ties' order by source, target, type and years: a counting sort by source (linear), then each source's few
 * ties sorted among themselves.
 */
export function canonicalOrder(
  n: number,
  m: number,
  source: Int32Array,
  target: Int32Array,
  type: Uint8Array,
  since: Int16Array,
  until: Int16Array,
): Int32Array {
  const start = new Int32Array(n + 1);
  for (let e = 0; e < m; e++) start[source[e]! + 1]!++;
  for (let i = 0; i < n; i++) start[i + 1]! += start[i]!;
  const fill = start.slice(0, n);
  const order = new Int32Array(m);
  for (let e = 0; e < m; e++) order[fill[source[e]!]!++] = e;
  const byRest = (e: number, f: number) =>
    target[e]! - target[f]! || type[e]! - type[f]! || since[e]! - since[f]! || until[e]! - until[f]!;
  for (let i = 0; i < n; i++) if (start[i + 1]! - start[i]! > 1) order.subarray(start[i]!, start[i + 1]!).sort(byRest);
  return order;
}

/** The snapshot's node arrays from the rows of analytics/snapshot-nodes; ties are added after. */
function nodesOf(rows: NodeRecord[], version: string): Snapshot {
  const n = rows.length;
  const dict = new Map<string, number>();
  const code = (v: string | null | undefined) => {
    if (v === null || v === undefined) return NONE;
    let c = dict.get(v);
    if (c === undefined) dict.set(v, (c = dict.size));
    return c;
  };
  const sectorIndex = new Map<string, number>(SECTORS.map((s, i) => [s, i]));
  const s: Snapshot = {
    version,
    n,
    ids: new Array<string>(n),
    names: new Array<string | null>(n),
    nid: new Float64Array(n),
    byNid: new Map(),
    byId: new Map(),
    partnership: new Uint8Array(n),
    sector: new Uint8Array(n),
    country: new Int32Array(n),
    region: new Int32Array(n),
    subregion: new Int32Array(n),
    dataset: new Int32Array(n),
    issueStart: new Int32Array(n + 1),
    issues: new Int32Array(0),
    dict,
    m: 0,
    source: new Int32Array(0),
    target: new Int32Array(0),
    type: new Uint8Array(0),
    since: new Int16Array(0),
    until: new Int16Array(0),
    degree: new Int32Array(n),
    order: new Int32Array(0),
    views: null,
    bytes: 0,
    loadMs: 0,
  };
  const issues: number[] = [];
  rows.forEach((r, i) => {
    s.ids[i] = r.id;
    s.names[i] = r.name;
    s.nid[i] = r.nid;
    s.byNid.set(r.nid, i);
    s.byId.set(r.id, i);
    s.partnership[i] = r.partnership ? 1 : 0;
    s.sector[i] = sectorIndex.get(r.sector ?? "") ?? NO_SECTOR;
    s.country[i] = code(r.country);
    s.region[i] = code(r.region);
    s.subregion[i] = code(r.subregion);
    s.dataset[i] = code(r.dataset);
    for (const issue of r.issues ?? []) issues.push(code(issue));
    s.issueStart[i + 1] = issues.length;
  });
  s.issues = Int32Array.from(issues);
  return s;
}

/**
 * Reads what the network views show of the snapshot's nodes and ties (snapshot-node-views, snapshot-tie-views), in
 * one read transaction that checks the data version is still the snapshot's; null when it no longer is.
 */
export async function readViews(db: Database, s: Snapshot, timeoutMs: number): Promise<SnapshotViews | null> {
  return db.read(async (tx) => {
    if ((await dataVersionIn(tx)) !== s.version) return null;
    const attributes = new Array<Record<string, unknown>>(s.n);
    for (const r of await tx.run<{ node: NodeRow["node"]; labels: string[] }>("analytics/snapshot-node-views")) {
      const i = s.byId.get(r.node.id);
      if (i === undefined) continue;
      const { degree: _degree, ...shown } = nodeAttributes({ node: r.node, labels: r.labels, degree: 0 });
      attributes[i] = shown;
    }
    const views: SnapshotViews = {
      attributes,
      role: new Int32Array(s.m).fill(NONE),
      amount: new Float64Array(s.m).fill(NaN),
      currency: new Int32Array(s.m).fill(NONE),
      words: [],
    };
    const words = new Map<string, number>();
    const word = (v: string) => {
      if (v === "") return NONE;
      let c = words.get(v);
      if (c === undefined) words.set(v, (c = words.size));
      return c;
    };
    // The snapshot's ties are sorted by source, target, type and years: each node's own run, searched by the rest.
    const start = new Int32Array(s.n + 1);
    for (let e = 0; e < s.m; e++) start[s.source[e]! + 1]!++;
    for (let i = 0; i < s.n; i++) start[i + 1]! += start[i]!;
    const compare = (e: number, b: number, t: number, y: number, u: number) =>
      s.target[e]! - b || s.type[e]! - t || s.since[e]! - y || s.until[e]! - u;
    const find = (a: number, b: number, t: number, y: number, u: number) => {
      let lo = start[a]!;
      let hi = start[a + 1]!;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (compare(mid, b, t, y, u) < 0) lo = mid + 1;
        else hi = mid;
      }
      return lo < start[a + 1]! && compare(lo, b, t, y, u) === 0 ? lo : -1;
    };
    const typeIndex = Object.fromEntries(REL_TYPES.map((t, i) => [t, i]));
    for (let at = 0; at < s.n; at += TIE_BATCH) {
      const nids = Array.from(s.nid.subarray(at, Math.min(s.n, at + TIE_BATCH)));
      const parts = await tx.run<{
        target: number[];
        packed: number[];
        role: string[];
        amount: number[];
        currency: string[];
      }>("analytics/snapshot-tie-views", { nids, typeIndex });
      const tie = new Int32Array(4);
      for (const part of parts) {
        for (let k = 0; k < part.target.length; k++) {
          unpackTie(part.packed[k]!, at, tie);
          const b = s.byNid.get(part.target[k]!);
          if (tie[1]! >= REL_TYPES.length || b === undefined) continue;
          const e = find(tie[0]!, b, tie[1]!, tie[2]!, tie[3]!);
          if (e < 0) continue;
          views.role[e] = word(part.role[k]!);
          views.amount[e] = part.amount[k]! < 0 ? NaN : part.amount[k]!;
          views.currency[e] = word(part.currency[k]!);
        }
      }
    }
    views.words = [...words.keys()];
    return views;
  }, timeoutMs);
}

/**
 * Unpacks ((position * 16 + type) * 4096 + since) * 4096 + until (see analytics/snapshot-ties.cypher) into `out`:
 * source (the batch's start plus the position), type, since, until. Into an array the caller keeps: a million ties,
 * no object each.
 */
export function unpackTie(packed: number, batchStart: number, out: Int32Array): void {
  let p = packed;
  const until = p % 4096;
  p = (p - until) / 4096;
  const since = p % 4096;
  p = (p - since) / 4096;
  const type = p % 16;
  out[0] = batchStart + (p - type) / 16;
  out[1] = type;
  out[2] = since;
  out[3] = until;
}

export const ALL_TYPES = (1 << REL_TYPES.length) - 1;

/** Ties of the given types at each node, counted at both ends, any year (as the graph view orders nodes). */
export function degreeOf(s: Snapshot, typeMask: number): Int32Array {
  const d = new Int32Array(s.n);
  for (let e = 0; e < s.m; e++) {
    if (!((typeMask >> s.type[e]!) & 1)) continue;
    d[s.source[e]!]!++;
    d[s.target[e]!]!++;
  }
  return d;
}

/** Nodes best connected first, then by id: the order of the graph view (graph/nodes.cypher). */
function viewOrder(s: Snapshot, degree: Int32Array, nodes: Int32Array): Int32Array {
  return nodes.sort((a, b) => degree[b]! - degree[a]! || (s.ids[a]! < s.ids[b]! ? -1 : s.ids[a]! > s.ids[b]! ? 1 : 0));
}

/** Bit i set: REL_TYPES[i] is among the types. */
export function typeMaskOf(types: readonly string[]): number {
  let mask = 0;
  for (const t of types) mask |= 1 << REL_TYPES.indexOf(t as (typeof REL_TYPES)[number]);
  return mask;
}

/**
 * Whether a tie is in the scope's relationship types and years (a missing year open), as graph/edges.cypher and
 * graph/neighbors.cypher select ties.
 */
export function tieFilter(
  s: Snapshot,
  p: { relTypes: readonly string[]; from: number | null; to: number | null },
): (e: number) => boolean {
  const typeMask = typeMaskOf(p.relTypes);
  const { from, to } = p;
  return (e) =>
    ((typeMask >> s.type[e]!) & 1) === 1 &&
    (from === null || s.until[e] === 0 || s.until[e]! >= from) &&
    (to === null || s.since[e] === 0 || s.since[e]! <= to);
}

/** Each node's ties, both directions: node i's tie indices at ties[offsets[i] .. offsets[i + 1]). Made once. */
const incidences = new WeakMap<Snapshot, { offsets: Int32Array; ties: Int32Array }>();
export function incidence(s: Snapshot): { offsets: Int32Array; ties: Int32Array } {
  let found = incidences.get(s);
  if (!found) {
    const offsets = new Int32Array(s.n + 1);
    for (let e = 0; e < s.m; e++) {
      offsets[s.source[e]! + 1]!++;
      offsets[s.target[e]! + 1]!++;
    }
    for (let i = 0; i < s.n; i++) offsets[i + 1]! += offsets[i]!;
    const fill = offsets.slice(0, s.n);
    const ties = new Int32Array(2 * s.m);
    for (let e = 0; e < s.m; e++) {
      ties[fill[s.source[e]!]!++] = e;
      ties[fill[s.target[e]!]!++] = e;
    }
    incidences.set(s, (found = { offsets, ties }));
  }
  return found;
}

export interface Selection {
  /** Snapshot indices of the scope's nodes, in the graph view's order; task-graph index = position here. */
  nodes: Int32Array;
  /** Snapshot indices of the scope's ties. */
  ties: Int32Array;
  truncated: boolean;
  graph: TaskGraph;
}

/**
 * The scope's subgraph, as graph/nodes.cypher and graph/edges.cypher select it: nodes matching every node filter
 * (all nodes without filters), plus, with node filters, partnerships tied to a matching actor by an in-scope tie;
 * best connected first, at most `limit`; the in-scope ties among them (type, and years overlapping from..to with a
 * missing year as open).
 */
export function selectScope(s: Snapshot, scope: Scope, limit: number): Selection {
  const p = scopeParams(scope);
  const typeMask = typeMaskOf(p.relTypes);
  const codes = (xs: string[]) => new Set(xs.map((x) => s.dict.get(x) ?? -2));
  const sectors = new Set(p.sectors.map((x) => SECTORS.indexOf(x as (typeof SECTORS)[number])));
  const countries = codes(p.countries);
  const regions = codes(p.regions);
  const issues = codes(p.issues);
  const datasets = codes(p.datasets);
  const matches = (i: number) => {
    if (sectors.size && !sectors.has(s.sector[i] === NO_SECTOR ? -1 : s.sector[i]!)) return false;
    if (countries.size && !countries.has(s.country[i]!)) return false;
    if (regions.size && !regions.has(s.region[i]!) && !regions.has(s.subregion[i]!)) return false;
    if (datasets.size && !datasets.has(s.dataset[i]!)) return false;
    if (issues.size) {
      let any = false;
      for (let k = s.issueStart[i]!; k < s.issueStart[i + 1]! && !any; k++) any = issues.has(s.issues[k]!);
      if (!any) return false;
    }
    return true;
  };
  const tieIn = tieFilter(s, p);

  // Only nodes with a dated tie in the years, when asked for (shared/filters.ts, `active`).
  const active = new Uint8Array(s.n).fill(p.active ? 0 : 1);
  if (p.active)
    for (let e = 0; e < s.m; e++)
      if ((s.since[e] !== 0 || s.until[e] !== 0) && tieIn(e)) active[s.source[e]!] = active[s.target[e]!] = 1;
  const inScope = new Uint8Array(s.n);
  if (!p.nodeFiltered) inScope.set(active);
  else {
    const matched = new Uint8Array(s.n);
    for (let i = 0; i < s.n; i++) if (active[i] && matches(i)) matched[i] = inScope[i] = 1;
    for (let e = 0; e < s.m; e++) {
      const a = s.source[e]!;
      const b = s.target[e]!;
      if (s.partnership[a] === s.partnership[b] || !tieIn(e)) continue;
      if (!s.partnership[a] && matched[a] && active[b]) inScope[b] = 1;
      if (!s.partnership[b] && matched[b] && active[a]) inScope[a] = 1;
    }
  }
  const order = typeMask === ALL_TYPES ? s.order : viewOrder(s, degreeOf(s, typeMask), Int32Array.from(s.order));
  let count = 0;
  for (let i = 0; i < s.n; i++) count += inScope[i]!;
  const truncated = count > limit;
  const nodes = new Int32Array(Math.min(count, limit));
  const local = new Int32Array(s.n).fill(-1);
  for (let k = 0, j = 0; k < s.n && j < nodes.length; k++) {
    const i = order[k]!;
    if (!inScope[i]) continue;
    local[i] = j;
    nodes[j++] = i;
  }
  let m = 0;
  const picked = new Int32Array(s.m);
  for (let e = 0; e < s.m; e++) if (local[s.source[e]!]! >= 0 && local[s.target[e]!]! >= 0 && tieIn(e)) picked[m++] = e;
  const ties = picked.slice(0, m);
  // In shared memory, so the worker thread that analyses them reads them in place.
  const sharedArray = <T>(make: (b: SharedArrayBuffer) => T, bytes: number) => make(new SharedArrayBuffer(bytes));
  const source = sharedArray((b) => new Int32Array(b), 4 * m);
  const target = sharedArray((b) => new Int32Array(b), 4 * m);
  for (let k = 0; k < m; k++) {
    source[k] = local[s.source[ties[k]!]!]!;
    target[k] = local[s.target[ties[k]!]!]!;
  }
  const graph: TaskGraph = {
    n: nodes.length,
    partnership: sharedArray((b) => new Uint8Array(b), nodes.length),
    sector: sharedArray((b) => new Uint8Array(b), nodes.length),
    source,
    target,
  };
  for (let k = 0; k < nodes.length; k++) {
    graph.partnership[k] = s.partnership[nodes[k]!]!;
    graph.sector[k] = s.sector[nodes[k]!]!;
  }
  return { nodes, ties, truncated, graph };
}

/** One snapshot at a time: the current data version's, read once however many requests ask for it meanwhile. */
export class Snapshots {
  private current: {
    version: string;
    snapshot: Promise<Snapshot>;
    read: Snapshot | null;
    views: Promise<unknown> | null;
  } | null = null;

  constructor(
    private readonly db: Database,
    readonly maxMb = resolveSnapshotMaxMb(),
    /** The read of a whole network may take longer than an API read; the local Neo4j stops any at 120 s. */
    private readonly timeoutMs = setting("ANALYTICS_TIMEOUT_MS"),
  ) {}

  /** True when the snapshot of `version` is read or being read. */
  has(version: string): boolean {
    return this.current?.version === version;
  }

  get(version: string): Promise<Snapshot> {
    if (this.current?.version !== version) {
      const snapshot = readSnapshot(this.db, version, this.maxMb, this.timeoutMs);
      const entry: NonNullable<Snapshots["current"]> = { version, snapshot, read: null, views: null };
      this.current = entry;
      snapshot.then(
        (read) => void (entry.read = read),
        () => {
          if (this.current === entry) this.current = null;
        },
      );
    }
    return this.current.snapshot;
  }

  /**
   * The snapshot of `version` if it has been read with what the views show; else null, and what is missing is read
   * in the background (for the next request): the snapshot, then what the views show of it, which analyses never
   * wait for.
   */
  ready(version: string): ViewSnapshot | null {
    const entry = this.current;
    if (entry?.version === version) {
      const read = entry.read;
      if (read?.views) return read as ViewSnapshot;
      if (read && !entry.views) {
        entry.views = readViews(this.db, read, this.timeoutMs).then(
          (views) => void (read.views = views),
          () => void (entry.views = null),
        );
      }
      return null;
    }
    this.get(version).catch(() => undefined);
    return null;
  }
}

const registry = new WeakMap<Database, Snapshots>();

/** The one snapshot holder per database, whichever features ask (analytics, scoped views, exports). */
export function snapshotsFor(db: Database): Snapshots {
  let found = registry.get(db);
  if (!found) registry.set(db, (found = new Snapshots(db)));
  return found;
}
