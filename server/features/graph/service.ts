/**
 * Reading graphs out of Neo4j: a scoped view of the whole network, an ego network, shortest paths. Each answer is
 * read inside one read transaction so it is consistent.
 */
import type { Database, Tx } from "../../core/db.ts";
import { badRequest, notFound } from "../../core/errors.ts";
import { REL_TYPES } from "../../core/model.ts";
import { type Scope, scopeKey, scopeParams, viewNarrowing } from "../../core/scope.ts";
import type { Snapshot } from "../analytics/snapshot.ts";
import { type EdgeRow, type NodeRow, type SerializedGraph, toGraph } from "./payload.ts";

export const GRAPH_LIMIT = { default: 5000, max: 200_000 };

let knownRegions: Set<string> | null = null;

/** Throws a 404 naming the parameter when an id a view names is not in the database (or in its snapshot). */
async function checkIds(db: Database, ids: string[], parameter: string, snapshot?: Snapshot | null): Promise<void> {
  const found = snapshot
    ? snapshot.byId
    : new Set((await db.readRows<{ id: string }>("graph/exists", { ids })).map((r) => r.id));
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length) throw notFound(`query parameter '${parameter}': no actor or partnership with id '${missing[0]}'`);
}

/** Rejects impossible scopes with a 400 that names the parameter and lists valid values (and unknown view ids). */
export async function checkScope(db: Database, scope: Scope, snapshot?: Snapshot | null): Promise<void> {
  const view = viewNarrowing(scope);
  if (view?.focus) await checkIds(db, [view.focus.id], "focus", snapshot);
  if (view?.nodes) await checkIds(db, view.nodes, "node", snapshot);
  if (scope.from !== undefined && scope.to !== undefined && scope.from > scope.to) {
    throw badRequest("invalid_parameter", `query parameter 'from': ${scope.from} is after 'to' ${scope.to}`, {
      parameter: "from",
    });
  }
  if (scope.region.length === 0) return;
  if (!knownRegions) {
    const [row] = await db.readRows<{ names: string[] }>("meta/regions");
    knownRegions = new Set(row?.names ?? []);
  }
  const unknown = scope.region.filter((r) => !knownRegions!.has(r));
  if (unknown.length) {
    throw badRequest(
      "invalid_parameter",
      `query parameter 'region': unknown region '${unknown[0]}'; valid values: ${[...knownRegions].sort().join(", ")}`,
      { parameter: "region" },
    );
  }
}

type EdgeFilter = { relTypes: string[]; from: number | null; to: number | null };
const ANY_EDGE: EdgeFilter = { relTypes: [...REL_TYPES], from: null, to: null };

function edgesAmong(tx: Tx, ids: string[], f: EdgeFilter): Promise<EdgeRow[]> {
  return tx.run<EdgeRow & Record<string, unknown>>("graph/edges", {
    ids,
    relTypes: f.relTypes,
    from: f.from,
    to: f.to,
  });
}

/** The scope's subgraph; `timeoutMs` overrides the API's read timeout (analytics read whole scopes). */
export async function scopedGraph(
  db: Database,
  scope: Scope,
  limit: number,
  timeoutMs?: number,
): Promise<SerializedGraph> {
  await checkScope(db, scope);
  return db.read(async (tx) => {
    const nodes = await tx.run<NodeRow & Record<string, unknown>>("graph/nodes", {
      ...scopeParams(scope),
      limit: limit + 1,
    });
    const truncated = nodes.length > limit;
    const kept = truncated ? nodes.slice(0, limit) : nodes;
    const edges = await edgesAmong(
      tx,
      kept.map((n) => n.node.id),
      scopeParams(scope),
    );
    return toGraph(kept, edges, { scope: JSON.parse(scopeKey(scope)), limit, truncated });
  }, timeoutMs);
}

export async function neighborhood(
  db: Database,
  id: string,
  depth: number,
  limit: number,
  scope: Scope,
): Promise<SerializedGraph> {
  await checkScope(db, scope);
  const p = scopeParams(scope);
  return db.read(async (tx) => {
    const [exists] = await tx.run("graph/exists", { ids: [id] });
    if (!exists) throw notFound(`no actor or partnership with id '${id}'`);
    const seen = new Set([id]);
    let frontier = [id];
    let truncated = false;
    for (let d = 0; d < depth && frontier.length > 0 && !truncated; d++) {
      const rows = await tx.run<{ id: string }>("graph/neighbors", {
        frontier,
        relTypes: p.relTypes,
        from: p.from,
        to: p.to,
        limit: limit + 1,
      });
      frontier = [];
      for (const r of rows) {
        if (seen.has(r.id)) continue;
        if (seen.size >= limit) {
          truncated = true;
          break;
        }
        seen.add(r.id);
        frontier.push(r.id);
      }
    }
    const ids = [...seen];
    const nodes = await tx.run<NodeRow & Record<string, unknown>>("graph/nodes-by-id", { ids, relTypes: p.relTypes });
    const edges = await edgesAmong(tx, ids, p);
    return toGraph(nodes, edges, { center: id, depth, limit, truncated });
  });
}

/** Paths in one order: by their sequence of node ids. */
export const pathOrder = (a: string[], b: string[]) => {
  const x = a.join("\u0000");
  const y = b.join("\u0000");
  return x < y ? -1 : x > y ? 1 : 0;
};

export async function shortestPaths(
  db: Database,
  from: string,
  to: string,
  maxHops: number,
  limit: number,
): Promise<SerializedGraph & { paths: string[][] }> {
  if (from === to)
    throw badRequest("invalid_parameter", "query parameter 'to': must differ from 'from'", { parameter: "to" });
  return db.read(async (tx) => {
    const found = new Set((await tx.run<{ id: string }>("graph/exists", { ids: [from, to] })).map((r) => r.id));
    for (const [name, id] of [
      ["from", from],
      ["to", to],
    ] as const) {
      if (!found.has(id)) throw notFound(`query parameter '${name}': no actor or partnership with id '${id}'`);
    }
    const rows = await tx.run<{ ids: string[] }>("graph/shortest-paths", { from, to, maxHops, limit: limit + 1 });
    // Each sequence of nodes once (two ties of different types between the same nodes are one path), in one order.
    const distinct = [...new Map(rows.map((r) => [r.ids.join("\u0000"), r.ids])).values()];
    const truncated = distinct.length > limit;
    const paths = distinct.slice(0, limit).sort(pathOrder);
    const ids = [...new Set(paths.flat())];
    const nodes = ids.length
      ? await tx.run<NodeRow & Record<string, unknown>>("graph/nodes-by-id", { ids, relTypes: ANY_EDGE.relTypes })
      : [];
    const edges = ids.length ? await edgesAmong(tx, ids, ANY_EDGE) : [];
    // Keep only the edges that lie on a path, in either direction.
    const onPath = new Set(paths.flatMap((p) => p.slice(1).map((b, i) => [p[i], b].sort().join("\u0000"))));
    const graph = toGraph(
      nodes,
      edges.filter((e) => onPath.has([e.source, e.target].sort().join("\u0000"))),
      { from, to, maxHops, truncated, hops: paths[0] ? paths[0].length - 1 : null },
    );
    return { ...graph, paths };
  });
}
