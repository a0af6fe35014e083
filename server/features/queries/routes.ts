/** The query library and the Cypher console. */
import type { RequestHandler } from "express";
import { z } from "zod";
import type { Auth } from "../../core/auth.ts";
import type { Config } from "../../core/config.ts";
import type { Database } from "../../core/db.ts";
import { ApiError, notFound } from "../../core/errors.ts";
import { perMinute } from "../../core/limits.ts";
import { route } from "../../core/routes.ts";
import type { Lane } from "../../core/lanes.ts";
import { runReadOnly, type RunLimits } from "../console/run.ts";
import { libraryParams, parseLibraryQuery, type LibraryQuery } from "./library.ts";

export function loadLibrary(db: Database): Map<string, LibraryQuery> {
  return new Map(db.statements.under("queries/").map((s) => [s.name.replace(/^queries\//, ""), parseLibraryQuery(s)]));
}

export const limitsOf = (c: Config): RunLimits => ({
  timeoutMs: c.CYPHER_TIMEOUT_MS,
  maxRows: c.CYPHER_MAX_ROWS,
  maxNodes: c.CYPHER_MAX_NODES,
});

/** Parameter values for Cypher: plain JSON scalars, lists and maps only, bounded in size. */
const CypherValue: z.ZodType = z
  .lazy(() =>
    z.union([
      z.string().max(10_000),
      z.number(),
      z.boolean(),
      z.null(),
      z.array(CypherValue).max(1000),
      z.record(z.string(), CypherValue),
    ]),
  )
  .meta({
    id: "CypherValue",
    description: "A JSON value: string, number, boolean, null, or a list or map of such values",
    // Described as any JSON value: the recursive form is valid OpenAPI, but generated client types cannot express it.
    override: ({ jsonSchema }) => {
      for (const key of Object.keys(jsonSchema)) if (key !== "description") delete jsonSchema[key];
    },
  });

/** The console's access rule: open, for signed-in users (CONSOLE_TOKEN is one such credential), or off. */
export function consoleAccess(config: Config, auth: Auth): RequestHandler {
  return (req, _res, next) => {
    try {
      if (config.CONSOLE_MODE === "off") {
        throw new ApiError(403, "console_disabled", "The Cypher console is turned off on this server.");
      }
      if (config.CONSOLE_MODE === "token" && !auth.principalOf(req)) {
        throw new ApiError(
          401,
          "console_token_required",
          "The Cypher console needs a signed-in user or the console token (Authorization: Bearer …).",
        );
      }
      next();
    } catch (e) {
      next(e);
    }
  };
}

export function queryRoutes(db: Database, config: Config, auth: Auth, consoleLane: Lane) {
  const library = loadLibrary(db);
  const limited = perMinute(config.RATE_LIMIT_PER_MINUTE);
  const consoleOpen = consoleAccess(config, auth);

  return [
    route({
      method: "get",
      path: "/api/queries",
      tag: "queries",
      summary: "The library of named research queries, with their parameters",
      returns:
        "{ queries: [{name, title, description, params: [{name, type, default, description, choices}], cypher}] }",
      handler: async () => ({
        queries: [...library.values()].map(({ schema: _s, ...q }) => q),
      }),
    }),
    route({
      method: "post",
      path: "/api/queries/:name",
      tag: "queries",
      summary: "Runs a library query with validated parameters",
      params: z.object({ name: z.string().regex(/^[a-z0-9-]+$/, "expected a query name") }),
      body: z.object({ params: z.record(z.string(), z.unknown()).default({}) }),
      returns: "{ name, columns, rows, graph, summary, truncated, cypher, params }",
      errors: { 404: "Unknown query", 429: "Rate limited" },
      before: [limited],
      handler: async ({ params, body }) => {
        const q = library.get(params.name);
        if (!q) throw notFound(`no library query named '${params.name}'`);
        const values = libraryParams(q, body.params);
        const result = await runReadOnly(db, q.cypher, values, limitsOf(config));
        return { name: q.name, title: q.title, cypher: q.cypher, params: values, ...result };
      },
    }),
    route({
      method: "post",
      path: "/api/cypher",
      tag: "queries",
      summary: "Runs your own read-only Cypher query, bounded in time, rows and nodes",
      body: z.object({
        query: z.string().trim().min(1, "must not be empty").max(20_000),
        params: z
          .record(z.string().regex(/^[A-Za-z_]\w*$/, "parameter names are letters, digits and _"), CypherValue)
          .default({}),
      }),
      returns: "{ columns, rows, graph, summary, truncated }",
      before: [consoleOpen, limited],
      errors: {
        403: "Refused: not read-only, or outside the allow-list",
        429: "Rate limited",
        503: "The console is busy",
        504: "Timed out",
      },
      handler: async ({ body }) =>
        runReadOnly(db, body.query, body.params, limitsOf(config), { untrusted: true, lane: consoleLane }),
    }),
  ];
}
