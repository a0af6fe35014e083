/**
 * The filters' meaning, defined once for the explorer and the API: filters select actors (and partnerships that
 * match them directly); a partnership is also shown when a shown actor is tied to it by a shown relationship;
 * relationships with no years count as timeless. The API's scope (server/core/scope.ts with
 * cypher/graph/nodes.cypher) and the explorer's visible set (`visibleElements`) follow this file, and an
 * integration test checks that they agree on the curated data.
 *
 * One vocabulary and one codec for the scope in the view's URL and in API requests: `sector`, `relType`, `region`,
 * `country`, `issue`, `dataset` (comma lists), `from`, `to` (years) and `active` (1: only actors with ties in the
 * years). Pure: no Node or DOM.
 */
import { REL_TYPES, SECTORS } from "./model.ts";

/** The scope of a view or a request: which actors, relationships and years. */
export interface ScopeFilters {
  sectors: string[];
  relTypes: string[];
  regions: string[];
  countries: string[];
  issues: string[];
  /** Datasets (curated, or an import); empty = all. */
  datasets: string[];
  from?: number;
  to?: number;
  /** With a year bound: only actors and partnerships that have a dated relationship in the years (a relationship
   * whose since or until is known, overlapping from..to); `active=1` in the URL and the API. */
  active?: boolean;
}

/** The explorer's filters: the scope, and what only the explorer narrows (minimum ties, an ego network). */
export interface Filters extends ScopeFilters {
  minDegree: number;
  focus?: { id: string; depth: number };
}

export const NO_FILTERS: Filters = {
  sectors: [],
  relTypes: [],
  regions: [],
  countries: [],
  issues: [],
  datasets: [],
  minDegree: 0,
};

/** The query parameter of each list in the scope, in the URL and in the API alike. */
export const SCOPE_PARAMS = {
  sectors: "sector",
  relTypes: "relType",
  regions: "region",
  countries: "country",
  issues: "issue",
  datasets: "dataset",
} as const satisfies Record<keyof Omit<ScopeFilters, "from" | "to" | "active">, string>;
type ListKey = keyof typeof SCOPE_PARAMS;
const LIST_KEYS = Object.keys(SCOPE_PARAMS) as ListKey[];

