/**
 * Audits the curated dataset beyond its format: the research rules of seed/FORMAT.md ("Audit rules"). Pure: it
 * reads a validated Dataset and the list of secondary-source hosts, and reports what breaks each rule, with where.
 * `npm run seed:check` prints the report; tests/unit/dataset-audit.test.ts holds the files to it.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import type { Dataset, Entity, Relationship, SecondaryKind } from "./dataset.ts";
import { SECONDARY_KINDS } from "./dataset.ts";

/** Hosts whose pages are secondary sources (news, copies of documents, Wikipedia, third-party pages). */
export type SecondaryHosts = Map<string, SecondaryKind>;

export function readSecondaryHosts(dir: string): SecondaryHosts {
  const rows = parse(readFileSync(path.join(dir, "secondary-hosts.csv"), "utf8"), {
    columns: true,
    skip_empty_lines: true,
    trim: true,
  }) as { host: string; kind: string }[];
  const hosts: SecondaryHosts = new Map();
  for (const [i, r] of rows.entries()) {
    if (!SECONDARY_KINDS.includes(r.kind as SecondaryKind))
      throw new Error(`secondary-hosts.csv:${i + 2}: kind '${r.kind}' is not one of ${SECONDARY_KINDS.join(", ")}`);
    hosts.set(r.host.toLowerCase(), r.kind as SecondaryKind);
  }
  return hosts;
}

/** The kind of secondary source a URL is, or null for a primary page. Subdomains count with their host. */
export function secondaryKindOf(url: string, hosts: SecondaryHosts): SecondaryKind | null {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase().replace(/\.$/, "");
  } catch {
    return null;
  }
  for (let h = host; h.includes("."); h = h.slice(h.indexOf(".") + 1)) {
    const kind = hosts.get(h);
    if (kind) return kind;
  }
  return null;
}

/** The host of a URL, lowercased, without a leading "www.", or null when it does not parse. */
function hostOf(url: string): string | null {
  try {
    return new URL(url).hostname
      .toLowerCase()
      .replace(/\.$/, "")
      .replace(/^www\./, "");
  } catch {
    return null;
  }
}

/**
 * The hosts of the organisations' own sites a record may cite as its own pages: the website of the entity itself,
 * or of either end of a relationship. Only a website that is a whole site (no path) counts, so that a page on a
 * shared platform never stands for an organisation's own site.
 */
export function ownHosts(record: Entity | Relationship, entities: Map<string, Entity>): string[] {
  const owners = "type" in record ? [entities.get(record.source), entities.get(record.target)] : [record];
  const hosts: string[] = [];
  for (const e of owners) {
    if (!e?.website) continue;
    try {
      if (new URL(e.website).pathname.replace(/\/+$/, "") !== "") continue;
    } catch {
      continue;
    }
    const host = hostOf(e.website);
    if (host) hosts.push(host);
  }
  return hosts;
}

/**
 * The kind of secondary source a URL is for a record, or null for a primary page: an organisation's own page is
 * primary for its own record and its own relationships even when its host is listed (the list then holds the host
 * for the pages it publishes about others).
 */
export function secondaryKindFor(url: string, own: string[], hosts: SecondaryHosts): SecondaryKind | null {
  const host = hostOf(url);
  if (host && own.some((o) => host === o || host.endsWith(`.${o}`))) return null;
  return secondaryKindOf(url, hosts);
}

/** A rule that fixes an actor's sector from what it is (seed/FORMAT.md, "Sectors"). */
interface SectorRule {
  rule: string;
  sector: string;
  applies: (e: Entity) => boolean;
}

const UNION_NAME =
  /\b(trades? unions?|labou?r unions?|workers'? unions?|union of [\w' ]*workers|trade union (confederation|congress))\b/i;
const UNION_DESCRIPTION =
  /\b(trade union (federation|confederation|platform)|workers'? union|union network|federation of [\w' ]*trade unions)\b/i;

