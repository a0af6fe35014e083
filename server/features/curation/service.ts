/**
 * Curation: editors add, edit and delete actors, partnerships and relationships. Every change is validated by the
 * same row checks as the curated dataset's files (seed/dataset.ts), needs a source URL for what it adds, and is
 * written in one transaction together with its change record: who, when, and the full state before and after.
 * A change can be reverted while nothing has changed the same element since; a revert is itself a change.
 */
import { randomUUID } from "node:crypto";
import type { Principal } from "../../core/auth.ts";
import type { DataVersion } from "../../core/data-version.ts";
import type { Database, Tx } from "../../core/db.ts";
import { ApiError, notFound } from "../../core/errors.ts";
import { relKey, type EntityKind } from "../../core/model.ts";
import {
  checkEntity,
  checkRelationship,
  nodeIndex,
  type CheckContext,
  type Entity,
  type NodeIndex,
  type Raw,
} from "../../core/records.ts";
import { CURATED, entityRow, relationshipRow } from "../../core/rows.ts";
import { canonical } from "./canonical.ts";
import { changedFields, type FieldChange } from "./diff.ts";

type Props = Record<string, unknown>;

/** The full state of an entity: what a delete removes and a revert puts back. */
export type EntitySnapshot = {
  labels: string[];
  props: Props;
  relationships: RelSnapshot[];
};
export type RelSnapshot = {
  type: string;
  source: string;
  target: string;
  props: Props;
};

export type ChangeRecord = {
  id: string;
  at: string;
  user: string;
  role?: string;
  action: string;
  target: string;
  dataset: string;
  before: unknown;
  after: unknown;
  /** Each field the change changed, with its value before and after. */
  fields: FieldChange[];
  revertOf?: string | null;
  revertedBy?: string | null;
  note?: string | null;
};

/** Reference data the row checks need (country codes with their regions, issue ids), read in the caller's transaction. */
export async function reference(
  tx: Tx,
): Promise<{ ctx: CheckContext; place: Map<string, { region: string; subregion: string }> }> {
  const [row] = await tx.run<{ countries: { id: string; region: string; subregion: string }[]; issues: string[] }>(
    "curation/reference",
  );
  const countries = row?.countries ?? [];
  return {
    ctx: { countryIds: new Set(countries.map((c) => c.id)), issueIds: new Set(row?.issues ?? []), seen: new Map() },
    place: new Map(countries.map((c) => [c.id, c])),
  };
}

/** Turns the first row-check problem into a 400 that names the body field. */
function failOn(problems: string[]): void {
  if (problems.length === 0) return;
  const first = problems[0]!;
  const m = /field '([^']+)': (.*)$/.exec(first);
  const field = m ? (FIELD_OF_COLUMN[m[1]!] ?? m[1]!) : "(body)";
  throw new ApiError(400, "invalid_field", `body field '${field}': ${m ? m[2] : first}`, {
    field,
    problems: problems.map((p) => p.replace(/^[^:]*: /, "")),
  });
}

/** Dataset-file column names and the API's body field names, where they differ. */
const FIELD_OF_COLUMN: Record<string, string> = { operates_in: "operatesIn", kind: "partnershipKind" };

const join = (v: unknown) => (Array.isArray(v) ? v.join("|") : v === null || v === undefined ? "" : String(v));
const today = () => new Date().toISOString().slice(0, 10);

/** An entity's stored properties as a dataset row (the shape the row checks read). */
export function rowOfProps(p: Props): Raw {
  return {
    id: join(p.id),
    name: join(p.name),
    acronym: join(p.acronym),
    aliases: join(p.aliases),
    sector: join(p.sector),
    roles: join(p.roles),
    kind: join(p.kind),
    country: join(p.country),
    founded: join(p.founded),
    website: join(p.website),
    description: join(p.description),
    issues: join(p.issues),
    operates_in: join(p.operatesIn),
    sources: join(p.sources),
    retrieved: join(p.retrieved),
  };
}

