/** One actor or partnership, with its sources and its relationships grouped by type. */
import { z } from "zod";
import type { Database } from "../../core/db.ts";
import { notFound } from "../../core/errors.ts";
import { route } from "../../core/routes.ts";
import { Id } from "../graph/routes.ts";

interface RelRow {
  type: string;
  direction: "in" | "out";
  counterpart: Record<string, unknown>;
  labels: string[];
  properties: Record<string, unknown>;
}

export const nodeRoutes = (db: Database) => [
  route({
    method: "get",
    path: "/api/nodes/:id",
    tag: "nodes",
    summary: "An actor or partnership with its attributes, sources and relationships grouped by type",
    params: z.object({ id: Id }),
    query: z.object({
      limit: z.coerce.number().int().min(1).max(5000).default(1000).describe("Maximum number of relationships"),
    }),
    returns: "{ node, labels, country, issues, operatesIn, relationships: {TYPE: [...]}, truncated }",
    errors: { 404: "Unknown id" },
    handler: async ({ params, query }) =>
      db.read(async (tx) => {
        const [detail] = await tx.run<{ node: Record<string, unknown> }>("nodes/detail", { id: params.id });
        if (!detail) throw notFound(`no actor or partnership with id '${params.id}'`);
        delete detail.node.aliasText; // an index helper, not data
        const rels = await tx.run<RelRow & Record<string, unknown>>("nodes/relationships", {
          id: params.id,
          limit: query.limit + 1,
        });
        const relationships: Record<string, unknown[]> = {};
        for (const r of rels.slice(0, query.limit)) {
          (relationships[r.type] ??= []).push({
            direction: r.direction,
            counterpart: { ...r.counterpart, labels: r.labels },
            ...r.properties,
          });
        }
        return { ...detail, relationships, truncated: rels.length > query.limit };
      }),
  }),
];
