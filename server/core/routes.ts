/**
 * Routes are declared once, as data: method, path, zod schemas for the query, path parameters and body, and a
 * handler. The same declaration mounts the Express route (with validation that answers 400 naming the parameter)
 * and writes its entry in the OpenAPI document, so the two cannot drift apart; answers are described by the
 * schemas of shared/api.ts, which the explorer's types derive from.
 */
import express, { type Request, type RequestHandler, type Response, type Router } from "express";
import { z } from "zod";
import {
  createDocument,
  type ZodOpenApiOperationObject,
  type ZodOpenApiPathsObject,
  type ZodOpenApiResponsesObject,
} from "zod-openapi";
import { ErrorBody, OPERATIONS, type OperationInfo } from "../../shared/api.ts";
import type { Auth, UserRole } from "./auth.ts";
import { ApiError, badRequest } from "./errors.ts";

type Method = "get" | "post" | "put" | "patch" | "delete";
type AnyObject = z.ZodObject<z.ZodRawShape>;

export interface RouteContext<Q, P, B> {
  query: Q;
  params: P;
  body: B;
  req: Request;
  res: Response;
}

export interface RouteSpec<
  Q extends AnyObject = AnyObject,
  P extends AnyObject = AnyObject,
  B extends z.ZodType = z.ZodType,
> {
  method: Method;
  /** Express-style path, e.g. `/api/nodes/:id`. */
  path: string;
  summary: string;
  tag: string;
  query?: Q;
  params?: P;
  body?: B;
  /** Short description of the 200 answer. */
  returns: string;
  /** Extra statuses this route may answer, with their meaning. */
  errors?: Record<number, string>;
  /**
   * Who may call it. `public`: anyone, even on a private instance (health, sign-in); `read` (the default): anyone
   * on an open instance, a signed-in user on a private one; a role: a signed-in user with at least that role.
   * Checked on the resolved route, before the body is read.
   */
  access?: "public" | "read" | UserRole;
  /** Largest request body in bytes (default 1 MiB); larger bodies answer 413 without being read further. */
  bodyLimit?: number;
  /** Middleware to run after the access check and the body, before validation (rate limits, further checks). */
  before?: RequestHandler[];
  /** Media types of the 200 answer when not JSON. */
  produces?: string[];
  /** Returns the JSON body, or undefined when the handler wrote the response itself. */
  handler: (ctx: RouteContext<z.infer<Q>, z.infer<P>, z.infer<B>>) => Promise<unknown>;
}

export function route<
  Q extends AnyObject = AnyObject,
  P extends AnyObject = AnyObject,
  B extends z.ZodType = z.ZodType,
>(spec: RouteSpec<Q, P, B>): RouteSpec {
  return spec as unknown as RouteSpec;
}

/** Formats the first zod issue as "parameter 'limit': Too big: expected number to be <=100000". */
function describeIssue(where: string, error: z.ZodError): { message: string; field: string } {
  const issue = error.issues[0]!;
  const field = issue.path.length ? String(issue.path[0]) : "(body)";
  return { field, message: `${where} '${field}': ${issue.message}` };
}

function validate<T>(schema: z.ZodType<T> | undefined, value: unknown, where: string): T {
  if (!schema) return value as T;
  const parsed = schema.safeParse(value ?? {});
  if (!parsed.success) {
    const { field, message } = describeIssue(where, parsed.error);
    throw badRequest("invalid_parameter", message, { parameter: field });
  }
  return parsed.data;
}

/** Largest JSON nesting a request body may have: deeper bodies are refused before they are parsed. */
export const MAX_BODY_DEPTH = 64;

/**
 * Counts the deepest nesting of arrays and objects in raw JSON (brackets inside strings do not count), so that a
 * body nested 100,000 deep is refused with a 400 instead of exhausting the stack of the parser or the validator.
 */
export function jsonDepth(buf: Buffer): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i]!;
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) max = depth;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return max;
}

function jsonBody(limit: number): RequestHandler {
  return express.json({
    limit,
    verify: (_req, _res, buf) => {
      if (jsonDepth(buf) > MAX_BODY_DEPTH)
        throw badRequest("invalid_json", `The request body is nested more than ${MAX_BODY_DEPTH} levels deep.`, {
          parameter: "(body)",
        });
    },
  });
}

/**
 * The access check of one route, run once Express has resolved the route (so the decision never depends on how
 * the URL was spelled) and before its body is read (so an anonymous upload is refused without being received).
 */
