/**
 * Change sets: a network exported from here (GEXF or GraphML), edited elsewhere (Gephi) and uploaded again, read as
 * changes to the curated data. Proposing compares the file with the curated data by id and answers the changes
 * (actors, partnerships and relationships added, removed, or with fields changed, each field before and after)
 * without writing anything. Applying writes the changes the editor kept, each through curation's own write path
 * (so each lands in the change history with its author, its sources and a note naming the file), all in one write
 * transaction: either every kept change is written or none is. A change set proposed before the data changed is
 * refused (409): the editor proposes it again and reviews what it now means.
 *
 * Every change brings its sources: an added element needs at least one source URL, and an element whose fields
 * changed needs a source URL it did not have before (the page that states the change). A change without one is
 * refused with the element and the field named. Removals need none: the history keeps what was removed. Elements
 * of other datasets in the file (an export of the whole network includes imports) are left out and counted.
 */
import { CHANGE_ACTIONS } from "../../../shared/api.ts";
import type { Principal } from "../../core/auth.ts";
import { dataVersionIn, type DataVersion } from "../../core/data-version.ts";
import type { Database, Tx } from "../../core/db.ts";
import { ApiError } from "../../core/errors.ts";
import { relKey } from "../../core/model.ts";
import { checkEntity, nodeIndex, type Entity, type Relationship } from "../../core/records.ts";
import { CURATED } from "../../core/rows.ts";
import { ImportError } from "../import/parse.ts";
import { checkRows, outsideIds, parseRequest, prepareRows, type ImportRequest } from "../import/service.ts";
import { canonical } from "./canonical.ts";
import type { FieldChange } from "./diff.ts";
import { Curation, reference, rowOfProps, type EntityInput, type RelationshipInput } from "./service.ts";

export type ChangeAction = (typeof CHANGE_ACTIONS)[number];

/** One proposed change: what it does to which element, field by field, and the sources it brings. */
export interface ProposedChange {
  /** `<action>:<target>`, what the editor selects when applying. */
  id: string;
  action: ChangeAction;
  /** The entity id, or the relationship key `<source>-<TYPE>-><target>`. */
  target: string;
  /** Where the element is in the file (null for a removal: the file no longer holds it). */
  element: string | null;
  fields: FieldChange[];
  /** The source URLs the change brings (none for a removal). */
  sources: string[];
}

export interface ChangeSetFile {
  name: string;
  format: "gexf" | "graphml";
  bytes: Uint8Array;
}

type Props = Record<string, unknown>;

/** How long applying a change set may take: it compares the whole curated data and writes each change. */
const WRITE_TIMEOUT_MS = 300_000;

/** The fields of an actor or partnership and of a relationship that a change set compares. */
const ENTITY_FIELDS = [
  "name",
  "acronym",
  "aliases",
  "sector",
  "roles",
  "partnershipKind",
  "country",
  "founded",
  "website",
  "description",
  "issues",
  "operatesIn",
] as const satisfies readonly (keyof Entity)[];
const REL_FIELDS = ["role", "since", "until", "amount", "currency"] as const satisfies readonly (keyof Relationship)[];
/** Fields whose order carries no meaning. */
const SETS = new Set<string>(["roles", "issues", "operatesIn"]);

const empty = (v: unknown) => v === null || v === undefined || v === "" || (Array.isArray(v) && v.length === 0);
const norm = (field: string, v: unknown) =>
  empty(v) ? null : SETS.has(field) && Array.isArray(v) ? [...(v as string[])].sort() : v;

/** Each field whose value differs between the stored element and the file's (null where a side has none). */
function diffFields<T extends object>(fields: readonly (keyof T & string)[], before: T | null, after: T | null) {
  const out: FieldChange[] = [];
  for (const f of fields) {
    const b = norm(f, before?.[f]);
    const a = norm(f, after?.[f]);
    if (canonical(b) !== canonical(a)) out.push({ field: f, before: b, after: a });
  }
  return out;
}

/**
 * The changes between the file's elements of one kind and the stored ones, by key: added, updated (the fields that
 * differ, then the sources), removed. A changed element must bring a source it did not have; each one that does not
 * is a problem naming it and its fields, as is what `check` finds wrong with an update.
 */
