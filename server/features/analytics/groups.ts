/**
 * Group views beyond clusters: the same overview (clusters.ts) with the actors grouped by their sector, or by the
 * sub-region of their country, instead of by Louvain community. Partnerships have neither a sector nor a seat and
 * form a group of their own; actors without a country form the "No location" group. Same answer shape as the
 * cluster overview: each group's size, sector mix, E-I index, brokers and the ties between groups by sector pair.
 * For the sector grouping the E-I index is the sector's own (its ties leaving the sector against those inside it),
 * since every tie inside a sector group is same-sector.
 */
import { SECTORS } from "../../core/model.ts";
import { SECTOR_LABELS } from "../../../shared/palette.ts";
import { clusterOverview, type Overview, type OverviewOptions } from "./clusters.ts";
import { NO_SECTOR } from "./compact.ts";
import type { Selection, Snapshot } from "./snapshot.ts";

export const GROUPINGS = ["cluster", "sector", "region"] as const;
export type Grouping = (typeof GROUPINGS)[number];

export const NO_LOCATION = "No location";
export const PARTNERSHIPS = "Partnerships";

export const GROUP_RULES: Record<Exclude<Grouping, "cluster">, string> = {
  sector:
    "One group per sector present in the view, named by the sector; partnerships form a group of their own. The " +
    "E-I index of a sector group is the sector's: its ties to other groups against its ties inside the sector.",
  region:
    "One group per sub-region of the actors' countries (UN M49; the region where a country has no sub-region); " +
    "actors without a country form the 'No location' group and partnerships a group of their own. The E-I index of a " +
    "region is that of its actors' direct ties with each other over sectors, as for a cluster.",
};

/** Group key of every node of the selection (by node id), and the name and rule text of each key. */
function keys(
  s: Snapshot,
  by: Exclude<Grouping, "cluster">,
): { key: (i: number) => number; name: (k: number) => string } {
  const PARTNERSHIP = -2;
  const NOWHERE = -3;
  const dictName = new Map<number, string>();
  for (const [name, code] of s.dict) dictName.set(code, name);
  if (by === "sector")
    return {
      key: (i) =>
        s.partnership[i] ? PARTNERSHIP : s.sector[i] === NO_SECTOR ? SECTORS.indexOf("Other") : s.sector[i]!,
      name: (k) => (k === PARTNERSHIP ? PARTNERSHIPS : SECTOR_LABELS[SECTORS[k]!]),
    };
  return {
    key: (i) =>
      s.partnership[i]
        ? PARTNERSHIP
        : s.subregion[i]! >= 0
          ? s.subregion[i]!
          : s.region[i]! >= 0
            ? s.region[i]!
            : NOWHERE,
    name: (k) => (k === PARTNERSHIP ? PARTNERSHIPS : k === NOWHERE ? NO_LOCATION : dictName.get(k)!),
  };
}

/**
 * The overview of a scope grouped by sector or region. Groups are numbered by size, largest first (ties by their
 * first member's id), as clusters are; `modularity` is Newman's modularity of the grouping.
 */
export function groupOverview(
  s: Snapshot,
  sel: Selection,
  by: Exclude<Grouping, "cluster">,
  opts: OverviewOptions,
): Overview & { modularity: number } {
  const { key, name } = keys(s, by);
  const keyOf = new Map<string, number>();
  for (const i of sel.nodes) keyOf.set(s.ids[i]!, key(i));
  const o = clusterOverview(s, sel, (id) => keyOf.get(id), opts);
  // Names by the group of any member: every member of a group has the same key.
  const nameOf = new Map<number, string>();
  for (const [id, c] of o.assignment) if (!nameOf.has(c)) nameOf.set(c, name(keyOf.get(id)!));
  for (const c of o.clusters) {
    const label = nameOf.get(c.id)!;
    const total = c.internalTies + c.externalTies;
    const leaving = total
      ? `${c.externalTies} of its ${total} ties (${Math.round((100 * c.externalTies) / total)}%)`
      : "none of its ties";
    const who =
      label === PARTNERSHIPS
        ? `The ${c.size} partnerships`
        : by === "sector"
          ? `The ${c.size} actors of the sector ${label}`
          : label === NO_LOCATION
            ? `The ${c.size} actors without a country`
            : `The ${c.size} actors based in ${label}`;
    c.label = label;
    c.rule = `${who} in the view; ${leaving} leave the group.`;
    if (by === "sector") c.ei = c.openness;
  }
  // Groups beyond the limit are named too when opened.
  const openGroup = (id: number) => {
    const opened = o.openGroup(id);
    if (opened) opened.label = nameOf.get(opened.id) ?? opened.label;
    return opened;
  };
  if (o.opened) o.opened.label = nameOf.get(o.opened.id) ?? o.opened.label;
  // Newman's modularity of the grouping, over all its groups.
  const inside = new Map<number, number>();
  const degree = new Map<number, number>();
  for (const e of sel.ties) {
    const a = key(s.source[e]!);
    const b = key(s.target[e]!);
    if (a === b) inside.set(a, (inside.get(a) ?? 0) + 1);
    degree.set(a, (degree.get(a) ?? 0) + 1);
    degree.set(b, (degree.get(b) ?? 0) + 1);
  }
  const m = sel.ties.length;
  let modularity = 0;
  if (m) for (const [k, d] of degree) modularity += (inside.get(k) ?? 0) / m - (d / (2 * m)) ** 2;
  return { ...o, openGroup, modularity };
}
