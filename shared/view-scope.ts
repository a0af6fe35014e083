/**
 * What the explorer narrows beyond the scope — an ego focus, a minimum number of ties, an explicit set of nodes (a
 * shown path, a query's result) — as API parameters, and a whole view described in words for people ("NGO ·
 * South-Eastern Asia · 2010–2020 · 2 steps around UNODC"). The API reads the same parameters as the view's URL
 * (`focus=id:depth`, `min`), so analyses and exports follow exactly what is on screen. Pure: no Node or DOM.
 */
import { scopeQuery, type Filters } from "./filters.ts";
import { REL_LABELS, SECTOR_LABELS } from "./palette.ts";

/** `focus=<id>:<depth>`: the ego network of an actor or partnership, 1 to 3 steps out. */
export const FOCUS_PATTERN = /^([a-z0-9][a-z0-9-]*):([1-3])$/;
/** An actor's or partnership's id. */
export const NODE_ID_PATTERN = /^[a-z0-9][a-z0-9-]*$/;
/** Most node ids one request names (a path or a query's result; a URL stays well under servers' limits). */
export const MAX_VIEW_NODES = 400;

/** The narrowing a view adds to its scope. */
export interface ViewNarrowing {
  focus?: { id: string; depth: number };
  minDegree: number;
  /** Only these nodes (a shown path or a query's result); undefined = no such restriction. */
  nodes?: string[];
}

/** The API query string (no leading `?`) for a view's filters and, when given, the nodes it shows. */
export function viewQuery(f: Filters, nodes?: Iterable<string> | null): string {
  const p = new URLSearchParams(scopeQuery(f));
  if (f.focus) p.set("focus", `${f.focus.id}:${f.focus.depth}`);
  if (f.minDegree > 0) p.set("min", String(f.minDegree));
  const ids = nodes ? [...nodes] : [];
  if (ids.length) p.set("node", ids.join(","));
  return p.toString().replace(/%2C/g, ",").replace(/%3A/g, ":");
}

const years = (f: { from?: number; to?: number }) =>
  f.from !== undefined && f.to !== undefined
    ? f.from === f.to
      ? String(f.from)
      : `${f.from}–${f.to}`
    : f.from !== undefined
      ? `from ${f.from}`
      : f.to !== undefined
        ? `until ${f.to}`
        : "";

/**
 * A view in words, its parts joined by " · ". `name` gives an actor's display name for an id (the id itself when
 * unknown); `nodes` is the number of nodes of a shown path or query result.
 */
export function describeView(
  f: Filters,
  name: (id: string) => string = (id) => id,
  extra: { nodes?: number; countryName?: (code: string) => string } = {},
): string {
  const parts: string[] = [];
  if (f.sectors.length)
    parts.push(f.sectors.map((s) => SECTOR_LABELS[s as keyof typeof SECTOR_LABELS] ?? s).join(", "));
  if (f.regions.length) parts.push(f.regions.join(", "));
  if (f.countries.length) parts.push(f.countries.map(extra.countryName ?? ((c) => c)).join(", "));
  if (f.issues.length) parts.push(f.issues.map((i) => i.replace(/-/g, " ")).join(", "));
  if (f.datasets.length) parts.push(`dataset ${f.datasets.join(", ")}`);
  if (f.relTypes.length)
    parts.push(`${f.relTypes.map((t) => REL_LABELS[t as keyof typeof REL_LABELS] ?? t).join(", ")} ties`);
  const span = years(f);
  if (span) parts.push(span);
  if (f.focus) parts.push(`${f.focus.depth} step${f.focus.depth > 1 ? "s" : ""} around ${name(f.focus.id)}`);
  if (f.minDegree > 0) parts.push(`at least ${f.minDegree} tie${f.minDegree > 1 ? "s" : ""} each`);
  if (extra.nodes !== undefined) parts.push(`the ${extra.nodes} node${extra.nodes === 1 ? "" : "s"} highlighted`);
  return parts.length ? parts.join(" · ") : "the whole network";
}
