/**
 * Routes are declared once, as data: method, path, zod schemas for the query, path parameters and body, and a
 * handler. The same declaration mounts the Express route (with validation that answers 400 naming the parameter)
 * and writes its entry in the OpenAPI document, so the two cannot drift apart.
 */
import type { Request, RequestHandler, Response, Router } from "express";
import { z } from "zod";
import { badRequest } from "./errors.ts";

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
  /** Middleware to run before validation (rate limits, access checks). */
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

export function mount(router: Router, specs: RouteSpec[]): void {
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
    router[spec.method](spec.path, ...(spec.before ?? []), handler);
  }
}

const toOpenApiPath = (p: string) => p.replace(/:([A-Za-z_]+)/g, "{$1}");

function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  return z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
}

function parametersOf(schema: AnyObject | undefined, where: "query" | "path"): unknown[] {
  if (!schema) return [];
  const js = jsonSchema(schema) as { properties?: Record<string, Record<string, unknown>>; required?: string[] };
  return Object.entries(js.properties ?? {}).map(([name, s]) => ({
    name,
    in: where,
    required: where === "path" || (js.required ?? []).includes(name),
    description: (s.description as string | undefined) ?? undefined,
    schema: s,
    ...(s.type === "array" || s.anyOf ? { style: "form", explode: true } : {}),
  }));
}

export function openApiDocument(specs: RouteSpec[], info: { title: string; version: string; description: string }) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const s of specs) {
    const p = toOpenApiPath(s.path);
    const responses: Record<string, unknown> = {
      "200": {
        description: s.returns,
        content: Object.fromEntries((s.produces ?? ["application/json"]).map((m) => [m, {}])),
      },
    };
    for (const [status, text] of Object.entries({
      400: "Invalid parameter",
      503: "Database unavailable",
      ...s.errors,
    })) {
      responses[status] = {
        description: text,
        content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
      };
    }
    paths[p] ??= {};
    paths[p][s.method] = {
      summary: s.summary,
      tags: [s.tag],
      parameters: [...parametersOf(s.params, "path"), ...parametersOf(s.query, "query")],
      ...(s.body
        ? { requestBody: { required: true, content: { "application/json": { schema: jsonSchema(s.body) } } } }
        : {}),
      responses,
    };
  }
  return {
    openapi: "3.1.0",
    info,
    paths,
    components: {
      schemas: {
        Error: {
          type: "object",
          required: ["error"],
          properties: {
            error: {
              type: "object",
              required: ["code", "message"],
              properties: { code: { type: "string" }, message: { type: "string" } },
            },
          },
        },
      },
    },
  };
}
