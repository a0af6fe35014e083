/**
 * Curation and sign-in endpoints. Reading the history is open to readers; every write needs an editor.
 */
import { z } from "zod";
import { actorOf, type Auth } from "../../core/auth.ts";
import type { DataVersion } from "../../core/data-version.ts";
import type { Database } from "../../core/db.ts";
import { failuresPerMinute } from "../../core/limits.ts";
import { PARTNERSHIP_KINDS, REL_TYPES, ROLES, SECTORS } from "../../core/model.ts";
import { page, pageQuery } from "../../core/paging.ts";
import { route } from "../../core/routes.ts";
import { cleanString } from "../../core/text.ts";
import { Id } from "../graph/routes.ts";
import { Curation, type EntityInput, type RelationshipInput } from "./service.ts";

const Url = cleanString()
  .max(2000)
  .refine((s) => /^https?:\/\/[^\s/]+\.[^\s]+$/.test(s), "expected an http(s) URL");
const Sources = z.array(Url).min(1, "needs the URL of at least one public page that states this").max(20);
const Text = (max: number) => cleanString().trim().max(max);
const Year = z.number().int().min(1800).max(2100);
const Slug = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "expected a lowercase slug (letters, digits, '-')")
  .max(80);

const EntityFields = {
  name: Text(300).min(1),
  acronym: Text(40).nullable(),
  aliases: z.array(Text(300)).max(50),
  sector: z.enum(SECTORS).nullable(),
  roles: z.array(z.enum(ROLES)).max(3),
  partnershipKind: z.enum(PARTNERSHIP_KINDS).nullable(),
  country: z
    .string()
    .regex(/^[A-Z]{3}$/, "expected an ISO 3166-1 alpha-3 code such as FRA")
    .nullable(),
  founded: Year.nullable(),
  website: Url.nullable(),
  description: Text(500).nullable(),
  issues: z.array(Slug).max(20),
  operatesIn: z.array(z.string().regex(/^[A-Z]{3}$/, "expected ISO 3166-1 alpha-3 codes")).max(250),
  retrieved: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected a date YYYY-MM-DD"),
};

export const EntityCreate = z
  .object({
    id: Slug.optional(),
    kind: z.enum(["Actor", "Partnership"]).default("Actor"),
    dataset: Slug.optional(),
    ...EntityFields,
    sources: Sources,
  })
  .partial({ acronym: true, aliases: true, sector: true, roles: true, partnershipKind: true, country: true })
  .partial({ founded: true, website: true, description: true, issues: true, operatesIn: true, retrieved: true })
  .strict();

export const EntityPatch = z
  .object({ kind: z.enum(["Actor", "Partnership"]), ...EntityFields, sources: Sources })
  .partial()
  .required({ sources: true })
  .strict();

const RelKeyFields = {
  type: z.enum(REL_TYPES),
  source: Id,
  target: Id,
};
const RelFields = {
  role: Text(120).nullable(),
  since: Year.nullable(),
  until: Year.nullable(),
  amount: z.number().nonnegative().nullable(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, "expected an ISO 4217 code")
    .nullable(),
  retrieved: EntityFields.retrieved,
};
export const RelationshipCreate = z
  .object({ ...RelKeyFields, ...RelFields, sources: Sources, dataset: Slug.optional() })
  .partial({ role: true, since: true, until: true, amount: true, currency: true, retrieved: true })
  .strict();
export const RelationshipPatch = z
  .object({ ...RelKeyFields, ...RelFields, sources: Sources })
  .partial({ role: true, since: true, until: true, amount: true, currency: true, retrieved: true })
  .strict();
const RelationshipKey = z.object({ ...RelKeyFields, note: Text(500).optional() }).strict();

const WRITE_ERRORS = {
  401: "No valid credential (or an expired session)",
  403: "The credential's role is below editor",
  404: "Unknown id",
  409: "Conflict: id taken, relationship exists, or changed since",
};

