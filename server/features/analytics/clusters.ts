/**
 * The cluster overview: Louvain communities of a scope (tasks.ts) aggregated on the server, so the explorer draws
 * one disc per cluster instead of every actor. For each cluster: its size, sector mix, Krackhardt's E-I index of
 * its actors' sectors (are its ties cross-sector?), its openness (E-I of the cluster itself), its central members,
 * how many of its members broker to other clusters, and a label derived by a stated rule; between clusters, the
 * number of ties split by sector pair. One cluster can be opened: its members, their ties, and each member's
 * Gould-Fernandez brokerage roles with the clusters as the groups. Pure functions of the snapshot, the selection
 * and the partition: the same seed and filters give the same clusters, ids and labels.
 */
import { SECTORS } from "../../core/model.ts";
import { NO_SECTOR, undirectedRows } from "./compact.ts";
import type { Selection, Snapshot } from "./snapshot.ts";

/** Direct ties between actors of different sectors (as the "cross-sector ties" library query counts them). */
export const CROSS_SECTOR_RULE =
  "A cross-sector tie is a direct tie between two actors of different sectors; memberships of partnerships are " +
  "not counted as cross-sector (a partnership's mix shows in its cluster's glyph).";

export const LABEL_RULE =
  "Each cluster is named by where most of its located actors are based (a sub-region or region holding at least " +
  "half of them, else 'Global'), the issue its actors work on more than the rest of the view does (held by at " +
  "least two of them), and its kind: a sector's network when one sector makes up 60% or more of its actors, else " +
  "a coalition. When two clusters would share a name, the most connected member is added.";

/** Sector groups: the sectors, then "Partnership". */
const GROUPS = [...SECTORS, "Partnership"] as const;
const PARTNERSHIP_GROUP = SECTORS.length;
const OTHER = SECTORS.indexOf("Other");

const KIND_NOUN: Record<string, string> = {
  IGO: "intergovernmental network",
  NGO: "NGO network",
  Government: "government network",
  Funder: "funders' network",
  Corporate: "business network",
  Academic: "research network",
  LawEnforcement: "law-enforcement network",
  Media: "media network",
  FaithBased: "faith-based network",
  Labour: "workers' network",
  Other: "network",
};

export interface ClusterMember {
  id: string;
  name: string;
  sector: string | null;
  entity: "Actor" | "Partnership";
}

export interface Cluster {
  id: number;
  size: number;
  actors: number;
  partnerships: number;
  label: string;
  /** The rule applied to this cluster, with its figures. */
  rule: string;
  sectors: Record<string, number>;
  /** E-I index of the sectors on the direct actor ties inside the cluster (+1: all cross-sector); null: none. */
  ei: number | null;
  /** E-I index of the cluster itself: ties leaving it against ties inside it. */
  openness: number | null;
  internalTies: number;
  externalTies: number;
  crossSectorTies: number;
  /** Members with at least one tie to another cluster. */
  brokers: number;
  place: string | null;
  issue: string | null;
  central: (ClusterMember & { ties: number })[];
}

export interface ClusterTie {
  source: number;
  target: number;
  ties: number;
  crossSector: number;
  /** Ties by the sectors (or "Partnership") at their two ends, "A|B" with A <= B. */
  bySector: Record<string, number>;
}

export interface BrokerRoles {
  coordinator: number;
  /** Undirected ties: Gould and Fernandez's gatekeeper and representative coincide (one side outside). */
  gatekeeper: number;
  consultant: number;
  liaison: number;
}

export interface OpenedCluster {
  id: number;
  label: string;
  nodes: (ClusterMember & { ties: number; external: number; roles: BrokerRoles; broker: boolean })[];
  edges: { source: string; target: string; type: string; crossSector: boolean }[];
}

export interface SectorBroker extends ClusterMember {
  cluster: number;
  /** Open two-paths NGO - broker - Government (the two ends not tied to each other). */
  paths: number;
  ngos: number;
  governments: number;
}