export const SECTOR_RULES: SectorRule[] = [
  {
    rule: "national governments (gov-<iso3>) are Government",
    sector: "Government",
    applies: (e) => /^gov-[a-z]{3}$/.test(e.id),
  },
  {
    rule: "trade unions and their federations are Labour (workers' organisations)",
    sector: "Labour",
    applies: (e) => UNION_NAME.test(e.name) || UNION_DESCRIPTION.test(e.description ?? ""),
  },
  {
    rule:
      "UN offices, programmes, universities and research centres are IGO (a UN trust fund whose role here is " +
      "funding is Funder; UNICEF national committees, UN associations and the UN Foundation are not UN bodies)",
    sector: "IGO",
    applies: (e) =>
      /^(United Nations|UN |UNICEF )/.test(e.name) &&
      !/^United Nations (Association|Foundation)\b/.test(e.name) &&
      !/\bnational committee\b/i.test(e.description ?? "") &&
      !(e.sector === "Funder" && e.roles.includes("Funder")),
  },
  {
    rule:
      "police forces, law-enforcement agencies and law-enforcement training bodies are LawEnforcement " +
      "(an intergovernmental organisation of member states, such as INTERPOL, is IGO)",
    sector: "LawEnforcement",
    applies: (e) =>
      /\b(law enforcement|police)\b/i.test(e.name) &&
      !/^(ministry|minister|department|office of the)/i.test(e.name) &&
      !/\borgani[sz]ation\b/i.test(e.name),
  },
  {
    rule: "universities are Academic (the United Nations University, a UN body, is IGO)",
    sector: "Academic",
    applies: (e) =>
      /\b(universit(y|ies)|universidad|universidade|université|universität)\b/i.test(e.name) &&
      !/^United Nations\b/.test(e.name),
  },
];

/** Names of an executive body (a commission or secretariat) as opposed to the membership organisation itself. */
const EXECUTIVE = /\b(commission|secretariat|general secretariat)\b/i;

export interface Finding {
  rule: string;
  at: string;
  message: string;
}

export interface AuditReport {
  entities: number;
  relationships: number;
  /** Relationships with a start year; with an end year; with neither. */
  dated: { since: number; until: number; undated: number };
  /** Relationships resting only on secondary pages (all marked), by kind, and their share of all relationships. */
  secondary: { relationships: number; share: number; byKind: Record<string, number>; entities: number };
  /** Entities (actors and partnerships) with a headquarters or secretariat country. */
  withCountry: { actors: number; partnerships: number; igoFunderNetworkWithout: number };
  violations: {
    duplicateNames: Finding[];
    sectorRules: Finding[];
    executiveMembership: Finding[];
    unmarkedSecondary: Finding[];
    markedButPrimary: Finding[];
    untied: Finding[];
  };
  /**
   * Not violations by themselves, listed for review: a source page cited for relationships among organisations
   * that are otherwise unconnected (a page about a meeting or a list can rightly state several facts).
   */
  review: { sharedSources: Finding[]; membershipSources: Finding[] };
}

/** Lower-case, accents and punctuation removed, spaces collapsed: how two names are compared. */
export const nameKey = (s: string) =>
  s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();

function duplicateNames(entities: Entity[]): Finding[] {
  const seen = new Map<string, Entity>();
  const out: Finding[] = [];
  for (const e of entities) {
    const names = new Set([e.name, e.acronym ?? "", ...e.aliases].map(nameKey).filter((k) => k.length > 1));
    for (const n of names) {
      const key = `${e.country ?? ""}\u0000${n}`;
      const prev = seen.get(key);
      if (prev && prev.id !== e.id)
        out.push({
          rule: "no two records share a name, acronym or alias within the same country",
          at: e.at,
          message: `'${e.id}' and '${prev.id}' (${prev.at}) are both called '${n}'${e.country ? ` in ${e.country}` : ""}`,
        });
      else seen.set(key, e);
    }
  }
  return out;
}

function sectorRules(entities: Entity[]): Finding[] {
  const out: Finding[] = [];
  for (const e of entities) {
    if (e.kind !== "Actor") continue;
    for (const r of SECTOR_RULES)
      if (r.applies(e) && e.sector !== r.sector)
        out.push({ rule: r.rule, at: e.at, message: `'${e.id}' (${e.name}) is ${e.sector}, not ${r.sector}` });
    if (e.sector === "Labour" && !SECTOR_RULES.find((r) => r.sector === "Labour")!.applies(e))
      out.push({
        rule: "only trade unions and their federations are Labour",
        at: e.at,
        message: `'${e.id}' (${e.name}) is Labour but its name and description do not say it is a trade union`,
      });
  }
  return out;
}

function executiveMembership(entities: Map<string, Entity>, rels: Relationship[]): Finding[] {
  return rels
    .filter((r) => r.type === "MEMBER_OF" && /^gov-/.test(r.source))
    .filter((r) => {
      const t = entities.get(r.target);
      return t?.kind === "Actor" && EXECUTIVE.test(t.name);
    })
    .map((r) => ({
      rule: "states are members of an organisation, not of its executive (a commission or secretariat)",
      at: r.at,
      message: `${r.source} MEMBER_OF ${r.target} (${entities.get(r.target)!.name})`,
    }));
}

