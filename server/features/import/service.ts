/**
 * Imports a researcher's network as a named dataset, alongside the curated data or instead of it.
 *
 * Everything is checked before anything is written: the files are parsed and every node and edge goes through the
 * curated dataset's own row checks (seed/dataset.ts), and ids already held by another dataset are refused (or, with
 * `freshIds`, every node gets a new id: a network exported from here comes back as a new dataset). A relationship
 * may point at an actor the files do not hold, by its id in the curated data or another dataset: it belongs to the
 * importing dataset and is deleted with it (a relationship another dataset already holds is refused). The
 * dataset's previous content is then replaced either in one transaction or, for large imports, by staging the new
 * content and promoting it in one transaction (see `commit`); a failed import leaves the database as it was, and
 * importing the same files twice gives the same graph.
 */
import type { Principal } from "../../core/auth.ts";
import type { DataVersion } from "../../core/data-version.ts";
import type { Database, Tx } from "../../core/db.ts";
import { ApiError } from "../../core/errors.ts";
import {
  checkEntity,
  checkRelationships,
  nodeIndex,
  type CheckContext,
  type Entity,
  type NodeIndex,
  type Relationship,
} from "../../core/records.ts";
import { CURATED, entityRow, relationshipRow } from "../../core/rows.ts";
import { reference, writeChange } from "../curation/service.ts";
import {
  DEFAULT_LIMITS,
  decodeUtf8,
  fromCsv,
  fromGraphFile,
  ImportError,
  isPartnership,
  normalise,
  type ImportFormat,
  type Limits,
  type Mapping,
  type ParsedFiles,
} from "./parse.ts";

export interface ImportFileInput {
  name: string;
  /** The file's bytes. */
  bytes: Uint8Array;
  /** For CSV: which of the two files this is. */
  role?: "nodes" | "edges";
}

export interface ImportRequest {
  dataset: string;
  /** A readable name for the dataset (defaults to its id). */
  title?: string;
  format: ImportFormat;
  files: ImportFileInput[];
  mapping?: Mapping;
  /** Source URL for rows without one. */
  defaultSource?: string;
  /** Sector for actors when the file has no sector column. */
  defaultSector?: string;
  /** Relationship type when the file has no type column. */
  defaultType?: string;
  /**
   * Give every node of the files a new id, `<dataset>-<id>` (relationships among them follow): brings back a
   * network exported from here, or another dataset's nodes, as a new dataset.
   */
  freshIds?: boolean;
}

export interface Checked {
  dataset: string;
  entities: Entity[];
  relationships: Relationship[];
  parsed: ParsedFiles;
  renamed: Map<string, string>;
}

const BATCH_NODES = 2000;
/** How often a staging import renews its lease, and how long a lease lasts unrenewed (server/main.ts sweeps). */
export const LEASE_RENEW_MS = 5_000;
export const LEASE_STALE_SECONDS = 20;
const BATCH_EDGES = 10_000;
const MAX_PROBLEMS = 200;

/** Parses the request's files into rows. */
export function parseRequest(req: ImportRequest, limits: Limits = DEFAULT_LIMITS): ParsedFiles {
  const mapping = req.mapping ?? {};
  if (req.format === "csv") {
    const nodes = req.files.find((f) => f.role === "nodes") ?? req.files[0];
    const edges = req.files.find((f) => f.role === "edges") ?? req.files.find((f) => f !== nodes) ?? null;
    if (!nodes) throw new ImportError(["a CSV import needs a nodes file (and usually an edges file)"]);
    return fromCsv(
      { name: nodes.name, text: decodeUtf8(nodes.name, nodes.bytes) },
      edges ? { name: edges.name, text: decodeUtf8(edges.name, edges.bytes) } : null,
      mapping,
      limits,
    );
  }
  if (req.files.length !== 1)
    throw new ImportError([`a ${req.format} import takes exactly one file, not ${req.files.length}`]);
  const file = req.files[0]!;
  return fromGraphFile({ name: file.name, text: decodeUtf8(file.name, file.bytes) }, req.format, mapping, limits);
}

