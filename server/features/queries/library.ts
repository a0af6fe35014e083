/**
 * The library of named research queries: each is a file in cypher/queries/ whose header gives its title, a
 * one-line description and its parameters, one per line:
 *
 *   // title: Funders of actors working on an issue
 *   // description: Who funds the actors that work on an issue, with amounts where sources state them.
 *   // param issue: issue = forced-labour | The issue
 *   // param limit: int(1..500) = 50 | Maximum rows
 *
 * A parameter's type says how it is validated and where a form takes its choices from (a list of sectors, issues
 * or regions, or an actor search).
 */
import { z } from "zod";
import { QUERY_PARAM_TYPES, type LibraryQuery as LibraryQueryAnswer, type QueryParam } from "../../../shared/api.ts";
import type { Statement } from "../../core/cypher.ts";
import { badRequest } from "../../core/errors.ts";
import { REL_TYPES, SECTORS } from "../../core/model.ts";

export type ParamType = QueryParam["type"];
export type { QueryParam };

/** A library query as the API lists it (shared/api.ts), with the schema its parameters are validated by. */
export interface LibraryQuery extends LibraryQueryAnswer {
  schema: z.ZodObject<z.ZodRawShape>;
}

const PARAM = new RegExp(
  String.raw`^param\s+([a-zA-Z]\w*)\s*:\s*(${QUERY_PARAM_TYPES.join("|")})(?:\((\d+)\.\.(\d+)\))?\s*=\s*(.+?)\s*\|\s*(.+)$`,
);

function choicesFor(type: ParamType): QueryParam["choices"] {
  switch (type) {
    case "sector":
      return [...SECTORS];
    case "relType":
      return [...REL_TYPES];
    case "actor":
      return { from: "/api/search?q=" };
    case "issue":
      return { from: "/api/stats (issues)" };
    case "region":
      return { from: "UN regions and sub-regions (see /api/graph's region parameter)" };
    case "country":
      return { from: "ISO 3166-1 alpha-3 codes" };
    default:
      return undefined;
  }
}

function zodFor(p: QueryParam): z.ZodType {
  const described = (s: z.ZodType) => s.default(p.default as never).describe(p.description);
  switch (p.type) {
    case "int":
      return described(
        z.coerce
          .number()
          .int()
          .min(p.min ?? 0)
          .max(p.max ?? 10_000),
      );
    case "year":
      return described(z.coerce.number().int().min(1800).max(2100));
    case "actor":
      return described(
        z
          .string()
          .regex(/^[a-z0-9][a-z0-9-]*$/, "expected an actor id such as unodc")
          .max(200),
      );
    case "sector":
      return described(z.enum(SECTORS));
    case "relType":
      return described(z.enum(REL_TYPES));
    case "issue":
      return described(z.string().regex(/^[a-z0-9-]+$/, "expected an issue id such as forced-labour"));
    case "country":
      return described(z.string().regex(/^[A-Z]{3}$/, "expected an ISO 3166-1 alpha-3 code such as FRA"));
    case "region":
      return described(z.string().min(2).max(60));
    default:
      return described(z.string().max(200));
  }
}

/** Parses a library statement's header; throws naming the file and line when it is malformed. */
export function parseLibraryQuery(s: Statement): LibraryQuery {
  const name = s.name.replace(/^queries\//, "");
  const field = (key: string) =>
    s.header
      .find((l) => l.startsWith(`${key}:`))
      ?.slice(key.length + 1)
      .trim();
  const title = field("title");
  const description = field("description");
  if (!title || !description)
    throw new Error(`cypher/${s.name}.cypher: the header needs 'title:' and 'description:' lines`);
  const params = s.header
    .filter((l) => l.startsWith("param "))
    .map((l) => {
      const m = PARAM.exec(l);
      if (!m) throw new Error(`cypher/${s.name}.cypher: malformed parameter line '${l}'`);
      const [, pname, type, min, max, def, help] = m;
      const t = type as ParamType;
      const numeric = t === "int" || t === "year";
      return {
        name: pname!,
        type: t,
        default: numeric ? Number(def) : def!,
        ...(min !== undefined ? { min: Number(min), max: Number(max) } : {}),
        description: help!,
        choices: choicesFor(t),
      } satisfies QueryParam;
    });
  for (const p of params) {
    if (!s.text.includes(`$${p.name}`)) throw new Error(`cypher/${s.name}.cypher: parameter '${p.name}' is not used`);
  }
  const schema = z.object(Object.fromEntries(params.map((p) => [p.name, zodFor(p)]))).strict();
  return { name, title, description, params, cypher: s.text, schema };
}

/** A library query's parameters, validated and with defaults filled in; a 400 names the first bad one. */
export function libraryParams(q: LibraryQuery, params: unknown): Record<string, unknown> {
  const parsed = q.schema.safeParse(params ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const name = String(issue.path[0] ?? (issue as { keys?: string[] }).keys?.[0] ?? "params");
  throw badRequest("invalid_parameter", `query parameter '${name}': ${issue.message}`, { parameter: name });
}