export interface EntityInput {
  id?: string;
  kind?: EntityKind;
  name?: string;
  acronym?: string | null;
  aliases?: string[];
  sector?: string | null;
  roles?: string[];
  partnershipKind?: string | null;
  country?: string | null;
  founded?: number | null;
  website?: string | null;
  description?: string | null;
  issues?: string[];
  operatesIn?: string[];
  sources: string[];
  retrieved?: string;
  dataset?: string;
}

/** Applies the fields present in `input` over a dataset row. */
function overlay(row: Raw, input: Partial<EntityInput>): Raw {
  const out = { ...row };
  const set = (col: string, v: unknown) => {
    if (v !== undefined) out[col] = join(v);
  };
  set("name", input.name);
  set("acronym", input.acronym);
  set("aliases", input.aliases);
  set("sector", input.sector);
  set("roles", input.roles);
  set("kind", input.partnershipKind);
  set("country", input.country);
  set("founded", input.founded);
  set("website", input.website);
  set("description", input.description);
  set("issues", input.issues);
  set("operates_in", input.operatesIn);
  set("retrieved", input.retrieved ?? today());
  return out;
}

const slugOf = (name: string) =>
  name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60) || "entity";

export interface ChangeInput {
  action: string;
  target: string;
  dataset: string;
  /** The element's state before and after the change (null: it did not exist); stored as JSON. */
  before: unknown;
  after: unknown;
  revertOf?: string;
  note?: string;
}

/** Writes one change record (who, when, what, the state before and after) in the caller's transaction. */
export async function writeChange(tx: Tx, who: Principal, change: ChangeInput): Promise<{ id: string; at: string }> {
  const id = randomUUID();
  const [row] = await tx.run<{ id: string; at: string }>("curation/change-record", {
    id,
    user: who.user,
    role: who.role,
    action: change.action,
    target: change.target,
    dataset: change.dataset,
    before: change.before === null ? null : JSON.stringify(change.before),
    after: change.after === null ? null : JSON.stringify(change.after),
    revertOf: change.revertOf ?? null,
    note: change.note ?? null,
  });
  return { id, at: row!.at };
}

export class Curation {
  constructor(
    private readonly db: Database,
    private readonly version: DataVersion,
  ) {}

  private async record(tx: Tx, who: Principal, change: ChangeInput): Promise<ChangeRecord> {
    const { id, at } = await writeChange(tx, who, change);
    await tx.run("curation/touch-dataset", { dataset: change.dataset });
    return { id, at, user: who.user, ...change, fields: changedFields(change.before, change.after) };
  }

  private async snapshot(tx: Tx, id: string): Promise<EntitySnapshot | null> {
    const [row] = await tx.run<EntitySnapshot>("curation/entity-snapshot", { id });
    if (!row) return null;
    row.labels.sort();
    row.relationships.sort((a, b) =>
      relKey(a.type, a.source, a.target).localeCompare(relKey(b.type, b.source, b.target)),
    );
    return row;
  }

  private async writeEntity(
    tx: Tx,
    e: Entity,
    dataset: string,
    place: Map<string, { region: string; subregion: string }>,
  ) {
    await tx.run("curation/entity-clear-facets", { id: e.id });
    await tx.run("seed/entities", { rows: [entityRow(e, dataset, place)] });
  }

  /** Puts an entity back exactly as a snapshot recorded it (properties, labels, facets, relationships). */
  private async restore(tx: Tx, snap: EntitySnapshot): Promise<void> {
    const p = snap.props;
    const id = String(p.id);
    await tx.run("curation/entity-clear-facets", { id });
    await tx.run("seed/entities", {
      rows: [
        {
          id,
          kind: snap.labels.includes("Partnership") ? "Partnership" : "Actor",
          roles: snap.labels.filter((l) => l !== "Actor" && l !== "Partnership"),
          country: p.country ?? null,
          operatesIn: p.operatesIn ?? [],
          issues: p.issues ?? [],
          props: p,
        },
      ],
    });
    await tx.run("seed/relationships", { rows: snap.relationships });
  }