/** Normalises parsed rows in place (canonical ids, defaults) and gives fresh ids when asked; returns the renames. */
export function prepareRows(req: ImportRequest, parsed: ParsedFiles): Map<string, string> {
  const { renamed } = normalise(parsed, {
    source: req.defaultSource,
    retrieved: new Date().toISOString().slice(0, 10),
    sector: req.defaultSector ?? "Other",
    type: req.defaultType ?? "PARTNERS_WITH",
  });
  if (req.freshIds) {
    const fresh = new Map<string, string>();
    for (const { row } of parsed.nodes) {
      if (!row.id) continue;
      const id = row.id.startsWith(`${req.dataset}-`) ? row.id : `${req.dataset}-${row.id}`;
      fresh.set(row.id, id);
      renamed.set(row.id, id);
      row.id = id;
    }
    for (const { row } of parsed.edges) {
      if (row.source) row.source = fresh.get(row.source) ?? row.source;
      if (row.target) row.target = fresh.get(row.target) ?? row.target;
    }
  }
  return renamed;
}

/** Ids that the import's relationships point at without the files holding them. */
export function outsideIds(parsed: ParsedFiles): string[] {
  const own = new Set(parsed.nodes.map(({ row }) => row.id));
  const out = new Set<string>();
  for (const { row } of parsed.edges) for (const id of [row.source, row.target]) if (id && !own.has(id)) out.add(id);
  return [...out];
}

/**
 * Validates parsed rows with the dataset's own checks; throws an ImportError listing every problem. `outside`: the
 * actors of other datasets that relationships may point at; `renamed`: set when prepareRows already ran.
 */
export function checkRows(
  req: ImportRequest,
  parsed: ParsedFiles,
  ctx: CheckContext,
  outside: NodeIndex = new Map(),
  renamed: Map<string, string> = prepareRows(req, parsed),
): Checked {
  const problems = parsed.problems;
  const entities = parsed.nodes.map(({ row, at }) =>
    checkEntity(isPartnership(row) ? "Partnership" : "Actor", row, at, problems, ctx),
  );
  const relationships = checkRelationships(parsed.edges, problems, new Map([...outside, ...nodeIndex(entities)]));
  if (problems.length > 0) throw new ImportError(problems.slice(0, MAX_PROBLEMS), 422);
  if (entities.length === 0) throw new ImportError(["the files hold no nodes"], 422);
  return { dataset: req.dataset, entities, relationships, parsed, renamed };
}

/** A short account of what an import holds, for the preview and the answer. */
function summary(c: Checked) {
  const count = <T>(xs: T[], key: (x: T) => string) =>
    Object.fromEntries([...xs.reduce((m, x) => m.set(key(x), (m.get(key(x)) ?? 0) + 1), new Map<string, number>())]);
  return {
    dataset: c.dataset,
    nodes: c.entities.length,
    edges: c.relationships.length,
    bySector: count(
      c.entities.filter((e) => e.kind === "Actor"),
      (e) => e.sector ?? "",
    ),
    partnerships: c.entities.filter((e) => e.kind === "Partnership").length,
    byType: count(c.relationships, (r) => r.type),
    columns: c.parsed.columns,
    mapping: c.parsed.mapping,
    renamedIds: c.renamed.size,
    sample: {
      nodes: c.entities.slice(0, 10).map(({ at: _at, ...e }) => e),
      edges: c.relationships.slice(0, 10).map(({ at: _at, ...r }) => r),
    },
  };
}

export class Importer {
  constructor(
    private readonly db: Database,
    private readonly version?: DataVersion,
    private readonly limits: Limits = DEFAULT_LIMITS,
    /** Imports with more nodes plus edges than this are staged (see commit). */
    private readonly singleTransactionMax = 100_000,
  ) {}

  private guard(who: Principal, dataset: string): void {
    if (dataset === CURATED && who.role !== "admin")
      throw new ApiError(
        403,
        "forbidden",
        "Only an admin may import into the curated dataset; choose another dataset name.",
      );
  }