export interface Overview {
  clusters: Cluster[];
  /** Clusters left out of `clusters` (beyond the limit) and their members. */
  others: { clusters: number; members: number };
  ties: ClusterTie[];
  ngoGovernmentBrokers: SectorBroker[];
  /** Cluster id of every node of the scope, by node id (the largest cluster is 1). */
  assignment: Map<string, number>;
  opened: OpenedCluster | null;
  /**
   * Opens a cluster of this overview (null for an id it does not have) from what the overview has already counted:
   * a cached overview answers an opened cluster without being made again.
   */
  openGroup: (id: number) => OpenedCluster | null;
}

export interface OverviewOptions {
  /** How many clusters, largest first, the overview holds. */
  limit: number;
  /** Cluster to open (its members and ties), or null. */
  open: number | null;
  /** Readable issue names by id. */
  issueNames: Map<string, string>;
}

const TYPES = ["MEMBER_OF", "FUNDS", "PARTNERS_WITH", "COORDINATES", "HOSTS", "PART_OF"];

export function clusterOverview(
  s: Snapshot,
  sel: Selection,
  communityOf: (id: string) => number | undefined,
  opts: OverviewOptions,
): Overview {
  const n = sel.nodes.length;
  const ids = Array.from(sel.nodes, (i) => s.ids[i]!);
  // Clusters numbered by size, largest first (ties by their first member's id): stable for a partition.
  const groups = new Map<number, number[]>();
  for (let j = 0; j < n; j++) {
    const c = communityOf(ids[j]!) ?? -1 - j;
    (groups.get(c) ?? groups.set(c, []).get(c)!).push(j);
  }
  const first = new Map<number[], string>();
  for (const m of groups.values())
    first.set(
      m,
      m.reduce((a, j) => (ids[j]! < a ? ids[j]! : a), ids[m[0]!]!),
    );
  const firstId = (m: number[]) => first.get(m)!;
  const ordered = [...groups.values()].sort(
    (a, b) => b.length - a.length || (firstId(a) < firstId(b) ? -1 : firstId(a) > firstId(b) ? 1 : 0),
  );
  const cluster = new Int32Array(n);
  ordered.forEach((members, k) => members.forEach((j) => (cluster[j] = k + 1)));
  const assignment = new Map<string, number>();
  for (let j = 0; j < n; j++) assignment.set(ids[j]!, cluster[j]!);

  const group = new Int32Array(n);
  for (let j = 0; j < n; j++) {
    const i = sel.nodes[j]!;
    group[j] = s.partnership[i] ? PARTNERSHIP_GROUP : s.sector[i] === NO_SECTOR ? OTHER : s.sector[i]!;
  }
  const isActor = (j: number) => group[j] !== PARTNERSHIP_GROUP;
  const crossSector = (a: number, b: number) => isActor(a) && isActor(b) && group[a] !== group[b];

  const local = new Int32Array(s.n);
  sel.nodes.forEach((i, j) => (local[i] = j));
  const src = new Int32Array(sel.ties.length);
  const dst = new Int32Array(sel.ties.length);
  sel.ties.forEach((e, k) => {
    src[k] = local[s.source[e]!]!;
    dst[k] = local[s.target[e]!]!;
  });
  // The "A|B" key of every pair of sector groups (A <= B), made once.
  const pairKey = GROUPS.map((a) => GROUPS.map((b) => (a <= b ? `${a}|${b}` : `${b}|${a}`)));

  const k = ordered.length;
  const internal = new Int32Array(k + 1);
  const external = new Int32Array(k + 1);
  const sameSector = new Int32Array(k + 1);
  const crossInside = new Int32Array(k + 1);
  const degreeIn = new Int32Array(n);
  const outside = new Int32Array(n);
  const between = new Map<number, ClusterTie>();
  for (let e = 0; e < src.length; e++) {
    const a = src[e]!;
    const b = dst[e]!;
    const ca = cluster[a]!;
    const cb = cluster[b]!;
    if (ca === cb) {
      internal[ca]!++;
      degreeIn[a]!++;
      degreeIn[b]!++;
      if (isActor(a) && isActor(b)) (group[a] === group[b] ? sameSector : crossInside)[ca]!++;
      continue;
    }
    external[ca]!++;
    external[cb]!++;
    outside[a]!++;
    outside[b]!++;
    const [x, y] = ca < cb ? [ca, cb] : [cb, ca];
    const key = x * (k + 1) + y;
    let tie = between.get(key);
    if (!tie) between.set(key, (tie = { source: x, target: y, ties: 0, crossSector: 0, bySector: {} }));
    tie.ties++;
    if (crossSector(a, b)) tie.crossSector++;
    const pair = pairKey[group[a]!]![group[b]!]!;
    tie.bySector[pair] = (tie.bySector[pair] ?? 0) + 1;
  }

  // Issue shares in the whole view, against which a cluster's issue stands out.
  const issueCount = (members: number[]) => {
    const counts = new Map<number, number>();
    let withIssues = 0;
    for (const j of members) {
      const i = sel.nodes[j]!;
      if (s.partnership[i] || s.issueStart[i + 1] === s.issueStart[i]) continue;
      withIssues++;
      for (let q = s.issueStart[i]!; q < s.issueStart[i + 1]!; q++)
        counts.set(s.issues[q]!, (counts.get(s.issues[q]!) ?? 0) + 1);
    }
    return { counts, withIssues };
  };
  const everyone = issueCount(Array.from({ length: n }, (_, j) => j));
  const dictName = new Map<number, string>();
  for (const [name, code] of s.dict) dictName.set(code, name);

  const member = (j: number): ClusterMember => {
    const i = sel.nodes[j]!;
    return {
      id: s.ids[i]!,
      name: s.names[i] ?? s.ids[i]!,
      sector: s.partnership[i] || s.sector[i] === NO_SECTOR ? null : SECTORS[s.sector[i]!]!,
      entity: s.partnership[i] ? "Partnership" : "Actor",
    };
  };
  const byTies = (a: number, b: number) => degreeIn[b]! - degreeIn[a]! || (ids[a]! < ids[b]! ? -1 : 1);

  const clusters: Cluster[] = ordered.slice(0, opts.limit).map((members, index) => {
    const id = index + 1;
    const sectors: Record<string, number> = {};
    let actors = 0;
    for (const j of members) {
      sectors[GROUPS[group[j]!]!] = (sectors[GROUPS[group[j]!]!] ?? 0) + 1;
      if (isActor(j)) actors++;
    }
    const central = [...members]
      .sort(byTies)
      .slice(0, 5)
      .map((j) => ({ ...member(j), ties: degreeIn[j]! }));
    const { place, placeText } = placeOf(s, sel, members, dictName);
    const { issue, issueText } = issueOf(issueCount(members), everyone, opts.issueNames, dictName);
    let top: [string, number] | null = null;
    for (const [sector, count] of Object.entries(sectors))
      if (sector !== "Partnership" && (!top || count > top[1])) top = [sector, count];
    const kind = top && actors > 0 && top[1] / actors >= 0.6 ? KIND_NOUN[top[0]]! : "coalition";
    const kindText =
      kind === "coalition"
        ? `a coalition: no sector makes up 60% of its ${actors} actors`
        : `a ${kind}: ${top![1]} of its ${actors} actors are ${top![0]}`;
    const words = [place ?? "Global", issue ? issue.toLowerCase() : null, kind].filter(Boolean).join(" ");
    const label = words.charAt(0).toUpperCase() + words.slice(1);
    const anchor = central[0];
    const ties = sameSector[id]! + crossInside[id]!;
    return {
      id,
      size: members.length,
      actors,
      partnerships: members.length - actors,
      label,
      rule: `${placeText}; ${issueText}; ${kindText}.${anchor ? ` Most connected member: ${anchor.name}.` : ""}`,
      sectors,
      ei: ties ? (crossInside[id]! - sameSector[id]!) / ties : null,
      openness:
        internal[id]! + external[id]! ? (external[id]! - internal[id]!) / (internal[id]! + external[id]!) : null,
      internalTies: internal[id]!,
      externalTies: external[id]!,
      crossSectorTies: crossInside[id]!,
      brokers: members.filter((j) => outside[j]! > 0).length,
      place,
      issue,
      central,
    };
  });
  // Two clusters of the same name are told apart by their most connected member.
  const seen = new Map<string, number>();
  for (const c of clusters) seen.set(c.label, (seen.get(c.label) ?? 0) + 1);
  for (const c of clusters) if (seen.get(c.label)! > 1 && c.central[0]) c.label = `${c.label} (${c.central[0].name})`;

  const shown = clusters.length;
  const ties = [...between.values()]
    .filter((t) => t.target <= shown)
    .sort((a, b) => a.source - b.source || a.target - b.target);

  // The label is read when the cluster is opened: a grouping may rename the clusters after this function.
  const openGroup = (id: number) =>
    Number.isInteger(id) && id >= 1 && id <= k
      ? openCluster(id, clusters[id - 1]?.label ?? `Cluster ${id}`, ordered[id - 1]!, {
          n,
          src,
          dst,
          cluster,
          degreeIn,
          outside,
          crossSector,
          member,
          type: (e) => TYPES[s.type[sel.ties[e]!]!] ?? "TIE",
        })
      : null;
  return {
    clusters,
    others: { clusters: k - shown, members: ordered.slice(shown).reduce((a, m) => a + m.length, 0) },
    ties,
    ngoGovernmentBrokers: sectorBrokers(n, src, dst, group, cluster, member),
    assignment,
    opened: opts.open !== null ? openGroup(opts.open) : null,
    openGroup,
  };
}