  private async finish<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    const out = await this.db.write(work);
    this.version.invalidate();
    return out;
  }

  async createEntity(who: Principal, input: EntityInput) {
    return this.finish((tx) => this.createEntityIn(tx, who, input));
  }

  /** createEntity in the caller's transaction (a change set applies many changes in one). */
  async createEntityIn(tx: Tx, who: Principal, input: EntityInput, note?: string) {
    const { ctx, place } = await reference(tx);
    const id = input.id ?? slugOf(input.name ?? "");
    if ((await this.snapshot(tx, id)) !== null)
      throw new ApiError(409, "id_taken", `body field 'id': an actor or partnership with id '${id}' already exists`, {
        field: "id",
      });
    const problems: string[] = [];
    const row = overlay({ id, sources: join(input.sources) }, input);
    const entity = checkEntity(input.kind ?? "Actor", row, "body", problems, ctx);
    failOn(problems);
    const dataset = input.dataset ?? CURATED;
    await this.writeEntity(tx, entity, dataset, place);
    const after = await this.snapshot(tx, id);
    const change = await this.record(tx, who, {
      action: "create-entity",
      target: id,
      dataset,
      before: null,
      after,
      note,
    });
    return { entity: after, change };
  }

  async updateEntity(who: Principal, id: string, input: Partial<EntityInput> & { sources: string[] }) {
    return this.finish((tx) => this.updateEntityIn(tx, who, id, input));
  }

  /** updateEntity in the caller's transaction (a change set applies many changes in one). */
  async updateEntityIn(
    tx: Tx,
    who: Principal,
    id: string,
    input: Partial<EntityInput> & { sources: string[] },
    note?: string,
  ) {
    const before = await this.snapshot(tx, id);
    if (!before) throw notFound(`no actor or partnership with id '${id}'`);
    const kind: EntityKind = before.labels.includes("Partnership") ? "Partnership" : "Actor";
    if (input.kind && input.kind !== kind)
      throw new ApiError(400, "invalid_field", `body field 'kind': '${id}' is a ${kind}; its kind cannot change`, {
        field: "kind",
      });
    const { ctx, place } = await reference(tx);
    const row = overlay(rowOfProps(before.props), input);
    // New facts bring their sources; the sources of the facts already there stay.
    row.sources = [...new Set([...(before.props.sources as string[]), ...input.sources])].join("|");
    const problems: string[] = [];
    if (input.sources.length === 0)
      problems.push("body: field 'sources': an edit needs the URL of a page that states it");
    const entity = checkEntity(kind, row, "body", problems, ctx);
    if (input.roles === undefined) entity.roles = before.labels.filter((l) => l !== kind);
    failOn(problems);
    const dataset = String(before.props.dataset ?? CURATED);
    await this.writeEntity(tx, entity, dataset, place);
    const after = await this.snapshot(tx, id);
    const change = await this.record(tx, who, { action: "update-entity", target: id, dataset, before, after, note });
    return { entity: after, change };
  }

  async deleteEntity(who: Principal, id: string, note?: string) {
    return this.finish((tx) => this.deleteEntityIn(tx, who, id, note));
  }

  /** deleteEntity in the caller's transaction (a change set applies many changes in one). */
  async deleteEntityIn(tx: Tx, who: Principal, id: string, note?: string) {
    const before = await this.snapshot(tx, id);
    if (!before) throw notFound(`no actor or partnership with id '${id}'`);
    await tx.run("curation/entity-delete", { id });
    const dataset = String(before.props.dataset ?? CURATED);
    const change = await this.record(tx, who, {
      action: "delete-entity",
      target: id,
      dataset,
      before,
      after: null,
      note,
    });
    return { change };
  }

  private async endpoints(tx: Tx, ids: string[]): Promise<{ nodes: NodeIndex; datasetOf: Map<string, string> }> {
    const rows = await tx.run<{ id: string; kind: EntityKind; sector: string | null; dataset: string }>(
      "curation/nodes-kind",
      { ids },
    );
    return { nodes: nodeIndex(rows), datasetOf: new Map(rows.map((r) => [r.id, r.dataset])) };
  }

  async createRelationship(who: Principal, input: RelationshipInput) {
    return this.finish((tx) => this.createRelationshipIn(tx, who, input));
  }

  /** createRelationship in the caller's transaction (a change set applies many changes in one). */
  async createRelationshipIn(tx: Tx, who: Principal, input: RelationshipInput, note?: string) {
    const { nodes, datasetOf } = await this.endpoints(tx, [input.source, input.target]);
    const problems: string[] = [];
    const rel = checkRelationship(relRow(input), "body", problems, nodes);
    failOn(problems);
    const key = relKey(rel.type, rel.source, rel.target);
    const existing = await this.relSnapshot(tx, rel);
    if (existing)
      throw new ApiError(
        409,
        "relationship_exists",
        `a ${rel.type} relationship from '${rel.source}' to '${rel.target}' already exists; edit it instead`,
      );
    const dataset = input.dataset ?? datasetOf.get(rel.source) ?? CURATED;
    await tx.run("seed/relationships", { rows: [relationshipRow(rel, dataset)] });
    const after = await this.relSnapshot(tx, rel);
    const change = await this.record(tx, who, {
      action: "create-relationship",
      target: key,
      dataset,
      before: null,
      after,
      note,
    });
    return { relationship: after, change };
  }

  private async relSnapshot(tx: Tx, r: { type: string; source: string; target: string }): Promise<RelSnapshot | null> {
    const [row] = await tx.run<{ props: Props }>("curation/relationship-snapshot", r);
    return row ? { type: r.type, source: r.source, target: r.target, props: row.props } : null;
  }

  async updateRelationship(who: Principal, input: RelationshipInput) {
    return this.finish((tx) => this.updateRelationshipIn(tx, who, input));
  }

  /** updateRelationship in the caller's transaction (a change set applies many changes in one). */
  async updateRelationshipIn(tx: Tx, who: Principal, input: RelationshipInput, note?: string) {
    const before = await this.relSnapshot(tx, input);
    if (!before) throw notFound(`no ${input.type} relationship from '${input.source}' to '${input.target}'`);
    const { nodes } = await this.endpoints(tx, [input.source, input.target]);
    const problems: string[] = [];
    const merged: RelationshipInput = {
      ...propsToRelInput(before),
      ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)),
      sources: [...new Set([...((before.props.sources as string[]) ?? []), ...input.sources])],
    } as RelationshipInput;
    const rel = checkRelationship(relRow(merged), "body", problems, nodes);
    failOn(problems);
    const dataset = String(before.props.dataset ?? CURATED);
    await tx.run("seed/relationships", { rows: [relationshipRow(rel, dataset)] });
    const after = await this.relSnapshot(tx, rel);
    const key = relKey(rel.type, rel.source, rel.target);
    const change = await this.record(tx, who, {
      action: "update-relationship",
      target: key,
      dataset,
      before,
      after,
      note,
    });
    return { relationship: after, change };
  }

  async deleteRelationship(who: Principal, r: { type: string; source: string; target: string }, note?: string) {
    return this.finish((tx) => this.deleteRelationshipIn(tx, who, r, note));
  }

  /** deleteRelationship in the caller's transaction (a change set applies many changes in one). */
  async deleteRelationshipIn(
    tx: Tx,
    who: Principal,
    r: { type: string; source: string; target: string },
    note?: string,
  ) {
    const before = await this.relSnapshot(tx, r);
    if (!before) throw notFound(`no ${r.type} relationship from '${r.source}' to '${r.target}'`);
    await tx.run("curation/relationship-delete", r);
    const dataset = String(before.props.dataset ?? CURATED);
    const change = await this.record(tx, who, {
      action: "delete-relationship",
      target: relKey(r.type, r.source, r.target),
      dataset,
      before,
      after: null,
      note,
    });
    return { change };
  }

  /** One page of the history, and how many changes it holds. */
  async changes(opts: {
    target?: string;
    skip: number;
    limit: number;
  }): Promise<{ total: number; changes: ChangeRecord[] }> {
    const [page] = await this.db.readRows<{
      total: number;
      changes: Omit<ChangeRecord, "fields">[];
    }>("curation/changes", { target: opts.target ?? null, skip: opts.skip, limit: opts.limit });
    return { total: page?.total ?? 0, changes: (page?.changes ?? []).map(parseChange) };
  }

  /**
   * Reverts one change: the element goes back to its state before it. Refused (409) when the element has changed
   * since (revert the later change first) or the change was already reverted.
   */
  async revert(who: Principal, changeId: string) {
    return this.finish(async (tx) => {
      const [raw] = await tx.run<Omit<ChangeRecord, "fields">>("curation/change-get", {
        id: changeId,
      });
      if (!raw) throw notFound(`no change with id '${changeId}'`);
      const change = parseChange(raw);
      if (change.revertedBy)
        throw new ApiError(
          409,
          "already_reverted",
          `change '${changeId}' was already reverted by change '${change.revertedBy}'`,
        );
      if (change.action === "import")
        throw new ApiError(
          409,
          "not_revertible",
          "an import is undone by deleting its dataset (DELETE /api/datasets/:id)",
        );
      const isEntity = change.action.endsWith("-entity");
      const before = change.before as (EntitySnapshot & RelSnapshot) | null;
      const after = change.after as (EntitySnapshot & RelSnapshot) | null;
      const ref = (before ?? after)!;
      const current: unknown = isEntity ? await this.snapshot(tx, change.target) : await this.relSnapshot(tx, ref);
      if (!sameState(current, after))
        throw new ApiError(
          409,
          "changed_since",
          `'${change.target}' has changed since change '${changeId}'; revert the later changes first`,
        );
      if (isEntity) {
        if (current) await tx.run("curation/entity-delete", { id: change.target });
        if (before) await this.restore(tx, before);
      } else {
        if (current)
          await tx.run("curation/relationship-delete", { type: ref.type, source: ref.source, target: ref.target });
        if (before) await tx.run("seed/relationships", { rows: [before] });
      }
      const now = isEntity ? await this.snapshot(tx, change.target) : await this.relSnapshot(tx, ref);
      const record = await this.record(tx, who, {
        action: `revert-${change.action}`,
        target: change.target,
        dataset: change.dataset,
        before: current,
        after: now,
        revertOf: changeId,
      });
      await tx.run("curation/change-mark-reverted", { id: changeId, by: record.id });
      return { change: record };
    });
  }
}