export function curationRoutes(db: Database, version: DataVersion, auth: Auth, signInPerMinute: number) {
  const curation = new Curation(db, version);
  return [
    route({
      method: "post",
      path: "/api/auth/sign-in",
      access: "public",
      tag: "auth",
      summary: "Trades a configured secret for a session token that expires",
      body: z.object({ secret: z.string().min(1).max(2048) }).strict(),
      returns: "{ token, user, role, expiresAt }",
      errors: { 401: "Unknown secret", 429: "Too many failed attempts from this address" },
      before: [failuresPerMinute(signInPerMinute)],
      handler: async ({ body }) => auth.signIn(body.secret),
    }),
    route({
      method: "post",
      path: "/api/auth/sign-out",
      access: "public",
      tag: "auth",
      summary: "Signs out: the session token sent stops working at once",
      returns: "{ signedOut: true }",
      errors: { 400: "No session token sent", 401: "Invalid session token" },
      handler: async ({ req }) => auth.signOut(req.headers.authorization),
    }),
    route({
      method: "get",
      path: "/api/auth/me",
      access: "public",
      tag: "auth",
      summary: "Who the request's credential belongs to (null when none is sent)",
      returns: "{ user, role, expiresAt } or { user: null }",
      errors: { 401: "Invalid or expired credential" },
      handler: async ({ req }) => {
        const p = auth.principalOf(req);
        return p
          ? { user: p.user, role: p.role, expiresAt: p.expiresAt ? new Date(p.expiresAt * 1000).toISOString() : null }
          : { user: null, role: null, writable: auth.configured };
      },
    }),
    route({
      method: "post",
      path: "/api/entities",
      tag: "curation",
      summary: "Adds an actor or partnership (editor; sources required)",
      body: EntityCreate,
      access: "editor",
      returns: "{ entity, change }",
      errors: WRITE_ERRORS,
      handler: async ({ body, req, res }) => {
        const out = await curation.createEntity(actorOf(req), body as EntityInput);
        res.status(201);
        return out;
      },
    }),
    route({
      method: "patch",
      path: "/api/entities/:id",
      tag: "curation",
      summary: "Edits an actor or partnership (editor; the sources of the new facts required)",
      params: z.object({ id: Id }),
      body: EntityPatch,
      access: "editor",
      returns: "{ entity, change }",
      errors: WRITE_ERRORS,
      handler: async ({ params, body, req }) =>
        curation.updateEntity(actorOf(req), params.id, body as Partial<EntityInput> & { sources: string[] }),
    }),
    route({
      method: "delete",
      path: "/api/entities/:id",
      tag: "curation",
      summary: "Deletes an actor or partnership with its relationships (editor; recoverable by reverting the change)",
      params: z.object({ id: Id }),
      query: z.object({ note: Text(500).optional().describe("Why it was deleted") }),
      access: "editor",
      returns: "{ change }",
      errors: WRITE_ERRORS,
      handler: async ({ params, query, req }) => curation.deleteEntity(actorOf(req), params.id, query.note),
    }),
    route({
      method: "post",
      path: "/api/relationships",
      tag: "curation",
      summary: "Adds a relationship (editor; sources required)",
      body: RelationshipCreate,
      access: "editor",
      returns: "{ relationship, change }",
      errors: WRITE_ERRORS,
      handler: async ({ body, req, res }) => {
        const out = await curation.createRelationship(actorOf(req), body as RelationshipInput);
        res.status(201);
        return out;
      },
    }),
    route({
      method: "patch",
      path: "/api/relationships",
      tag: "curation",
      summary: "Edits a relationship named by type, source and target (editor; sources of the new facts required)",
      body: RelationshipPatch,
      access: "editor",
      returns: "{ relationship, change }",
      errors: WRITE_ERRORS,
      handler: async ({ body, req }) => curation.updateRelationship(actorOf(req), body as RelationshipInput),
    }),
    route({
      method: "delete",
      path: "/api/relationships",
      tag: "curation",
      summary: "Deletes a relationship named by type, source and target (editor; recoverable)",
      body: RelationshipKey,
      access: "editor",
      returns: "{ change }",
      errors: WRITE_ERRORS,
      handler: async ({ body, req }) => curation.deleteRelationship(actorOf(req), body, body.note),
    }),
    route({
      method: "get",
      path: "/api/changes",
      tag: "curation",
      summary: "The change history, newest first: who, when, and the state before and after",
      query: z.object({
        target: z.string().max(300).optional().describe("Only changes to this entity id or relationship key"),
        ...pageQuery({ default: 50, max: 500 }),
      }),
      returns: "{ changes: [...], total, offset, limit, next }",
      handler: async ({ query, req }) => {
        const { total, changes } = await curation.changes({
          target: query.target,
          skip: query.offset,
          limit: query.limit,
        });
        return { changes, ...page(req, total, query.offset, query.limit) };
      },
    }),
    route({
      method: "post",
      path: "/api/changes/:id/revert",
      tag: "curation",
      summary: "Reverts one change, restoring the element's state before it (editor)",
      params: z.object({ id: z.string().uuid("expected a change id") }),
      access: "editor",
      returns: "{ change }",
      errors: WRITE_ERRORS,
      handler: async ({ params, req }) => curation.revert(actorOf(req), params.id),
    }),
  ];
}
