/**
 * The scope filters shared by the graph, analytics and export endpoints: which actors and partnerships, which
 * relationship types, which years. Repeatable query parameters (`sector=NGO&sector=IGO`) or comma lists. The
 * parameter names and what a scope means are shared/filters.ts's, which the explorer uses too.
 */
import { z } from "zod";
import { REL_TYPES, SECTORS } from "../../shared/model.ts";
import { FOCUS_PATTERN, MAX_VIEW_NODES, NODE_ID_PATTERN, type ViewNarrowing } from "../../shared/view-scope.ts";
import { activeOnly, selectsActors, SCOPE_PATTERNS, YEAR_RANGE, type ScopeFilters } from "../../shared/filters.ts";

/** Accepts `a`, `a,b` and repeated parameters, always giving an array. */
const repeatable = <T extends z.ZodType>(item: T, max = 300) =>
  z
    .preprocess(
      (v) =>
        v === undefined
          ? []
          : (Array.isArray(v) ? v : [v]).flatMap((x) =>
              String(x)
                .split(",")
                .map((s) => s.trim())
                .filter(Boolean),
            ),
      z.array(item).max(max, `at most ${max} values`),
    )
    // Absent is an empty list: not required (the OpenAPI document says so too).
    .default([]);

const year = z.coerce.number().int().min(YEAR_RANGE.min).max(YEAR_RANGE.max);

export const ScopeQuery = z.object({
  sector: repeatable(z.enum(SECTORS)).describe(`Actor sectors: ${SECTORS.join(", ")}`),
  relType: repeatable(z.enum(REL_TYPES)).describe(`Relationship types: ${REL_TYPES.join(", ")}`),
  country: repeatable(
    z.string().regex(SCOPE_PATTERNS.countries, "expected an ISO 3166-1 alpha-3 code such as FRA"),
  ).describe("Headquarters countries (ISO alpha-3)"),
  region: repeatable(z.string().min(2).max(60)).describe("UN regions or sub-regions, e.g. Europe, South-Eastern Asia"),
  issue: repeatable(z.string().regex(SCOPE_PATTERNS.issues, "expected an issue id such as forced-labour")).describe(
    "Issue ids",
  ),
  dataset: repeatable(z.string().regex(SCOPE_PATTERNS.datasets, "expected a dataset id")).describe(
    "Dataset ids (curated, or an import)",
  ),
  from: year.optional().describe("First year: relationships active in or after it"),
  to: year.optional().describe("Last year: relationships active in or before it"),
  active: z
    .enum(["1", "0"])
    .optional()
    .describe("1: with from or to, only actors and partnerships with a dated relationship in those years"),
});
export type Scope = z.infer<typeof ScopeQuery>;

/** A request's scope in the shared vocabulary (shared/filters.ts). */
export const scopeFilters = (s: Scope): ScopeFilters => ({
  sectors: s.sector,
  relTypes: s.relType,
  regions: s.region,
  countries: s.country,
  issues: s.issue,
  datasets: s.dataset,
  from: s.from,
  to: s.to,
  ...(s.active === "1" ? { active: true } : {}),
});

/** Parameters every scoped Cypher statement takes. */
export function scopeParams(s: Scope) {
  return {
    sectors: s.sector,
    countries: s.country,
    regions: s.region,
    issues: s.issue,
    datasets: s.dataset,
    relTypes: s.relType.length ? [...new Set(s.relType)] : [...REL_TYPES],
    from: s.from ?? null,
    to: s.to ?? null,
    nodeFiltered: selectsActors(scopeFilters(s)),
    active: activeOnly(scopeFilters(s)),
  };
}

/** A canonical, order-independent description of a scope (cache keys, export metadata). */
export function scopeKey(s: Scope): string {
  const sorted = Object.entries(s)
    .filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0))
    .map(([k, v]) => [k, Array.isArray(v) ? [...v].sort() : v] as const)
    .sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify(Object.fromEntries(sorted));
}

/**
 * The scope and what the explorer narrows beyond it (shared/view-scope.ts), in the view URL's own parameters: an ego
 * focus, a minimum number of ties, and the explicit nodes of a shown path or query result.
 */
export const ViewQuery = ScopeQuery.extend({
  focus: z
    .string()
    .regex(FOCUS_PATTERN, "expected an id and a depth of 1 to 3 such as unodc:2")
    .optional()
    .describe("Ego network: an actor's or partnership's id and the steps out, e.g. unodc:2 (within the scope)"),
  min: z.coerce.number().int().min(0).max(1000).optional().describe("Only nodes with at least this many ties"),
  node: repeatable(
    z.string().max(200).regex(NODE_ID_PATTERN, "expected node ids such as unodc"),
    MAX_VIEW_NODES,
  ).describe(
    "Only these actors and partnerships (a shown path or a query's result), with the ties among them in the " +
      `scope's relationship types and years; at most ${MAX_VIEW_NODES} ids`,
  ),
});
export type ViewScope = z.infer<typeof ViewQuery>;

/** The narrowing a request adds to its scope, or null when it adds none. */
export function viewNarrowing(q: Scope | Partial<Pick<ViewScope, "focus" | "min" | "node">>): ViewNarrowing | null {
  if (!("focus" in q || "min" in q || "node" in q)) return null;
  const focus = q.focus ? FOCUS_PATTERN.exec(q.focus) : null;
  const v: ViewNarrowing = {
    focus: focus ? { id: focus[1]!, depth: Number(focus[2]) } : undefined,
    minDegree: q.min ?? 0,
    nodes: q.node?.length ? q.node : undefined,
  };
  return v.focus || v.minDegree > 0 || v.nodes ? v : null;
}