export interface RelationshipInput {
  type: string;
  source: string;
  target: string;
  role?: string | null;
  since?: number | null;
  until?: number | null;
  amount?: number | null;
  currency?: string | null;
  sources: string[];
  retrieved?: string;
  dataset?: string;
}

function relRow(r: RelationshipInput): Raw {
  return {
    type: r.type,
    source: r.source,
    target: r.target,
    role: join(r.role),
    since: join(r.since),
    until: join(r.until),
    amount: join(r.amount),
    currency: join(r.currency),
    sources: join(r.sources),
    retrieved: r.retrieved ?? today(),
  };
}

function propsToRelInput(r: RelSnapshot): RelationshipInput {
  const p = r.props;
  return {
    type: r.type,
    source: r.source,
    target: r.target,
    role: (p.role as string) ?? null,
    since: (p.since as number) ?? null,
    until: (p.until as number) ?? null,
    amount: (p.amount as number) ?? null,
    currency: (p.currency as string) ?? null,
    sources: (p.sources as string[]) ?? [],
  };
}

function parseChange(r: Omit<ChangeRecord, "fields">): ChangeRecord {
  const parse = (v: unknown) => (typeof v === "string" ? (JSON.parse(v) as unknown) : (v ?? null));
  const before = parse(r.before);
  const after = parse(r.after);
  return { ...r, before, after, fields: changedFields(before, after) };
}

/** Whether two snapshots describe the same state (key order and relationship order aside). */
export function sameState(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}
