/**
 * Import endpoints: preview (parse and check, write nothing) and import a researcher's network as a named dataset;
 * list datasets; delete one as a unit. Writing needs an editor (the curated dataset itself, an admin).
 */
import { z } from "zod";
import { actorOf } from "../../core/auth.ts";
import type { Config } from "../../core/config.ts";
import type { DataVersion } from "../../core/data-version.ts";
import type { Database } from "../../core/db.ts";
import { ApiError } from "../../core/errors.ts";
import { perMinute } from "../../core/limits.ts";
import { REL_TYPES, SECTORS } from "../../core/model.ts";
import { page, pageQuery } from "../../core/paging.ts";
import { route } from "../../core/routes.ts";
import { cleanString } from "../../core/text.ts";
import { EDGE_FIELDS, FORMATS, ImportError, NODE_FIELDS } from "./parse.ts";
import { Importer, type ImportRequest } from "./service.ts";

const Slug = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "expected a lowercase slug (letters, digits, '-')")
  .max(60);
const Column = z.string().max(200);

export const ImportBody = z
  .object({
    dataset: Slug.describe("The dataset's id: a new one, or one imported before (its content is replaced)"),
    title: cleanString().trim().min(1).max(200).optional(),
    format: z.enum(FORMATS),
    files: z
      .array(
        z
          .object({
            name: z.string().min(1).max(200),
            role: z.enum(["nodes", "edges"]).optional(),
            content: z.string().describe("The file's bytes, base64-encoded"),
          })
          .strict(),
      )
      .min(1)
      .max(2),
    mapping: z
      .object({
        nodes: z.partialRecord(z.enum(NODE_FIELDS), Column).optional(),
        edges: z.partialRecord(z.enum(EDGE_FIELDS), Column).optional(),
      })
      .strict()
      .optional(),
    defaultSource: cleanString()
      .max(2000)
      .refine((s) => /^https?:\/\/[^\s/]+\.[^\s]+$/.test(s), "expected an http(s) URL")
      .optional(),
    defaultSector: z.enum(SECTORS).optional(),
    defaultType: z.enum(REL_TYPES).optional(),
    freshIds: z
      .boolean()
      .default(false)
      .describe(
        "Give every node a new id, '<dataset>-<id>': brings a network exported from here (and edited elsewhere) back as a new dataset",
      ),
    dryRun: z.boolean().default(false).describe("Parse and check only: answer the preview, write nothing"),
  })
  .strict();

/** An ImportError as the API's error: the first problem as the message, all of them listed. */
export function asApiError(e: unknown): unknown {
  if (!(e instanceof ImportError)) return e;
  const code = e.status === 409 ? "id_conflict" : e.status === 413 ? "payload_too_large" : "invalid_import";
  return new ApiError(e.status, code, e.problems[0] ?? "the import was refused", { problems: e.problems });
}

export function importRoutes(db: Database, config: Config, version: DataVersion) {
  const importer = new Importer(db, version, undefined, config.IMPORT_SINGLE_TX_MAX);
  const limited = perMinute(config.RATE_LIMIT_PER_MINUTE);
  return [
    route({
      method: "post",
      path: "/api/import",
      tag: "import",
      summary: "Imports a network (CSV nodes + edges, GraphML, GEXF or graphology JSON) as a named dataset (editor)",
      body: ImportBody,
      access: "editor",
      // Uploads carry base64 files: their own, larger limit, read only once the editor is known.
      bodyLimit: Math.ceil(config.IMPORT_MAX_BYTES * 1.4) + 65_536,
      before: [limited],
      returns: "{ dataset, nodes, edges, bySector, byType, columns, mapping, sample, … } (a preview when dryRun)",
      errors: {
        401: "No valid credential",
        403: "Below editor (or curated without admin)",
        409: "Ids (or relationships) held by another dataset",
        413: "Upload too large",
        422: "Rows that fail the checks, each with file, line or element, and field",
      },
      handler: async ({ body, req }) => {
        const bytes = body.files.reduce((n, f) => n + Math.floor((f.content.length * 3) / 4), 0);
        if (bytes > config.IMPORT_MAX_BYTES)
          throw new ApiError(
            413,
            "payload_too_large",
            `the files hold ${bytes} bytes, more than the limit of ${config.IMPORT_MAX_BYTES}`,
          );
        const request: ImportRequest = {
          ...body,
          files: body.files.map((f) => ({ name: f.name, role: f.role, bytes: Buffer.from(f.content, "base64") })),
        };
        try {
          return body.dryRun
            ? { dryRun: true, ...(await importer.preview(actorOf(req), request)) }
            : await importer.commit(actorOf(req), request);
        } catch (e) {
          throw asApiError(e);
        }
      },
    }),
    route({
      method: "get",
      path: "/api/datasets",
      tag: "import",
      summary: "The datasets in the database (curated and imported), with their counts",
      query: z.object(pageQuery({ default: 100, max: 500 })),
      returns:
        "{ datasets: [{ id, name, version, kind, files, importedBy, loadedAt, entities, relationships }], total, offset, limit, next }",
      handler: async ({ query, req }) => {
        const [found] = await db.readRows<{ total: number; datasets: Record<string, unknown>[] }>("import/datasets", {
          skip: query.offset,
          limit: query.limit,
        });
        return { datasets: found?.datasets ?? [], ...page(req, found?.total ?? 0, query.offset, query.limit) };
      },
    }),
    route({
      method: "delete",
      path: "/api/datasets/:id",
      tag: "import",
      summary: "Deletes a dataset as a unit (editor; the curated dataset, admin)",
      params: z.object({ id: Slug }),
      access: "editor",
      returns: "{ dataset, deleted: { entities, relationships } }",
      errors: { 401: "No valid credential", 403: "Below editor", 404: "Unknown dataset" },
      handler: async ({ params, req }) => importer.deleteDataset(actorOf(req), params.id),
    }),
  ];
}