function placeOf(
  s: Snapshot,
  sel: Selection,
  members: number[],
  dictName: Map<number, string>,
): { place: string | null; placeText: string } {
  let located = 0;
  const sub = new Map<number, number>();
  const region = new Map<number, number>();
  for (const j of members) {
    const i = sel.nodes[j]!;
    if (s.partnership[i] || s.subregion[i]! < 0) continue;
    located++;
    sub.set(s.subregion[i]!, (sub.get(s.subregion[i]!) ?? 0) + 1);
    if (s.region[i]! >= 0) region.set(s.region[i]!, (region.get(s.region[i]!) ?? 0) + 1);
  }
  const best = (m: Map<number, number>) =>
    [...m].sort((a, b) => b[1] - a[1] || dictName.get(a[0])!.localeCompare(dictName.get(b[0])!))[0];
  for (const m of [sub, region]) {
    const top = best(m);
    if (top && located >= 2 && top[1] * 2 >= located) {
      const name = dictName.get(top[0])!;
      return { place: name, placeText: `${name}: ${top[1]} of its ${located} located actors are based there` };
    }
  }
  return {
    place: null,
    placeText: located
      ? `Global: no sub-region or region holds half of its ${located} located actors`
      : "Global: none of its actors has a location",
  };
}

function issueOf(
  inCluster: { counts: Map<number, number>; withIssues: number },
  everyone: { counts: Map<number, number>; withIssues: number },
  issueNames: Map<string, string>,
  dictName: Map<number, string>,
): { issue: string | null; issueText: string } {
  let best: { code: number; lift: number; count: number } | null = null;
  for (const [code, count] of inCluster.counts) {
    if (count < 2) continue;
    const lift = count / inCluster.withIssues - (everyone.counts.get(code) ?? 0) / Math.max(1, everyone.withIssues);
    const name = dictName.get(code)!;
    if (
      !best ||
      lift > best.lift + 1e-12 ||
      (Math.abs(lift - best.lift) <= 1e-12 && name.localeCompare(dictName.get(best.code)!) < 0)
    )
      best = { code, lift, count };
  }
  if (!best || best.lift <= 0) return { issue: null, issueText: "no issue stands out among its actors" };
  const slug = dictName.get(best.code)!;
  const name = issueNames.get(slug) ?? slug;
  const share = (x: number, of: number) => `${Math.round((100 * x) / Math.max(1, of))}%`;
  return {
    issue: name,
    issueText:
      `${name}: ${best.count} of its ${inCluster.withIssues} actors with issues work on it ` +
      `(${share(best.count, inCluster.withIssues)}, against ` +
      `${share(everyone.counts.get(best.code) ?? 0, everyone.withIssues)} in the view)`,
  };
}

