/**
 * The collaboration-graph model, shared by the server, the loaders and the client: sectors, roles, partnership
 * kinds, relationship types and which nodes each type may connect.
 */

export const SECTORS = [
  "IGO",
  "NGO",
  "Government",
  "Funder",
  "Corporate",
  "Academic",
  "LawEnforcement",
  "Media",
  "FaithBased",
  "Labour",
  "Other",
] as const;
export type Sector = (typeof SECTORS)[number];

export const ROLES = ["Organization", "Funder", "Government"] as const;
export type Role = (typeof ROLES)[number];

export const PARTNERSHIP_KINDS = [
  "network",
  "coalition",
  "ppp",
  "task-force",
  "referral-mechanism",
  "convention",
  "programme",
  "process",
  "initiative",
] as const;
export type PartnershipKind = (typeof PARTNERSHIP_KINDS)[number];

/** Relationships between actors and partnerships: what the graph view draws. */
export const REL_TYPES = ["MEMBER_OF", "FUNDS", "PARTNERS_WITH", "COORDINATES", "HOSTS", "PART_OF"] as const;
export type RelType = (typeof REL_TYPES)[number];

/** Links from actors and partnerships to their facets (not drawn as edges; shown as attributes and filters). */
export const FACET_TYPES = ["BASED_IN", "OPERATES_IN", "WORKS_ON"] as const;

export type EntityKind = "Actor" | "Partnership";

/** Which kinds of node each relationship type may start from and point to. */
export const ENDPOINTS: Record<RelType, { from: EntityKind[]; to: EntityKind[] }> = {
  // A member of a network, coalition or convention (a partnership), or a member state of an intergovernmental
  // organization (an actor of sector IGO).
  MEMBER_OF: { from: ["Actor", "Partnership"], to: ["Partnership", "Actor"] },
  FUNDS: { from: ["Actor"], to: ["Actor", "Partnership"] },
  PARTNERS_WITH: { from: ["Actor", "Partnership"], to: ["Actor", "Partnership"] },
  COORDINATES: { from: ["Actor"], to: ["Partnership"] },
  HOSTS: { from: ["Actor"], to: ["Partnership"] },
  PART_OF: { from: ["Actor", "Partnership"], to: ["Actor", "Partnership"] },
};

/** A stable key for a relationship: one relationship of a type per ordered pair of nodes. */
export const relKey = (type: string, source: string, target: string) => `${source}-${type}->${target}`;

/** The centrality measures the API computes (GET /api/analytics/centrality?metric=, npm run analytics:write). */
export const CENTRALITY_METRICS = [
  "degree",
  "inDegree",
  "outDegree",
  "weightedDegree",
  "betweenness",
  "closeness",
  "eigenvector",
  "pagerank",
  "kcore",
  "constraint",
  "effectiveSize",
] as const;
export type CentralityMetric = (typeof CENTRALITY_METRICS)[number];