  /** The actors of other datasets that the import's relationships point at. */
  private async outside(tx: Tx, dataset: string, parsed: ParsedFiles): Promise<NodeIndex> {
    const ids = outsideIds(parsed);
    const index: NodeIndex = new Map();
    for (let i = 0; i < ids.length; i += 50_000) {
      const rows = await tx.run<{ id: string; kind: string; sector: string | null; dataset: string }>(
        "curation/nodes-kind",
        { ids: ids.slice(i, i + 50_000) },
      );
      // The importing dataset's own earlier actors are replaced, so they cannot be pointed at.
      for (const r of rows)
        if (r.dataset !== dataset) index.set(r.id, { kind: r.kind as "Actor" | "Partnership", sector: r.sector });
    }
    return index;
  }

  /** Ids in the import that another dataset already holds, and relationships another dataset already holds. */
  private async conflicts(tx: Tx, c: Checked): Promise<void> {
    const own = new Set(c.entities.map((e) => e.id));
    const across = c.relationships.filter((r) => !own.has(r.source) || !own.has(r.target));
    const heldRels: string[] = [];
    for (let i = 0; i < across.length; i += 10_000) {
      const rows = await tx.run<{ source: string; type: string; target: string; dataset: string | null }>(
        "import/taken-relationships",
        {
          dataset: c.dataset,
          rows: across.slice(i, i + 10_000).map(({ type, source, target }) => ({ type, source, target })),
        },
      );
      for (const r of rows) {
        const at = across.find((x) => x.source === r.source && x.target === r.target && x.type === r.type)?.at;
        heldRels.push(
          `${at ?? `${r.source} ${r.type} ${r.target}`}: the relationship ${r.source} ${r.type} ${r.target} already belongs to dataset '${r.dataset ?? "unknown"}'`,
        );
      }
    }
    if (heldRels.length > 0) throw new ImportError(heldRels.slice(0, MAX_PROBLEMS), 409);
    const ids = c.entities.map((e) => e.id);
    const taken: { id: string; dataset: string }[] = [];
    for (let i = 0; i < ids.length; i += 50_000) {
      const rows = await tx.run<{ id: string; kind: string; dataset: string }>("curation/nodes-kind", {
        ids: ids.slice(i, i + 50_000),
      });
      taken.push(...rows.filter((r) => r.dataset !== c.dataset));
    }
    if (taken.length > 0) {
      throw new ImportError(
        taken
          .slice(0, MAX_PROBLEMS)
          .map(
            (t) =>
              `${c.entities.find((e) => e.id === t.id)?.at ?? t.id}: field 'id': '${t.id}' already belongs to dataset '${t.dataset}' (import with freshIds to bring these nodes in under new ids, or point relationships at '${t.id}' without listing it as a node)`,
          ),
        409,
      );
    }
  }

  /** Parses the files and runs every check, including the ids other datasets hold; writes nothing. */
  private async check(who: Principal, req: ImportRequest): Promise<Checked> {
    this.guard(who, req.dataset);
    const parsed = parseRequest(req, this.limits);
    return this.db.read(async (tx) => {
      const renamed = prepareRows(req, parsed);
      const outside = await this.outside(tx, req.dataset, parsed);
      const checked = checkRows(req, parsed, (await reference(tx)).ctx, outside, renamed);
      await this.conflicts(tx, checked);
      return checked;
    });
  }

  /** What the import would hold, or every problem found. */
  async preview(who: Principal, req: ImportRequest) {
    return summary(await this.check(who, req));
  }