function diffElements<B extends { sources: string[] }, F extends B>(
  kind: "entity" | "relationship",
  fields: readonly (keyof B & string)[],
  inFile: Map<string, F>,
  stored: Map<string, B>,
  at: (element: F) => string,
  changes: ProposedChange[],
  problems: string[],
  check: (element: F, before: B) => string | null = () => null,
): void {
  for (const [key, element] of inFile) {
    const before = stored.get(key);
    if (!before) {
      const change = { action: `add-${kind}`, fields: diffFields(fields, null, element), sources: element.sources };
      changes.push({ id: `add-${kind}:${key}`, target: key, element: at(element), ...change } as ProposedChange);
      continue;
    }
    const changed = diffFields(fields, before, element);
    const fresh = element.sources.filter((u) => !before.sources.includes(u));
    if (changed.length > 0 && fresh.length === 0) problems.push(unsourced(at(element), changed));
    if (changed.length === 0 && fresh.length === 0) continue;
    const wrong = check(element, before);
    if (wrong) problems.push(wrong);
    changed.push({ field: "sources", before: before.sources, after: [...new Set([...before.sources, ...fresh])] });
    const change = { action: `update-${kind}`, fields: changed, sources: fresh };
    changes.push({ id: `update-${kind}:${key}`, target: key, element: at(element), ...change } as ProposedChange);
  }
  for (const [key, before] of stored) {
    if (inFile.has(key)) continue;
    const change = { action: `remove-${kind}`, fields: diffFields(fields, before, null), sources: [] };
    changes.push({ id: `remove-${kind}:${key}`, target: key, element: null, ...change } as ProposedChange);
  }
}

const text = (v: unknown) => (empty(v) ? null : String(v).trim());
const num = (v: unknown) => (empty(v) ? null : Number(v));

/** A stored actor or partnership in the shape the row checks give a file's node. */
function storedEntity(labels: string[], props: Props, ctx: Parameters<typeof checkEntity>[4]): Entity {
  const kind = labels.includes("Partnership") ? "Partnership" : "Actor";
  const e = checkEntity(kind, rowOfProps(props), `stored '${String(props.id)}'`, [], { ...ctx, seen: new Map() });
  e.roles = labels.filter((l) => l !== "Actor" && l !== "Partnership");
  return e;
}

/** A stored relationship in the shape the row checks give a file's edge. */
function storedRelationship(r: { type: string; source: string; target: string; props: Props }) {
  const p = r.props;
  return {
    type: r.type,
    source: r.source,
    target: r.target,
    role: text(p.role),
    since: num(p.since),
    until: num(p.until),
    amount: num(p.amount),
    currency: text(p.currency),
    sources: ((p.sources as string[] | null) ?? []).map(String),
  };
}

/** The problem of a changed element that names no new source. */
const unsourced = (at: string, fields: FieldChange[]) =>
  `${at}: field 'sources': changes ${fields.map((f) => `'${f.field}'`).join(", ")} without a new source; add the URL of a page that states the change to 'sources'`;

type NodeRow = { id: string; kind: "Actor" | "Partnership"; sector: string | null; dataset: string };
interface Parsed {
  req: ImportRequest;
  parsed: ReturnType<typeof parseRequest>;
  renamed: Map<string, string>;
}
interface Stored {
  ctx: Awaited<ReturnType<typeof reference>>["ctx"];
  /** The actors outside the file that its ties point at. */
  outside: NodeRow[];
  /** The file's actors and partnerships that another dataset holds. */
  held: NodeRow[];
  /** The file's relationships (keys) that another dataset holds. */
  heldRelationships: Set<string>;
  entities: { labels: string[]; props: Props }[];
  relationships: { type: string; source: string; target: string; props: Props }[];
}

interface Compared {
  changes: ProposedChange[];
  entities: Map<string, Entity>;
  relationships: Map<string, Relationship>;
  /** The stored relationships, by key (what a removal names). */
  stored: Map<string, { type: string; source: string; target: string }>;
  /** How many of the file's elements belong to other datasets (left out). */
  otherDatasets: { entities: number; relationships: number };
}

