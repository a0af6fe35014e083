/**
 * The records of a dataset (countries, issues, actors, partnerships, relationships) and the row checks every way
 * in shares: the curated files (seed/), curation edits and imports. Each problem names where it was found and the
 * field. Part of the server's data layer, so that the server and the seed loader both build on it.
 */
import { ENDPOINTS, PARTNERSHIP_KINDS, REL_TYPES, relKey, ROLES, SECTORS } from "../../shared/model.ts";
import type { EntityKind, RelType } from "../../shared/model.ts";

export interface Country {
  id: string;
  /** ISO 3166-1 numeric code (matches world-atlas shapes). */
  ccn3: string;
  name: string;
  region: string;
  subregion: string;
  lat: number;
  lng: number;
}
export interface Issue {
  id: string;
  name: string;
  description: string;
}
export interface Entity {
  kind: EntityKind;
  id: string;
  name: string;
  acronym: string | null;
  aliases: string[];
  sector: string | null;
  roles: string[];
  partnershipKind: string | null;
  country: string | null;
  founded: number | null;
  website: string | null;
  description: string | null;
  issues: string[];
  operatesIn: string[];
  sources: string[];
  /** Page titles of `sources`, in the same order (empty when not recorded). */
  sourceTitles: string[];
  /** Set when the record rests only on secondary pages (news, copies, Wikipedia): which kind. */
  secondary: SecondaryKind | null;
  retrieved: string;
  /** Where the record was read, for messages. */
  at: string;
}
export interface Relationship {
  type: RelType;
  source: string;
  target: string;
  role: string | null;
  since: number | null;
  until: number | null;
  amount: number | null;
  currency: string | null;
  sources: string[];
  /** Page titles of `sources`, in the same order (empty when not recorded). */
  sourceTitles: string[];
  /** Set when the record rests only on secondary pages (news, copies, Wikipedia): which kind. */
  secondary: SecondaryKind | null;
  retrieved: string;
  at: string;
}
export interface Dataset {
  name: string;
  version: string;
  countries: Country[];
  issues: Issue[];
  entities: Entity[];
  relationships: Relationship[];
}

export class DatasetError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `seed: ${problems.length} problem${problems.length === 1 ? "" : "s"} found, nothing was loaded:\n` +
        problems
          .slice(0, 50)
          .map((p) => `  ${p}`)
          .join("\n") +
        (problems.length > 50 ? `\n  … and ${problems.length - 50} more` : ""),
    );
  }
}

const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const YEAR_MIN = 1800;
const YEAR_MAX = new Date().getUTCFullYear() + 1;

export type Raw = Record<string, string | undefined>;

/**
 * Kinds of secondary source a record may rest on when no primary page states the fact (seed/FORMAT.md):
 * a news report, a copy of a document on a third-party site, Wikipedia, or another third party's page.
 */
export const SECONDARY_KINDS = ["news", "copy", "wikipedia", "third-party"] as const;
export type SecondaryKind = (typeof SECONDARY_KINDS)[number];

export function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return (u.protocol === "http:" || u.protocol === "https:") && u.hostname.includes(".");
  } catch {
    return false;
  }
}

const list = (s: string | undefined) =>
  (s ?? "")
    .split("|")
    .map((x) => x.trim())
    .filter(Boolean);
const opt = (s: string | undefined) => (s && s.trim() ? s.trim() : null);

/** Collects field-level checks for one row. */
class RowCheck {
  constructor(
    private readonly where: string,
    private readonly problems: string[],
  ) {}

  fail(field: string, message: string): void {
    this.problems.push(`${this.where}: field '${field}': ${message}`);
  }
  required(row: Raw, field: string): string {
    const v = opt(row[field]);
    if (v === null) this.fail(field, "is empty");
    return v ?? "";
  }
  oneOf(field: string, value: string | null, allowed: readonly string[]): void {
    if (value !== null && !allowed.includes(value)) this.fail(field, `'${value}' is not one of ${allowed.join(", ")}`);
  }
  year(row: Raw, field: string): number | null {
    const v = opt(row[field]);
    if (v === null) return null;
    const n = Number(v);
    if (!/^\d{4}$/.test(v) || n < YEAR_MIN || n > YEAR_MAX) {
      this.fail(field, `'${v}' is not a year between ${YEAR_MIN} and ${YEAR_MAX}`);
      return null;
    }
    return n;
  }
  sources(row: Raw): string[] {
    const urls = list(row.sources);
    if (urls.length === 0) this.fail("sources", "needs at least one URL of a public page that states this fact");
    for (const u of urls) if (!isHttpUrl(u)) this.fail("sources", `'${u}' is not an http(s) URL`);
    return urls;
  }
  /** Page titles of the sources, one per URL in the same order (empty where unknown), or none. */
  sourceTitles(row: Raw, urls: string[]): string[] {
    const titles = (row.source_titles ?? "").trim() ? (row.source_titles ?? "").split("|").map((t) => t.trim()) : [];
    if (titles.length > 0 && titles.length !== urls.length)
      this.fail(
        "source_titles",
        `has ${titles.length} titles for ${urls.length} source URLs (one per URL, '|'-separated)`,
      );
    return titles;
  }
  secondary(row: Raw): SecondaryKind | null {
    const v = opt(row.secondary);
    this.oneOf("secondary", v, SECONDARY_KINDS);
    return v as SecondaryKind | null;
  }
  retrieved(row: Raw): string {
    const v = this.required(row, "retrieved");
    if (v && (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(v))))
      this.fail("retrieved", `'${v}' is not a date YYYY-MM-DD`);
    return v;
  }
}

