/**
 * Actors, partnerships and relationships as rows for the Cypher that writes them (cypher/seed/*, cypher/import/*):
 * one shape for the seed loader, curation edits and imports.
 */
import { cypherInt } from "./db.ts";
import type { Entity, Relationship } from "./records.ts";

/** The dataset id of the curated data. */
export const CURATED = "curated";
export function entityRow(e: Entity, dataset: string, regionOf: Map<string, { region: string; subregion: string }>) {
  const place = e.country ? regionOf.get(e.country) : undefined;
  return {
    id: e.id,
    kind: e.kind,
    roles: e.roles,
    country: e.country,
    operatesIn: e.operatesIn,
    issues: e.issues,
    props: {
      id: e.id,
      name: e.name,
      acronym: e.acronym,
      aliases: e.aliases,
      aliasText: e.aliases.join(" | "),
      sector: e.sector,
      kind: e.partnershipKind,
      country: e.country,
      region: place?.region ?? null,
      subregion: place?.subregion ?? null,
      founded: cypherInt(e.founded),
      website: e.website,
      description: e.description,
      issues: e.issues,
      operatesIn: e.operatesIn,
      sources: e.sources,
      sourceTitles: e.sourceTitles,
      secondary: e.secondary,
      retrieved: e.retrieved,
      dataset,
    },
  };
}

export function relationshipRow(r: Relationship, dataset: string) {
  return {
    type: r.type,
    source: r.source,
    target: r.target,
    props: {
      role: r.role,
      since: cypherInt(r.since),
      until: cypherInt(r.until),
      amount: r.amount,
      currency: r.currency,
      sources: r.sources,
      sourceTitles: r.sourceTitles,
      secondary: r.secondary,
      retrieved: r.retrieved,
      dataset,
    },
  };
}
