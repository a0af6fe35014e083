/**
 * The whole view lives in the URL, so a copied link reopens the same view for a colleague. Pure functions: state
 * to query string and back; unknown or malformed values fall back to defaults rather than breaking the page. A bare
 * address (no parameters) opens the cluster overview, the first view; any other link without `view` is the graph.
 */
import { decodeScope, encodeScope, NO_FILTERS, type Filters } from "../../shared/filters.ts";

export type SizeMetric = "degree" | "pagerank" | "betweenness" | "closeness" | "eigenvector";
export const SIZE_METRICS: SizeMetric[] = ["degree", "pagerank", "betweenness", "closeness", "eigenvector"];

export const VIEWS = ["graph", "directory", "analysis", "queries", "clusters"] as const;
export type View = (typeof VIEWS)[number];

export interface ViewState {
  filters: Filters;
  selected?: string;
  size: SizeMetric;
  colorBy: "sector" | "cluster";
  layout: "force" | "map";
  view: View;
  camera?: { x: number; y: number; ratio: number };
  /** The query whose result is shown: a library query by name, or console Cypher, with its parameters. */
  query?: { name?: string; cypher?: string; params: Record<string, unknown> };
  /** The cluster overview: the cluster opened (its id), and whether only cross-sector ties are shown. */
  cluster?: number;
  crossSector?: boolean;
  /** The shortest paths asked for: between two nodes, of at most `maxHops` steps. */
  path?: PathRequest;
  /** Two actors compared side by side (panels/compare.ts), and the actor whose profile is open (panels/profile.ts). */
  compare?: [string, string];
  profile?: string;
  /** The overview's groups when not the clusters (sectors or regions), and its bundles split by sector pair. */
  grouping?: "sector" | "region";
  split?: boolean;
}

export interface PathRequest {
  from: string;
  to: string;
  maxHops: number;
}
/** The longest path the API looks for, and the default. */
export const MAX_PATH_HOPS = 8;

export const DEFAULT_STATE: ViewState = {
  filters: NO_FILTERS,
  size: "degree",
  colorBy: "sector",
  layout: "force",
  view: "graph",
};

const ID = /^[a-z0-9][a-z0-9-]*$/;

export function encodeState(s: ViewState): string {
  const f = s.filters;
  // The scope is written as the API reads it (shared/filters.ts): a view's link and its API requests agree.
  const p = encodeScope(f);
  if (f.minDegree) p.set("min", String(f.minDegree));
  if (f.focus) p.set("focus", `${f.focus.id}:${f.focus.depth}`);
  if (s.selected) p.set("sel", s.selected);
  if (s.size !== "degree") p.set("size", s.size);
  if (s.colorBy !== "sector") p.set("color", s.colorBy);
  if (s.layout !== "force") p.set("layout", s.layout);
  if (s.view !== "graph") p.set("view", s.view);
  if (s.query?.name) p.set("q", s.query.name);
  if (s.query?.cypher) p.set("cq", s.query.cypher);
  if (s.query && Object.keys(s.query.params).length) p.set("qp", JSON.stringify(s.query.params));
  if (s.cluster) p.set("cl", String(s.cluster));
  if (s.crossSector) p.set("xs", "1");
  if (s.path) p.set("path", `${s.path.from}:${s.path.to}:${s.path.maxHops}`);
  if (s.compare) p.set("cmp", s.compare.join(","));
  if (s.profile) p.set("profile", s.profile);
  if (s.grouping) p.set("grp", s.grouping);
  if (s.split) p.set("sp", "1");
  if (s.camera) p.set("cam", [s.camera.x, s.camera.y, s.camera.ratio].map((n) => n.toFixed(4)).join(","));
  const q = p.toString().replace(/%2C/g, ",").replace(/%3A/g, ":");
  // A bare address opens the cluster overview (the first view): the actor graph says so explicitly.
  if (!q && s.view === "graph") return "?view=graph";
  return q ? `?${q}` : "";
}

export function decodeState(search: string): ViewState {
  const p = new URLSearchParams(search);
  const focus = /^([a-z0-9][a-z0-9-]*):([1-3])$/.exec(p.get("focus") ?? "");
  const cam = (p.get("cam") ?? "").split(",").map(Number);
  const path = /^([a-z0-9][a-z0-9-]*):([a-z0-9][a-z0-9-]*):([1-8])$/.exec(p.get("path") ?? "");
  const size = p.get("size") as SizeMetric;
  const compare = /^([a-z0-9][a-z0-9-]*),([a-z0-9][a-z0-9-]*)$/.exec(p.get("cmp") ?? "");
  let params: Record<string, unknown> = {};
  try {
    const parsed = JSON.parse(p.get("qp") ?? "{}");
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) params = parsed;
  } catch {
    // Malformed parameters: the query opens with its defaults.
  }
  const name = /^[a-z0-9-]+$/.test(p.get("q") ?? "") ? p.get("q")! : undefined;
  const cypher = (p.get("cq") ?? "").slice(0, 20_000) || undefined;
  return {
    filters: {
      ...decodeScope(p, { relTypes: "rel" }),
      minDegree: Math.max(0, Math.min(1000, Number(p.get("min")) || 0)),
      focus: focus ? { id: focus[1]!, depth: Number(focus[2]) } : undefined,
    },
    selected: ID.test(p.get("sel") ?? "") ? p.get("sel")! : undefined,
    size: SIZE_METRICS.includes(size) ? size : "degree",
    colorBy: p.get("color") === "cluster" ? "cluster" : "sector",
    layout: p.get("layout") === "map" ? "map" : "force",
    view: VIEWS.includes(p.get("view") as View) ? (p.get("view") as View) : [...p.keys()].length ? "graph" : "clusters",
    query: name || cypher ? { name, cypher: name ? undefined : cypher, params } : undefined,
    cluster: /^[1-9][0-9]{0,5}$/.test(p.get("cl") ?? "") ? Number(p.get("cl")) : undefined,
    crossSector: p.get("xs") === "1" || undefined,
    path: path && path[1] !== path[2] ? { from: path[1]!, to: path[2]!, maxHops: Number(path[3]) } : undefined,
    compare: compare && compare[1] !== compare[2] ? [compare[1]!, compare[2]!] : undefined,
    profile: ID.test(p.get("profile") ?? "") ? p.get("profile")! : undefined,
    grouping:
      p.get("grp") === "sector" || p.get("grp") === "region" ? (p.get("grp") as "sector" | "region") : undefined,
    split: p.get("sp") === "1" || undefined,
    camera:
      cam.length === 3 && cam.every(Number.isFinite) && cam[2]! > 0
        ? { x: cam[0]!, y: cam[1]!, ratio: cam[2]! }
        : undefined,
  };
}