/** What row checks need to know beyond the row: known countries and issues, and the ids seen so far. */
/** The sources of a row with their titles and its secondary-source marker. */
function sourcesOf(c: RowCheck, row: Raw): Pick<Entity, "sources" | "sourceTitles" | "secondary"> {
  const sources = c.sources(row);
  return { sources, sourceTitles: c.sourceTitles(row, sources), secondary: c.secondary(row) };
}

export interface CheckContext {
  countryIds: Set<string>;
  issueIds: Set<string>;
  /** id → where it was first defined, for duplicate errors. */
  seen: Map<string, string>;
}

/** Validates one actor or partnership row (column names as in seed/FORMAT.md); problems go to `problems`. */
export function checkEntity(kind: EntityKind, row: Raw, at: string, problems: string[], ctx: CheckContext): Entity {
  const c = new RowCheck(at, problems);
  const countryCheck = (field: string, code: string) => {
    if (!ctx.countryIds.has(code)) c.fail(field, `'${code}' is not an ISO 3166-1 alpha-3 country code`);
  };
  const id = c.required(row, "id");
  if (id && !ID.test(id)) c.fail("id", `'${id}' must be a lowercase slug (letters, digits, '-')`);
  if (id && ctx.seen.has(id)) c.fail("id", `duplicate id '${id}', first defined at ${ctx.seen.get(id)}`);
  else if (id) ctx.seen.set(id, at);
  const sector = kind === "Actor" ? c.required(row, "sector") : null;
  c.oneOf("sector", sector || null, SECTORS);
  const roles = kind === "Actor" ? list(row.roles) : [];
  for (const r of roles) c.oneOf("roles", r, ROLES);
  const partnershipKind = kind === "Partnership" ? c.required(row, "kind") : null;
  c.oneOf("kind", partnershipKind || null, PARTNERSHIP_KINDS);
  // Left empty when no source gives it (never guessed).
  const country = opt(row.country);
  if (country) countryCheck("country", country);
  const website = opt(row.website);
  if (website && !isHttpUrl(website)) c.fail("website", `'${website}' is not an http(s) URL`);
  const issuesOf = list(row.issues);
  for (const i of issuesOf) if (!ctx.issueIds.has(i)) c.fail("issues", `'${i}' is not a known issue id`);
  const operatesIn = list(row.operates_in);
  for (const o of operatesIn) countryCheck("operates_in", o);
  return {
    kind,
    id,
    name: c.required(row, "name"),
    acronym: opt(row.acronym),
    aliases: list(row.aliases),
    sector: sector || null,
    roles,
    partnershipKind: partnershipKind || null,
    country,
    founded: c.year(row, "founded"),
    website,
    description: opt(row.description),
    issues: [...new Set(issuesOf)],
    operatesIn: [...new Set(operatesIn)],
    ...sourcesOf(c, row),
    retrieved: c.retrieved(row),
    at,
  };
}

/** The kind and sector of every node id, for relationship checks. */
export type NodeIndex = Map<string, { kind: EntityKind; sector: string | null }>;
export const nodeIndex = (entities: Pick<Entity, "id" | "kind" | "sector">[]): NodeIndex =>
  new Map(entities.map((e) => [e.id, { kind: e.kind, sector: e.sector }]));