/** What a value of each list looks like; the API refuses others, the URL codec drops them. */
export const SCOPE_PATTERNS: Record<ListKey, RegExp> = {
  sectors: new RegExp(`^(${SECTORS.join("|")})$`),
  relTypes: new RegExp(`^(${REL_TYPES.join("|")})$`),
  regions: /^[\p{L} .,'-]{2,60}$/u,
  countries: /^[A-Z]{3}$/,
  issues: /^[a-z0-9-]+$/,
  datasets: /^[a-z0-9-]+$/,
};
export const YEAR_RANGE = { min: 1800, max: 2100 } as const;

/** Whether any filter selects actors (then partnerships join through their ties). */
export const selectsActors = (f: ScopeFilters) =>
  f.sectors.length + f.countries.length + f.regions.length + f.issues.length + f.datasets.length > 0;

/** The attributes filters read (the API's node and edge attributes; others are ignored). */
type Attrs = {
  entity?: unknown;
  sector?: unknown;
  country?: unknown;
  region?: unknown;
  subregion?: unknown;
  issues?: unknown;
  dataset?: unknown;
  type?: unknown;
  since?: unknown;
  until?: unknown;
};
const has = (list: string[], v: unknown) => typeof v === "string" && list.includes(v);
const yearAt = (v: unknown) => (typeof v === "number" ? v : undefined);

/** An actor (or partnership) matches the scope by itself. */
export function nodeMatches(a: Attrs, f: ScopeFilters): boolean {
  // A partnership has no sector: with a sector filter it only shows through its ties to shown actors.
  if (f.sectors.length && (a.entity === "Partnership" || !has(f.sectors, a.sector))) return false;
  if (f.countries.length && !has(f.countries, a.country)) return false;
  if (f.regions.length && !has(f.regions, a.region) && !has(f.regions, a.subregion)) return false;
  if (f.issues.length && !(Array.isArray(a.issues) && a.issues.some((i) => has(f.issues, i)))) return false;
  if (f.datasets.length && !has(f.datasets, a.dataset)) return false;
  return true;
}

/** A relationship is in scope: its type, and years that overlap the window (no years: timeless). */
export function edgeMatches(a: Attrs, f: ScopeFilters): boolean {
  if (f.relTypes.length && !has(f.relTypes, a.type)) return false;
  const since = yearAt(a.since);
  const until = yearAt(a.until);
  if (f.from !== undefined && until !== undefined && until < f.from) return false;
  if (f.to !== undefined && since !== undefined && since > f.to) return false;
  return true;
}

/** Whether the scope keeps only actors with dated relationships in its years (asked for, with a year bound). */
export const activeOnly = (f: ScopeFilters) => !!f.active && (f.from !== undefined || f.to !== undefined);

/** Actors and partnerships with a dated relationship in the scope's types and years. */
function activeNodes(graph: FilterableGraph, f: ScopeFilters): Set<string> {
  const out = new Set<string>();
  graph.forEachEdge((_e, a, s, t) => {
    if ((yearAt(a.since) !== undefined || yearAt(a.until) !== undefined) && edgeMatches(a, f)) {
      out.add(s);
      out.add(t);
    }
  });
  return out;
}

export interface Visible {
  nodes: Set<string>;
  edges: Set<string>;
}

/** The part of a graph (graphology's interface, no import needed) that `visibleElements` reads. */
export interface FilterableGraph {
  order: number;
  forEachNode(cb: (key: string, a: Attrs) => void): void;
  forEachEdge(cb: (edge: string, a: Attrs, s: string, t: string, sa: Attrs, ta: Attrs) => void): void;
  forEachEdge(node: string, cb: (edge: string, a: Attrs, s: string, t: string) => void): void;
  hasNode(key: string): boolean;
  source(edge: string): string;
  target(edge: string): string;
  extremities(edge: string): [string, string];
}

/** What a graph shows for a set of filters: the scope, then an ego network and a minimum number of ties. */
export function visibleElements(graph: FilterableGraph, f: Filters): Visible {
  const nodes = new Set<string>();
  const active = activeOnly(f) ? activeNodes(graph, f) : null;
  const kept = (key: string) => !active || active.has(key);
  graph.forEachNode((key, a) => {
    if (nodeMatches(a, f) && kept(key)) nodes.add(key);
  });
  if (selectsActors(f)) {
    const matched = new Set(nodes);
    graph.forEachEdge((_e, a, s, t, sa, ta) => {
      if (!edgeMatches(a, f)) return;
      if (matched.has(s) && sa.entity === "Actor" && ta.entity === "Partnership" && kept(t)) nodes.add(t);
      if (matched.has(t) && ta.entity === "Actor" && sa.entity === "Partnership" && kept(s)) nodes.add(s);
    });
  }
  let edges = new Set<string>();
  graph.forEachEdge((e, a, s, t) => {
    if (nodes.has(s) && nodes.has(t) && edgeMatches(a, f)) edges.add(e);
  });
  const keepEdgesBetween = () =>
    (edges = new Set([...edges].filter((e) => nodes.has(graph.source(e)) && nodes.has(graph.target(e)))));

  if (f.focus && graph.hasNode(f.focus.id)) {
    const within = new Set([f.focus.id]);
    let frontier = [f.focus.id];
    for (let d = 0; d < f.focus.depth; d++) {
      const next: string[] = [];
      for (const n of frontier)
        graph.forEachEdge(n, (e, _a, s, t) => {
          if (!edges.has(e)) return;
          const other = s === n ? t : s;
          if (!within.has(other)) {
            within.add(other);
            next.push(other);
          }
        });
      frontier = next;
    }
    for (const n of [...nodes]) if (!within.has(n)) nodes.delete(n);
    keepEdgesBetween();
  }

  if (f.minDegree > 0) {
    const degree = new Map<string, number>();
    for (const e of edges) for (const n of graph.extremities(e)) degree.set(n, (degree.get(n) ?? 0) + 1);
    for (const n of [...nodes]) if ((degree.get(n) ?? 0) < f.minDegree) nodes.delete(n);
    keepEdgesBetween();
  }
  return { nodes, edges };
}

/** Writes a scope into query parameters (comma lists), for the view's URL and for API requests alike. */
export function encodeScope(f: ScopeFilters, p = new URLSearchParams()): URLSearchParams {
  for (const key of LIST_KEYS) if (f[key].length) p.set(SCOPE_PARAMS[key], f[key].join(","));
  if (f.from !== undefined) p.set("from", String(f.from));
  if (f.to !== undefined) p.set("to", String(f.to));
  if (f.active) p.set("active", "1");
  return p;
}

/** The values of one list parameter: comma lists and repeated parameters alike. */
export const listValues = (p: URLSearchParams, name: string): string[] =>
  p.getAll(name).flatMap((v) =>
    v
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  );

const yearOf = (v: string | null) => {
  const n = v && /^\d{4}$/.test(v) ? Number(v) : NaN;
  return n >= YEAR_RANGE.min && n <= YEAR_RANGE.max ? n : undefined;
};

/** Reads a scope from query parameters, dropping values that are not well-formed (a shared link never breaks the
 * page). `aliases` names older parameter names still read (the view's URL once wrote `rel` for `relType`). */
export function decodeScope(p: URLSearchParams, aliases: Partial<Record<ListKey, string>> = {}): ScopeFilters {
  const list = (key: ListKey) =>
    [...listValues(p, SCOPE_PARAMS[key]), ...(aliases[key] ? listValues(p, aliases[key]) : [])].filter((v) =>
      SCOPE_PATTERNS[key].test(v),
    );
  return {
    sectors: list("sectors"),
    relTypes: list("relTypes"),
    regions: list("regions"),
    countries: list("countries"),
    issues: list("issues"),
    datasets: list("datasets"),
    from: yearOf(p.get("from")),
    to: yearOf(p.get("to")),
    ...(p.get("active") === "1" ? { active: true } : {}),
  };
}

/** The API's query string for a scope (without the leading `?`). */
export const scopeQuery = (f: ScopeFilters) => encodeScope(f).toString().replace(/%2C/g, ",");