function secondaryMarkers(records: (Entity | Relationship)[], entities: Map<string, Entity>, hosts: SecondaryHosts) {
  const unmarked: Finding[] = [];
  const markedButPrimary: Finding[] = [];
  for (const r of records) {
    const label = "type" in r ? `${r.source} ${r.type} ${r.target}` : `'${r.id}'`;
    const own = ownHosts(r, entities);
    const primary = r.sources.filter((u) => secondaryKindFor(u, own, hosts) === null);
    if (primary.length === 0 && !r.secondary)
      unmarked.push({
        rule: "a record resting only on secondary pages carries the secondary marker",
        at: r.at,
        message: `${label} cites only secondary pages (${r.sources.join(" ")}) and is not marked secondary`,
      });
    if (primary.length > 0 && r.secondary)
      markedButPrimary.push({
        rule: "the secondary marker is only for records without a primary page",
        at: r.at,
        message: `${label} is marked secondary but cites ${primary.join(" ")}`,
      });
  }
  return { unmarked, markedButPrimary };
}

function untied(entities: Entity[], rels: Relationship[]): Finding[] {
  const tied = new Set(rels.flatMap((r) => [r.source, r.target]));
  return entities
    .filter((e) => !tied.has(e.id))
    .map((e) => ({ rule: "every actor and partnership has a relationship", at: e.at, message: `'${e.id}' has none` }));
}

/**
 * A source URL cited for relationships among organisations that have nothing to do with each other: the
 * relationships citing it, joined through the ids they name, fall apart into more than one group.
 */
function sharedSources(rels: Relationship[]): Finding[] {
  const byUrl = new Map<string, { ids: string[]; at: string }[]>();
  const add = (url: string, ids: string[], at: string) => {
    const list = byUrl.get(url) ?? [];
    list.push({ ids, at });
    byUrl.set(url, list);
  };
  for (const r of rels) for (const u of r.sources) add(u, [r.source, r.target], r.at);
  const out: Finding[] = [];
  for (const [url, uses] of byUrl) {
    if (uses.length < 2) continue;
    const parent = new Map<string, string>();
    const find = (x: string): string => {
      while (parent.get(x) !== x) x = parent.get(x)!;
      return x;
    };
    for (const u of uses) for (const id of u.ids) if (!parent.has(id)) parent.set(id, id);
    for (const u of uses) for (const id of u.ids.slice(1)) parent.set(find(id), find(u.ids[0]!));
    const groups = new Map<string, string[]>();
    for (const id of parent.keys()) groups.set(find(id), [...(groups.get(find(id)) ?? []), id]);
    if (groups.size > 1)
      out.push({
        rule: "a source page is cited only for facts about organisations it connects",
        at: uses[0]!.at,
        message: `${url} is cited for ${groups.size} unconnected groups: ${[...groups.values()]
          .map((g) => g.slice(0, 4).join(", ") + (g.length > 4 ? "…" : ""))
          .join(" / ")}`,
      });
  }
  return out;
}

/**
 * A source page cited for states' memberships of more than one organisation (the EU's member-country page cited
 * for OSCE participation was one): a member page usually states membership of one organisation only.
 */
function membershipSources(rels: Relationship[]): Finding[] {
  const byUrl = new Map<string, { targets: Set<string>; at: string }>();
  for (const r of rels) {
    if (r.type !== "MEMBER_OF" || !r.source.startsWith("gov-")) continue;
    for (const u of r.sources) {
      const e = byUrl.get(u) ?? { targets: new Set<string>(), at: r.at };
      e.targets.add(r.target);
      byUrl.set(u, e);
    }
  }
  return [...byUrl]
    .filter(([, e]) => e.targets.size > 1)
    .map(([url, e]) => ({
      rule: "a member page is cited for the memberships of the organisation it is about",
      at: e.at,
      message: `${url} is cited for states' memberships of ${[...e.targets].join(", ")}`,
    }));
}

export function auditDataset(ds: Dataset, hosts: SecondaryHosts): AuditReport {
  const entities = new Map(ds.entities.map((e) => [e.id, e]));
  const rels = ds.relationships;
  const relMarkers = secondaryMarkers(rels, entities, hosts);
  const entMarkers = secondaryMarkers(ds.entities, entities, hosts);
  const byKind: Record<string, number> = {};
  for (const r of rels) if (r.secondary) byKind[r.secondary] = (byKind[r.secondary] ?? 0) + 1;
  const secondaryRels = rels.filter((r) => r.secondary).length;
  const actors = ds.entities.filter((e) => e.kind === "Actor");
  const partnerships = ds.entities.filter((e) => e.kind === "Partnership");
  return {
    entities: ds.entities.length,
    relationships: rels.length,
    dated: {
      since: rels.filter((r) => r.since !== null).length,
      until: rels.filter((r) => r.until !== null).length,
      undated: rels.filter((r) => r.since === null && r.until === null).length,
    },
    secondary: {
      relationships: secondaryRels,
      share: rels.length ? secondaryRels / rels.length : 0,
      byKind,
      entities: ds.entities.filter((e) => e.secondary).length,
    },
    withCountry: {
      actors: actors.filter((e) => e.country).length,
      partnerships: partnerships.filter((e) => e.country).length,
      igoFunderNetworkWithout: ds.entities.filter(
        (e) =>
          !e.country &&
          (e.sector === "IGO" || e.sector === "Funder" || e.partnershipKind === "network") &&
          !e.id.startsWith("gov-"),
      ).length,
    },
    violations: {
      duplicateNames: duplicateNames(ds.entities),
      sectorRules: sectorRules(ds.entities),
      executiveMembership: executiveMembership(entities, rels),
      unmarkedSecondary: [...entMarkers.unmarked, ...relMarkers.unmarked],
      markedButPrimary: [...entMarkers.markedButPrimary, ...relMarkers.markedButPrimary],
      untied: untied(ds.entities, rels),
    },
    review: { sharedSources: sharedSources(rels), membershipSources: membershipSources(rels) },
  };
}