  /**
   * Imports the files, replacing the dataset's earlier content. Up to `singleTransactionMax` nodes and edges, all of
   * it is one transaction. Larger imports are staged: written in short transactions as :Staged nodes that no query
   * of the API sees, then promoted to actors and partnerships in one transaction that also removes the dataset's
   * earlier content; if anything fails, the staged nodes are deleted, so either way the database ends as it was or
   * with the whole import. `onProgress` hears how many nodes and edges are written (the command line prints it).
   */
  async commit(
    who: Principal,
    req: ImportRequest,
    onProgress?: (done: { nodes: number; edges: number; total: number }) => void | Promise<void>,
  ) {
    const started = performance.now();
    const checked = await this.check(who, req);
    const total = checked.entities.length + checked.relationships.length;
    const out = await (
      total <= this.singleTransactionMax
        ? this.writeAtOnce(who, req, checked, onProgress)
        : this.writeStaged(who, req, checked, onProgress)
    ).catch((e: unknown) => {
      if ((e as { code?: string }).code?.includes("MemoryPoolOutOfMemoryError"))
        throw new ImportError(
          [
            `the import needs more transaction memory than the database allows (db.memory.transaction.max); nothing was written. Split the file, or raise the limit (ATLAS_NEO4J_TX_MEMORY for the local Neo4j)`,
          ],
          413,
        );
      throw e;
    });
    this.version?.invalidate();
    return { ...out, seconds: Number(((performance.now() - started) / 1000).toFixed(2)) };
  }

  /** The closing steps of every import: replace the old content's record, record the dataset and the change. */
  private async finish(tx: Tx, who: Principal, req: ImportRequest, checked: Checked) {
    const files = req.files.map((f) => f.name);
    const [meta] = await tx.run<{ dataVersion: number }>("import/dataset", {
      id: req.dataset,
      name: req.title ?? req.dataset,
      files,
      user: who.user,
    });
    const info = summary(checked);
    await writeChange(tx, who, {
      action: "import",
      target: req.dataset,
      dataset: req.dataset,
      before: null,
      after: { nodes: info.nodes, edges: info.edges, files, format: req.format },
    });
    return { ...info, dataVersion: meta!.dataVersion, staged: false };
  }

  private async deleteContent(tx: Tx, dataset: string): Promise<void> {
    for (const name of ["import/delete-relationships", "seed/delete-dataset"]) {
      for (;;) {
        const [row] = await tx.run<{ deleted: number }>(name, { dataset, batch: 20_000 });
        if (!row || row.deleted === 0) break;
      }
    }
  }

  private async writeAtOnce(
    who: Principal,
    req: ImportRequest,
    checked: Checked,
    onProgress?: (done: { nodes: number; edges: number; total: number }) => void | Promise<void>,
  ) {
    return this.db.writeOnce(async (tx) => {
      const { place } = await reference(tx);
      // Checked again inside the transaction: nothing may have taken the ids since the first check.
      await this.conflicts(tx, checked);
      await this.deleteContent(tx, req.dataset);
      const total = checked.entities.length + checked.relationships.length;
      const rows = checked.entities.map((e) => entityRow(e, req.dataset, place));
      for (let i = 0; i < rows.length; i += BATCH_NODES) {
        await tx.run("seed/entities", { rows: rows.slice(i, i + BATCH_NODES) });
        await onProgress?.({ nodes: Math.min(i + BATCH_NODES, rows.length), edges: 0, total });
      }
      for (let i = 0; i < checked.relationships.length; i += BATCH_EDGES) {
        await tx.run("seed/create-relationships", {
          rows: checked.relationships.slice(i, i + BATCH_EDGES).map((r) => relationshipRow(r, req.dataset)),
        });
        await onProgress?.({
          nodes: rows.length,
          edges: Math.min(i + BATCH_EDGES, checked.relationships.length),
          total,
        });
      }
      return this.finish(tx, who, req, checked);
    }, 3_600_000);
  }