/** Validates one relationship row against the nodes it connects; problems go to `problems`. */
export function checkRelationship(row: Raw, at: string, problems: string[], nodes: NodeIndex): Relationship {
  const c = new RowCheck(at, problems);
  const type = c.required(row, "type") as RelType;
  c.oneOf("type", type || null, REL_TYPES);
  const source = c.required(row, "source");
  const target = c.required(row, "target");
  const sk = nodes.get(source)?.kind;
  const tk = nodes.get(target)?.kind;
  if (source && !sk) c.fail("source", `unknown id '${source}'`);
  if (target && !tk) c.fail("target", `unknown id '${target}'`);
  if (source && source === target) c.fail("target", "a relationship cannot point to its own source");
  const rule = ENDPOINTS[type];
  const an = (k: string) => (k === "Actor" ? "an Actor" : "a Partnership");
  if (rule && sk && !rule.from.includes(sk)) c.fail("source", `${type} cannot start from ${an(sk)} ('${source}')`);
  if (rule && tk && !rule.to.includes(tk)) c.fail("target", `${type} cannot point to ${an(tk)} ('${target}')`);
  if (type === "MEMBER_OF" && tk === "Actor" && nodes.get(target)?.sector !== "IGO")
    c.fail("target", `MEMBER_OF can point to an Actor only when it is an IGO ('${target}' is not)`);
  const since = c.year(row, "since");
  const until = c.year(row, "until");
  if (since !== null && until !== null && since > until) c.fail("until", `${until} is before since ${since}`);
  const amountText = opt(row.amount);
  let amount: number | null = null;
  if (amountText !== null) {
    amount = Number(amountText);
    if (!Number.isFinite(amount) || amount < 0) c.fail("amount", `'${amountText}' is not a plain non-negative number`);
    if (type !== "FUNDS") c.fail("amount", "only FUNDS relationships carry an amount");
  }
  const currency = opt(row.currency);
  if (currency !== null && !/^[A-Z]{3}$/.test(currency)) c.fail("currency", `'${currency}' is not an ISO 4217 code`);
  if ((amount === null) !== (currency === null))
    c.fail(amount === null ? "amount" : "currency", "amount and currency go together");
  return {
    type,
    source,
    target,
    role: opt(row.role),
    since,
    until,
    amount,
    currency,
    ...sourcesOf(c, row),
    retrieved: c.retrieved(row),
    at,
  };
}

/**
 * Checks relationship rows and merges the rows that name the same relationship (type and endpoints), as
 * `mergeRelationships` says.
 */
export function checkRelationships(
  rows: { row: Raw; at: string }[],
  problems: string[],
  nodes: NodeIndex,
): Relationship[] {
  const merged = new Map<string, Relationship>();
  for (const { row, at } of rows) {
    const rel = checkRelationship(row, at, problems, nodes);
    const key = relKey(rel.type, rel.source, rel.target);
    const prev = merged.get(key);
    merged.set(key, prev ? mergeRelationships(prev, rel) : rel);
  }
  return [...merged.values()];
}

/**
 * Two rows for the same relationship (same type and endpoints) become one: sources united, the widest period,
 * roles joined; an amount is kept only when one row states it.
 */
export function mergeRelationships(a: Relationship, b: Relationship): Relationship {
  // The earliest known start; an open end on either row keeps the relationship open.
  const minYear = (x: number | null, y: number | null) => (x === null ? y : y === null ? x : Math.min(x, y));
  const untilOf = (x: number | null, y: number | null) => (x === null || y === null ? null : Math.max(x, y));
  const roles = [...new Set([a.role, b.role].filter((r): r is string => !!r))];
  const withAmount = [a, b].filter((r) => r.amount !== null);
  return {
    ...a,
    role: roles.length ? roles.join("; ") : null,
    since: minYear(a.since, b.since),
    until: untilOf(a.until, b.until),
    amount: withAmount.length === 1 ? withAmount[0]!.amount : a.amount === b.amount ? a.amount : null,
    currency: withAmount.length === 1 ? withAmount[0]!.currency : a.amount === b.amount ? a.currency : null,
    ...mergeSources(a, b),
    retrieved: a.retrieved > b.retrieved ? a.retrieved : b.retrieved,
  };
}

/**
 * United sources of two rows, each URL once with its title when either row gives one; the merged relationship is
 * secondary only when both rows are.
 */
function mergeSources(
  a: Pick<Relationship, "sources" | "sourceTitles" | "secondary">,
  b: Pick<Relationship, "sources" | "sourceTitles" | "secondary">,
): Pick<Relationship, "sources" | "sourceTitles" | "secondary"> {
  const titles = new Map<string, string>();
  for (const r of [a, b])
    r.sources.forEach((u, i) => r.sourceTitles[i] && !titles.has(u) && titles.set(u, r.sourceTitles[i]!));
  const sources = [...new Set([...a.sources, ...b.sources])];
  return {
    sources,
    sourceTitles: titles.size === 0 ? [] : sources.map((u) => titles.get(u) ?? ""),
    secondary: a.secondary && b.secondary ? a.secondary : null,
  };
}
