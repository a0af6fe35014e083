/**
 * What a change changed, field by field: the value before and after of each property that differs between the two
 * states a change record keeps (an entity's properties, its secondary roles and its relationships; a
 * relationship's properties). The history shows these instead of two whole states.
 */
import { canonical } from "./canonical.ts";

export type FieldChange = { field: string; before: unknown; after: unknown };

/** Properties derived from others (written with them), left out of the comparison. */
const DERIVED = new Set(["aliasText", "region", "subregion", "sourceTitles"]);
/** The order fields are listed in: what a person reads first, then the rest by name. */
const ORDER = ["name", "acronym", "aliases", "sector", "roles", "kind", "country", "founded", "website"];
const rank = (f: string) => (ORDER.includes(f) ? ORDER.indexOf(f) : ORDER.length);

type State = { labels?: string[]; props?: Record<string, unknown>; relationships?: Record<string, unknown>[] };

function fieldsOf(state: unknown): Record<string, unknown> {
  if (!state || typeof state !== "object") return {};
  const s = state as State;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s.props ?? {})) if (!DERIVED.has(k)) out[k] = v;
  if (s.labels) out.roles = s.labels.filter((l) => l !== "Actor" && l !== "Partnership").sort();
  if (s.relationships)
    out.relationships = s.relationships
      .map((r) => `${String(r.type)} ${String(r.source)} → ${String(r.target)}`)
      .sort();
  return out;
}

/** Each field whose value differs between `before` and `after` (null where a side has no value). */
export function changedFields(before: unknown, after: unknown): FieldChange[] {
  const b = fieldsOf(before);
  const a = fieldsOf(after);
  const empty = (v: unknown) => v === null || v === undefined || (Array.isArray(v) && v.length === 0);
  return [...new Set([...Object.keys(b), ...Object.keys(a)])]
    .filter((f) => !(empty(b[f]) && empty(a[f])) && canonical(b[f]) !== canonical(a[f]))
    .sort((x, y) => rank(x) - rank(y) || x.localeCompare(y))
    .map((field) => ({ field, before: b[field] ?? null, after: a[field] ?? null }));
}