export class ChangeSets {
  private readonly curation: Curation;

  constructor(
    private readonly db: Database,
    private readonly version: DataVersion,
  ) {
    this.curation = new Curation(db, version);
  }

  /** Reads the file into rows (before any transaction: parsing a large file takes a while). */
  private parse(file: ChangeSetFile): Parsed {
    const req: ImportRequest = {
      dataset: CURATED,
      format: file.format,
      files: [{ name: file.name, bytes: file.bytes }],
    };
    const parsed = parseRequest(req);
    return { req, parsed, renamed: prepareRows(req, parsed) };
  }

  /** What the comparison needs from the database, read in the caller's transaction. */
  private async read(tx: Tx, { parsed }: Parsed): Promise<Stored> {
    const { ctx } = await reference(tx);
    const outside = await tx.run<NodeRow>("curation/nodes-kind", { ids: outsideIds(parsed) });
    const ids = parsed.nodes.map(({ row }) => row.id).filter((id): id is string => !!id);
    const known = await tx.run<NodeRow>("curation/nodes-kind", { ids });
    const entities = await tx.run<{ labels: string[]; props: Props }>("curation/changeset-entities", {
      dataset: CURATED,
    });
    const relationships = await tx.run<{ type: string; source: string; target: string; props: Props }>(
      "curation/changeset-relationships",
      { dataset: CURATED },
    );
    const rows = parsed.edges.map(({ row }) => ({
      type: row.type ?? "",
      source: row.source ?? "",
      target: row.target ?? "",
    }));
    const heldRelationships = await tx.run<{ type: string; source: string; target: string }>(
      "import/taken-relationships",
      { dataset: CURATED, rows },
    );
    return {
      ctx,
      outside,
      held: known.filter((r) => r.dataset !== CURATED),
      heldRelationships: new Set(heldRelationships.map((r) => relKey(r.type, r.source, r.target))),
      entities,
      relationships,
    };
  }

  /**
   * Compares the file with the curated data as read. Throws an ImportError (422) listing every problem: rows that
   * fail the dataset's checks, changes without a source, added ids another dataset holds.
   */
  private compare({ req, parsed, renamed }: Parsed, db: Stored): Compared {
    const { ctx } = db;
    const checked = checkRows(req, parsed, { ...ctx, seen: new Map() }, nodeIndex(db.outside), renamed);
    const storedEntities = db.entities;
    const storedRels = db.relationships;
    const problems: string[] = [];
    const changes: ProposedChange[] = [];
    // What other datasets hold (an export of the whole network includes imports) is not the curated data's.
    const heldIds = new Set(db.held.map((r) => r.id));
    const entities = new Map(checked.entities.filter((e) => !heldIds.has(e.id)).map((e) => [e.id, e]));
    const stored = new Map(storedEntities.map((r) => [String(r.props.id), storedEntity(r.labels, r.props, ctx)]));

    const kindProblem = (e: Entity, before: Entity) =>
      e.kind === before.kind ? null : `${e.at}: field 'entity': '${e.id}' is a ${before.kind}; its kind cannot change`;
    diffElements("entity", ENTITY_FIELDS, entities, stored, (e) => e.at, changes, problems, kindProblem);
    const relationships = new Map(
      checked.relationships
        .map((r) => [relKey(r.type, r.source, r.target), r] as const)
        .filter(([key]) => !db.heldRelationships.has(key)),
    );
    const storedRelByKey = new Map(storedRels.map((r) => [relKey(r.type, r.source, r.target), storedRelationship(r)]));
    diffElements(
      "relationship",
      REL_FIELDS,
      relationships,
      storedRelByKey,
      (r) => `${r.at} (${r.source} ${r.type} ${r.target})`,
      changes,
      problems,
    );
    if (problems.length > 0) throw new ImportError(problems.slice(0, 200), 422);
    const order = (c: ProposedChange) => CHANGE_ACTIONS.indexOf(c.action);
    changes.sort((a, b) => order(a) - order(b) || a.target.localeCompare(b.target));
    const otherDatasets = {
      entities: checked.entities.length - entities.size,
      relationships: checked.relationships.length - relationships.size,
    };
    return { changes, entities, relationships, stored: storedRelByKey, otherDatasets };
  }