function accessCheck(spec: RouteSpec, auth: Auth): RequestHandler {
  const access = spec.access ?? "read";
  const role = access === "public" || access === "read" ? null : access;
  const requireRole = role ? auth.require(role) : null;
  return (req, res, next) => {
    try {
      const principal = auth.principalOf(req);
      if (requireRole) {
        requireRole(req, res, next);
        return;
      }
      if (access === "read" && auth.readProtected && !principal)
        throw new ApiError(
          401,
          "credentials_required",
          "This Coalition Atlas instance is private: sign in to read it.",
        );
      next();
    } catch (e) {
      next(e);
    }
  };
}

/** Mounts the routes on a router: access check, body, the route's own middleware, validation, handler. */
export function mount(router: Router, specs: RouteSpec[], auth: Auth): void {
  for (const spec of specs) {
    const handler: RequestHandler = async (req, res, next) => {
      try {
        const query = validate(spec.query, req.query, "query parameter");
        const params = validate(spec.params, req.params, "path parameter");
        const body = validate(spec.body, req.body, "body field");
        const out = await spec.handler({ query, params, body, req, res });
        if (out !== undefined && !res.headersSent) res.json(out);
      } catch (e) {
        next(e);
      }
    };
    const chain = [accessCheck(spec, auth)];
    if (spec.method !== "get") chain.push(jsonBody(spec.bodyLimit ?? 2 ** 20));
    router[spec.method](spec.path, ...chain, ...(spec.before ?? []), handler);
  }
}

const toOpenApiPath = (p: string) => p.replace(/:([A-Za-z_]+)/g, "{$1}");

/** The route's entry in shared/api.ts: its operation id and answer; a route without one is a mistake. */
export function operationOf(spec: Pick<RouteSpec, "method" | "path">) {
  const op = (OPERATIONS as Record<string, OperationInfo>)[`${spec.method} ${spec.path}`];
  if (!op) throw new Error(`routes: no entry for '${spec.method} ${spec.path}' in OPERATIONS (shared/api.ts)`);
  return op;
}

const errorResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: ErrorBody } },
});

/**
 * The OpenAPI 3.1 document of the routes, built by zod-openapi from the same zod schemas that validate requests
 * and, for answers, from shared/api.ts: parameters, bodies, every answer's schema, operation ids, the bearer
 * security scheme (required by editors' writes, optional elsewhere: a server may protect reads), the error body.
 */
export function openApiDocument(
  specs: RouteSpec[],
  info: { title: string; version: string; description: string },
  servers: { url: string; description?: string }[] = [{ url: "/", description: "This server" }],
) {
  const paths: ZodOpenApiPathsObject = {};
  for (const s of specs) {
    const op = operationOf(s);
    // Who may call it, from the route's own access rule (and the operation's, for routes that check in a handler).
    const needsRole = op.auth || (s.access !== undefined && s.access !== "public" && s.access !== "read");
    const media = s.produces ?? ["application/json"];
    const responses: ZodOpenApiResponsesObject = {
      [String(op.status ?? 200) as "200"]: {
        description: s.returns,
        content: Object.fromEntries(media.map((m) => [m, { schema: op.response }])),
      },
      "400": errorResponse("Invalid parameter: the error names it in `parameter`"),
      "503": errorResponse("Database unavailable"),
    };
    if (needsRole) {
      responses["401"] = errorResponse("No credential, or one the server does not accept");
      responses["403"] = errorResponse("The credential's role may not do this");
    }
    for (const [status, text] of Object.entries(s.errors ?? {}))
      responses[status as `${1 | 2 | 3 | 4 | 5}${string}`] = errorResponse(text);
    const operation: ZodOpenApiOperationObject = {
      operationId: op.operationId,
      summary: s.summary,
      tags: [s.tag],
      security: needsRole ? [{ bearerAuth: [] }] : s.access === "public" ? [{}] : [{}, { bearerAuth: [] }],
      requestParams: { ...(s.params ? { path: s.params } : {}), ...(s.query ? { query: s.query } : {}) },
      ...(s.body ? { requestBody: { required: true, content: { "application/json": { schema: s.body } } } } : {}),
      responses,
    };
    const p = toOpenApiPath(s.path);
    paths[p] = { ...paths[p], [s.method]: operation };
  }
  return createDocument({
    openapi: "3.1.0",
    info,
    servers,
    paths,
    components: {
      securitySchemes: {
        bearerAuth: {
          type: "http",
          scheme: "bearer",
          description: "An editor's session token (POST /api/auth/sign-in), or the console token where one is set",
        },
      },
    },
  });
}
