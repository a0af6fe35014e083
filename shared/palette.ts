/**
 * Colours. Sectors use Paul Tol's "muted" scheme (distinguishable with the common colour-vision deficiencies)
 * plus orange from Tol's "vibrant" scheme for workers' organisations and grey for Other; relationship types use a
 * second, darker set so edges and nodes do not compete.
 */
import { REL_TYPES, SECTORS, type RelType, type Sector } from "./model.ts";

export const SECTOR_COLORS: Record<Sector, string> = {
  IGO: "#332288",
  NGO: "#117733",
  Government: "#88CCEE",
  Funder: "#DDCC77",
  Corporate: "#CC6677",
  Academic: "#AA4499",
  LawEnforcement: "#44AA99",
  Media: "#999933",
  FaithBased: "#882255",
  Labour: "#EE7733",
  Other: "#BBBBBB",
};
export const PARTNERSHIP_COLOR = "#555555";

export const REL_COLORS: Record<RelType, string> = {
  MEMBER_OF: "#9aa5b1",
  FUNDS: "#c9a227",
  PARTNERS_WITH: "#4e79a7",
  COORDINATES: "#e15759",
  HOSTS: "#76b7b2",
  PART_OF: "#7f7f7f",
};

export const REL_LABELS: Record<RelType, string> = {
  MEMBER_OF: "membership",
  FUNDS: "funding",
  PARTNERS_WITH: "partnership",
  COORDINATES: "coordination (chairs, leads)",
  HOSTS: "hosts secretariat",
  PART_OF: "part of",
};

export const SECTOR_LABELS: Record<Sector, string> = {
  IGO: "Intergovernmental (IGO)",
  NGO: "NGO",
  Government: "Government",
  Funder: "Funder",
  Corporate: "Business",
  Academic: "Academia & research",
  LawEnforcement: "Law enforcement",
  Media: "Media",
  FaithBased: "Faith-based",
  Labour: "Workers' organisation",
  Other: "Other",
};

/** Twelve clearly different colours for clusters (Tol's "light" and "bright" sets). */
export const CLUSTER_COLORS = [
  "#4477AA",
  "#EE6677",
  "#228833",
  "#CCBB44",
  "#66CCEE",
  "#AA3377",
  "#77AADD",
  "#EE8866",
  "#EEDD88",
  "#FFAABB",
  "#99DDFF",
  "#44BB99",
];

/** Nodes of the clusters beyond the coloured ones. */
export const OTHER_CLUSTER_COLOR = "#D0D0D0";

export { REL_TYPES, SECTORS };

/** What the legend lists, in order: sectors, partnerships (drawn as squares), relationship types (lines). */
export const LEGEND: { color: string; label: string; shape: "disc" | "square" | "line" }[] = [
  ...SECTORS.map((s) => ({ color: SECTOR_COLORS[s], label: SECTOR_LABELS[s], shape: "disc" as const })),
  { color: PARTNERSHIP_COLOR, label: "Partnership", shape: "square" },
  ...REL_TYPES.map((t) => ({ color: REL_COLORS[t], label: REL_LABELS[t], shape: "line" as const })),
];