/** The report as text, for `npm run seed:check`. */
export function formatAudit(a: AuditReport, limit = 20): string {
  const pct = (n: number, of: number) => (of ? `${((100 * n) / of).toFixed(1)}%` : "0%");
  const lines = [
    `audit: ${a.entities} actors and partnerships, ${a.relationships} relationships`,
    `  relationships with a start year: ${a.dated.since} (${pct(a.dated.since, a.relationships)}); with an end year: ` +
      `${a.dated.until}; with neither: ${a.dated.undated} (${pct(a.dated.undated, a.relationships)})`,
    `  relationships resting only on secondary pages (marked): ${a.secondary.relationships} ` +
      `(${pct(a.secondary.relationships, a.relationships)}; ${
        Object.entries(a.secondary.byKind)
          .map(([k, n]) => `${k} ${n}`)
          .join(", ") || "none"
      }); entity records: ${a.secondary.entities}`,
    `  IGOs, funders and networks without a country: ${a.withCountry.igoFunderNetworkWithout}`,
  ];
  let total = 0;
  for (const [name, findings] of Object.entries(a.violations)) {
    total += findings.length;
    lines.push(`  ${name}: ${findings.length}`);
    for (const f of findings.slice(0, limit)) lines.push(`    ${f.at}: ${f.message}`);
    if (findings.length > limit) lines.push(`    … and ${findings.length - limit} more`);
  }
  const reviews: [string, Finding[]][] = [
    ["sharedSources (one page cited for unconnected relationships)", a.review.sharedSources],
    ["membershipSources (one page cited for memberships of several organisations)", a.review.membershipSources],
  ];
  for (const [name, review] of reviews) {
    lines.push(`  to review, ${name}: ${review.length}`);
    for (const f of review.slice(0, limit)) lines.push(`    ${f.at}: ${f.message}`);
    if (review.length > limit) lines.push(`    … and ${review.length - limit} more`);
  }
  lines.push(`audit: ${total} violation${total === 1 ? "" : "s"}`);
  return lines.join("\n");
}

/** What waits in the review queue (seed/review) for a primary page, and what should not be there. */
export interface ReviewQueue {
  relationships: number;
  entities: number;
  /** A queued tie citing a primary page (it belongs in the dataset), or a queued record no queued tie names. */
  problems: Finding[];
}

/**
 * The review queue, from the dataset read together with it (readDataset(DATA_DIR, REVIEW_DIR)): its records are
 * those read from `folder`.
 */
export function reviewQueue(union: Dataset, folder = "review/"): ReviewQueue {
  const queued = (at: string) => at.startsWith(folder);
  const rels = union.relationships.filter((r) => queued(r.at));
  const entities = union.entities.filter((e) => queued(e.at));
  const named = new Set(rels.flatMap((r) => [r.source, r.target]));
  const problems: Finding[] = [
    ...rels
      .filter((r) => !r.secondary)
      .map((r) => ({
        rule: "review",
        at: r.at,
        message: `${r.source} ${r.type} ${r.target} cites a primary page: it belongs in seed/data`,
      })),
    ...entities
      .filter((e) => !named.has(e.id))
      .map((e) => ({ rule: "review", at: e.at, message: `'${e.id}' waits for no tie: it belongs in seed/data` })),
  ];
  return { relationships: rels.length, entities: entities.length, problems };
}

export function formatReviewQueue(q: ReviewQueue): string {
  const lines = [
    `review: ${q.relationships} relationships and ${q.entities} actors and partnerships wait for a primary page ` +
      `(seed/review, not loaded)`,
    ...q.problems.map((f) => `  ${f.at}: ${f.message}`),
  ];
  return lines.join("\n");
}