/**
 * Undirected neighbours of the scope's nodes (one entry per neighbour, whatever the ties between them), as sorted
 * rows of one typed array: far lighter than a set per node on large networks.
 */
function neighbourRows(
  n: number,
  src: Int32Array,
  dst: Int32Array,
): { of: (b: number) => Int32Array; has: (a: number, c: number) => boolean } {
  const { offsets: start, adj: all } = undirectedRows(n, src, dst);
  // Each row sorted and without repeats.
  const end = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const row = all.subarray(start[i]!, start[i + 1]!).sort();
    let w = 0;
    for (let r = 0; r < row.length; r++) if (r === 0 || row[r] !== row[r - 1]) row[w++] = row[r]!;
    end[i] = start[i]! + w;
  }
  const of = (b: number) => all.subarray(start[b]!, end[b]!);
  const has = (a: number, c: number) => {
    let lo = start[a]!;
    let hi = end[a]! - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = all[mid]!;
      if (v === c) return true;
      if (v < c) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  };
  return { of, has };
}

/** Members (actors or partnerships) between NGOs and governments: open two-paths NGO - b - Government. */
function sectorBrokers(
  n: number,
  src: Int32Array,
  dst: Int32Array,
  group: Int32Array,
  cluster: Int32Array,
  member: (j: number) => ClusterMember,
): SectorBroker[] {
  const NGO = SECTORS.indexOf("NGO");
  const GOV = SECTORS.indexOf("Government");
  const near = neighbourRows(n, src, dst);
  const out: SectorBroker[] = [];
  for (let b = 0; b < n; b++) {
    const ngos: number[] = [];
    const govs: number[] = [];
    for (const x of near.of(b)) {
      if (group[x] === NGO) ngos.push(x);
      else if (group[x] === GOV) govs.push(x);
    }
    if (!ngos.length || !govs.length) continue;
    let paths = 0;
    for (const a of ngos) for (const c of govs) if (!near.has(a, c)) paths++;
    if (paths) out.push({ ...member(b), cluster: cluster[b]!, paths, ngos: ngos.length, governments: govs.length });
  }
  return out.sort((a, b) => b.paths - a.paths || (a.id < b.id ? -1 : 1)).slice(0, 25);
}