  private async writeStaged(
    who: Principal,
    req: ImportRequest,
    checked: Checked,
    onProgress?: (done: { nodes: number; edges: number; total: number }) => void | Promise<void>,
  ) {
    const run = crypto.randomUUID();
    const total = checked.entities.length + checked.relationships.length;
    // The lease says this run is alive: a server that finds staged nodes without a fresh lease deletes them.
    await this.db.write((tx) => tx.run("import/lease-renew", { run }));
    const renew = setInterval(() => {
      void this.db.write((tx) => tx.run("import/lease-renew", { run })).catch(() => undefined);
    }, LEASE_RENEW_MS);
    try {
      const place = await this.db.read(async (tx) => (await reference(tx)).place);
      const rows = checked.entities.map((e) => entityRow(e, req.dataset, place));
      for (let i = 0; i < rows.length; i += BATCH_NODES) {
        await this.db.write((tx) => tx.run("import/stage-entities", { run, rows: rows.slice(i, i + BATCH_NODES) }));
        await onProgress?.({ nodes: Math.min(i + BATCH_NODES, rows.length), edges: 0, total });
      }
      // Relationships to other datasets' actors are created once the staged nodes are actors (below).
      const own = new Set(checked.entities.map((e) => e.id));
      const inside = checked.relationships.filter((r) => own.has(r.source) && own.has(r.target));
      const across = checked.relationships.filter((r) => !own.has(r.source) || !own.has(r.target));
      for (let i = 0; i < inside.length; i += BATCH_EDGES) {
        const batch = inside.slice(i, i + BATCH_EDGES).map((r) => relationshipRow(r, req.dataset));
        await this.db.write((tx) => tx.run("import/stage-relationships", { run, rows: batch }));
        await onProgress?.({
          nodes: rows.length,
          edges: Math.min(i + BATCH_EDGES, inside.length),
          total,
        });
      }
      return await this.db.writeOnce(async (tx) => {
        await this.conflicts(tx, checked);
        await this.deleteContent(tx, req.dataset);
        for (;;) {
          const [row] = await tx.run<{ promoted: number }>("import/promote-staged", { run, batch: 20_000 });
          if (!row || row.promoted === 0) break;
        }
        for (let i = 0; i < across.length; i += BATCH_EDGES)
          await tx.run("seed/create-relationships", {
            rows: across.slice(i, i + BATCH_EDGES).map((r) => relationshipRow(r, req.dataset)),
          });
        return { ...(await this.finish(tx, who, req, checked)), staged: true };
      }, 3_600_000);
    } catch (e) {
      await this.discardStaged(run).catch(() => undefined);
      throw e;
    } finally {
      clearInterval(renew);
      await this.db
        .write((tx) => tx.run("import/lease-release", { run, staleSeconds: LEASE_STALE_SECONDS }))
        .catch(() => undefined);
    }
  }

  /**
   * Deletes staged nodes: of one run, or (run null) the leftovers of imports a crash or a kill interrupted: those
   * whose run has not renewed its lease for LEASE_STALE_SECONDS, so that another server's import in progress on
   * the same database is left alone.
   */
  async discardStaged(run: string | null): Promise<number> {
    let deleted = 0;
    const staleSeconds = LEASE_STALE_SECONDS;
    // Lapsed leases go first: their runs' staged nodes then have no lease and are deleted below.
    if (run === null) await this.db.write((tx) => tx.run("import/lease-release", { run: null, staleSeconds }));
    for (;;) {
      const [row] = await this.db.write((tx) =>
        tx.run<{ deleted: number }>("import/discard-staged", { run, batch: 10_000, staleSeconds }),
      );
      if (!row || row.deleted === 0) break;
      deleted += row.deleted;
    }
    return deleted;
  }

  /** Deletes a dataset as a unit (its actors, partnerships and relationships, and its record). */
  async deleteDataset(who: Principal, dataset: string) {
    this.guard(who, dataset);
    const out = await this.db.write(async (tx) => {
      const [counts] = await tx.run<{ entities: number; relationships: number }>("seed/counts", { dataset });
      const [exists] = await tx.run<{ id: string }>("import/dataset-get", { id: dataset });
      if (!exists) throw new ApiError(404, "not_found", `no dataset '${dataset}'`);
      await this.deleteContent(tx, dataset);
      await tx.run("import/dataset-delete", { id: dataset });
      await writeChange(tx, who, { action: "delete-dataset", target: dataset, dataset, before: counts, after: null });
      return { dataset, deleted: counts };
    }, 3_600_000);
    this.version?.invalidate();
    return out;
  }
}