  /** What the file would change in the curated data, and the data version it was compared with; writes nothing. */
  async propose(file: ChangeSetFile) {
    const parsed = this.parse(file);
    const { version, stored } = await this.db.read(async (tx) => ({
      version: await dataVersionIn(tx),
      stored: await this.read(tx, parsed),
    }));
    const { changes, otherDatasets } = this.compare(parsed, stored);
    const counts = Object.fromEntries(CHANGE_ACTIONS.map((a) => [a, changes.filter((c) => c.action === a).length]));
    return { file: file.name, version, counts, otherDatasets, changes };
  }

  /**
   * Applies the selected changes of the file's change set, in one write transaction, each through curation's write
   * path. Refused (409) when the data version is no longer the one the change set was proposed against.
   */
  async apply(who: Principal, file: ChangeSetFile, version: string, select: string[], note?: string) {
    const parsed = this.parse(file);
    const out = await this.db.write(async (tx) => {
      const now = await dataVersionIn(tx);
      if (now !== version)
        throw new ApiError(
          409,
          "stale_change_set",
          "the data has changed since this change set was proposed; propose it again and review the changes it now holds",
          { parameter: "version" },
        );
      const compared = this.compare(parsed, await this.read(tx, parsed));
      const byId = new Map(compared.changes.map((c) => [c.id, c]));
      const unknown = select.find((id) => !byId.has(id));
      if (unknown !== undefined)
        throw new ApiError(400, "invalid_parameter", `body field 'select': no change '${unknown}' in this change set`, {
          parameter: "select",
        });
      const chosen = compared.changes.filter((c) => select.includes(c.id));
      const why = note ?? `change set from ${file.name}`;
      const records = [];
      for (const c of chosen) {
        try {
          records.push(await this.applyOne(tx, who, c, compared, why));
        } catch (e) {
          if (!(e instanceof ApiError)) throw e;
          throw new ApiError(e.status, e.code, `change '${c.id}': ${e.message.replace(/^body field /, "field ")}`, {
            ...e.details,
            change: c.id,
          });
        }
      }
      return records;
    }, WRITE_TIMEOUT_MS);
    this.version.invalidate();
    return { applied: out.length, changes: out, dataVersion: await this.version.current() };
  }

  private async applyOne(tx: Tx, who: Principal, c: ProposedChange, compared: Compared, note: string) {
    const values = (fields: FieldChange[], of: object) =>
      Object.fromEntries(
        fields.filter((f) => f.field !== "sources").map((f) => [f.field, (of as Record<string, unknown>)[f.field]]),
      );
    switch (c.action) {
      case "add-entity": {
        const { at: _at, sourceTitles: _t, secondary: _s, ...e } = compared.entities.get(c.target)!;
        return (await this.curation.createEntityIn(tx, who, { ...e, dataset: CURATED } as EntityInput, note)).change;
      }
      case "update-entity": {
        const e = compared.entities.get(c.target)!;
        const input = { ...values(c.fields, e), sources: c.sources } as Partial<EntityInput> & { sources: string[] };
        return (await this.curation.updateEntityIn(tx, who, c.target, input, note)).change;
      }
      case "remove-entity":
        return (await this.curation.deleteEntityIn(tx, who, c.target, note)).change;
      case "add-relationship": {
        const { at: _at, sourceTitles: _t, secondary: _s, ...r } = compared.relationships.get(c.target)!;
        return (await this.curation.createRelationshipIn(tx, who, { ...r, dataset: CURATED }, note)).change;
      }
      case "update-relationship": {
        const r = compared.relationships.get(c.target)!;
        const input = {
          type: r.type,
          source: r.source,
          target: r.target,
          ...values(c.fields, r),
          sources: c.sources,
        } as RelationshipInput;
        return (await this.curation.updateRelationshipIn(tx, who, input, note)).change;
      }
      case "remove-relationship": {
        const { type, source, target } = compared.stored.get(c.target)!;
        return (await this.curation.deleteRelationshipIn(tx, who, { type, source, target }, note)).change;
      }
    }
  }
}
