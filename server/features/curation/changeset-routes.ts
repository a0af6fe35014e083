/**
 * Change-set endpoints (editor): a network exported from here and edited elsewhere, proposed as changes to the
 * curated data without writing, then applied as the editor selected them (see changeset.ts).
 */
import { z } from "zod";
import { actorOf } from "../../core/auth.ts";
import type { Config } from "../../core/config.ts";
import type { DataVersion } from "../../core/data-version.ts";
import type { Database } from "../../core/db.ts";
import { ApiError } from "../../core/errors.ts";
import { perMinute } from "../../core/limits.ts";
import { route } from "../../core/routes.ts";
import { cleanString } from "../../core/text.ts";
import { asApiError } from "../import/routes.ts";
import { ChangeSets, type ChangeSetFile } from "./changeset.ts";

const Upload = {
  format: z.enum(["gexf", "graphml"]).describe("The file's format: this server's own GEXF or GraphML export, edited"),
  file: z
    .object({
      name: z.string().min(1).max(200),
      content: z.string().describe("The file's bytes, base64-encoded"),
    })
    .strict(),
};

export const ChangeSetProposalBody = z.object(Upload).strict();
export const ChangeSetApplyBody = z
  .object({
    ...Upload,
    version: z.string().min(1).max(10_000).describe("The data version the proposal answered"),
    select: z
      .array(z.string().min(1).max(1000))
      .min(1, "select at least one change")
      .max(1_000_000)
      .describe("The ids of the proposed changes to apply"),
    note: cleanString().trim().min(1).max(500).optional().describe("Recorded with every change (default: the file)"),
  })
  .strict();

const ERRORS = {
  401: "No valid credential",
  403: "Below editor",
  409: "The data changed since the proposal (apply)",
  413: "Upload too large",
  422: "Elements that fail the checks or change without a source, each named with its field",
};

export function changeSetRoutes(db: Database, config: Config, version: DataVersion) {
  const changeSets = new ChangeSets(db, version);
  const limited = perMinute(config.RATE_LIMIT_PER_MINUTE);
  const fileOf = (body: z.infer<typeof ChangeSetProposalBody>): ChangeSetFile => {
    const bytes = Buffer.from(body.file.content, "base64");
    if (bytes.length > config.IMPORT_MAX_BYTES)
      throw new ApiError(
        413,
        "payload_too_large",
        `the file holds ${bytes.length} bytes, more than the limit of ${config.IMPORT_MAX_BYTES}`,
      );
    return { name: body.file.name, format: body.format, bytes };
  };
  const common = {
    method: "post" as const,
    tag: "curation",
    access: "editor" as const,
    bodyLimit: Math.ceil(config.IMPORT_MAX_BYTES * 1.4) + 65_536,
    before: [limited],
    errors: ERRORS,
  };
  return [
    route({
      ...common,
      path: "/api/change-sets/proposal",
      summary:
        "Compares an edited export (GEXF or GraphML) with the curated data and proposes the changes, writing nothing (editor)",
      body: ChangeSetProposalBody,
      returns:
        "{ file, version, counts, changes: [{ id, action, target, element, fields: [{field, before, after}], sources }] }",
      handler: async ({ body }) =>
        changeSets.propose(fileOf(body)).catch((e: unknown) => Promise.reject(asApiError(e))),
    }),
    route({
      ...common,
      path: "/api/change-sets/apply",
      summary:
        "Applies the selected changes of an edited export to the curated data in one transaction, each recorded in the history (editor)",
      body: ChangeSetApplyBody,
      returns: "{ applied, changes: [change records], dataVersion }",
      handler: async ({ body, req }) =>
        changeSets
          .apply(actorOf(req), fileOf(body), body.version, body.select, body.note)
          .catch((e: unknown) => Promise.reject(asApiError(e))),
    }),
  ];
}