function openCluster(
  id: number,
  label: string,
  members: number[],
  g: {
    n: number;
    src: Int32Array;
    dst: Int32Array;
    cluster: Int32Array;
    degreeIn: Int32Array;
    outside: Int32Array;
    crossSector: (a: number, b: number) => boolean;
    member: (j: number) => ClusterMember;
    type: (e: number) => string;
  },
): OpenedCluster {
  const near = neighbourRows(g.n, g.src, g.dst);
  const nodes = members.map((b) => {
    const roles: BrokerRoles = { coordinator: 0, gatekeeper: 0, consultant: 0, liaison: 0 };
    const list = near.of(b);
    const cb = g.cluster[b]!;
    // Gould-Fernandez on undirected ties, the clusters as groups: each open two-path a - b - c once.
    for (let x = 0; x < list.length; x++)
      for (let y = x + 1; y < list.length; y++) {
        const a = list[x]!;
        const c = list[y]!;
        if (near.has(a, c)) continue;
        const ca = g.cluster[a]!;
        const cc = g.cluster[c]!;
        if (ca === cb && cc === cb) roles.coordinator++;
        else if (ca === cb || cc === cb) roles.gatekeeper++;
        else if (ca === cc) roles.consultant++;
        else roles.liaison++;
      }
    return {
      ...g.member(b),
      ties: g.degreeIn[b]!,
      external: g.outside[b]!,
      roles,
      broker: roles.gatekeeper + roles.consultant + roles.liaison > 0,
    };
  });
  const inside = new Set(members);
  const edges: OpenedCluster["edges"] = [];
  for (let e = 0; e < g.src.length; e++) {
    const a = g.src[e]!;
    const b = g.dst[e]!;
    if (inside.has(a) && inside.has(b))
      edges.push({ source: g.member(a).id, target: g.member(b).id, type: g.type(e), crossSector: g.crossSector(a, b) });
  }
  return { id, label, nodes, edges };
}
