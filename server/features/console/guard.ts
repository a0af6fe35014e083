/**
 * The console's static check, the first of its layers: before a query reaches Neo4j, refuse what a read-only
 * research console never needs: LOAD CSV, CALL … IN TRANSACTIONS, several statements at once, switching database,
 * and any procedure or namespaced function outside an allow-list. Comments and string literals are blanked out
 * first, so a keyword inside a string cannot trip the check and one hidden in a comment cannot slip past it.
 */
import { ApiError } from "../../core/errors.ts";

/**
 * Procedures a researcher may call: schema introspection and full-text search. No gds.* procedure: the in-memory
 * graphs they run on are the analytics engine's own (projected and dropped per request), and several of them write
 * (to the database or to the GDS catalog).
 */
export const ALLOWED_PROCEDURES: (string | RegExp)[] = [
  "db.labels",
  "db.relationshiptypes",
  "db.propertykeys",
  "db.schema.visualization",
  "db.schema.nodetypeproperties",
  "db.schema.reltypeproperties",
  "db.index.fulltext.querynodes",
  "db.index.fulltext.queryrelationships",
  "dbms.components",
];

/**
 * Namespaced functions that only compute values: Cypher's own, and GDS's similarity functions (pure arithmetic on
 * lists). Not gds.graph.* (gds.graph.project is an aggregation function that builds in-memory graphs) nor gds.util.*
 * (which reads the GDS catalog).
 */
const ALLOWED_FUNCTION_NAMESPACES = [
  "date",
  "datetime",
  "localdatetime",
  "localtime",
  "time",
  "duration",
  "point",
  "vector",
  "gds.similarity",
];

/** The largest literal range() the console accepts. */
export const MAX_RANGE = 10_000_000;

export class RefusedQuery extends ApiError {
  constructor(code: string, message: string) {
    super(403, code, message);
  }
}

/** Blanks comments and string literals (keeping length and line breaks, so positions stay right). */
export function blankLiterals(query: string): string {
  const out = query.split("");
  const blank = (from: number, to: number) => {
    for (let k = from; k < to; k++) if (out[k] !== "\n") out[k] = " ";
  };
  let i = 0;
  while (i < query.length) {
    const c = query[i]!;
    if (c === "/" && query[i + 1] === "/") {
      const end = query.indexOf("\n", i);
      const stop = end < 0 ? query.length : end;
      blank(i, stop);
      i = stop;
    } else if (c === "/" && query[i + 1] === "*") {
      const end = query.indexOf("*/", i + 2);
      const stop = end < 0 ? query.length : end + 2;
      blank(i, stop);
      i = stop;
    } else if (c === "'" || c === '"') {
      let j = i + 1;
      while (j < query.length && query[j] !== c) j += query[j] === "\\" ? 2 : 1;
      blank(i + 1, Math.min(j, query.length));
      i = j + 1;
    } else {
      i++;
    }
  }
  return out.join("");
}

const allowedProcedure = (name: string) =>
  ALLOWED_PROCEDURES.some((a) => (typeof a === "string" ? a === name : a.test(name)));

/** Throws a RefusedQuery naming what was refused; returns the query unchanged when it passes. */
export function checkQuery(query: string): string {
  const code = blankLiterals(query).replace(/`([^`]*)`/g, (_m, inner: string) => inner);
  const upper = code.toUpperCase();
  if (/\bLOAD\s+CSV\b/.test(upper)) {
    throw new RefusedQuery("cypher_load_csv_refused", "LOAD CSV is refused: the console cannot read files or URLs.");
  }
  if (/\bIN\s+(\d+\s+)?(CONCURRENT\s+)?TRANSACTIONS\b/.test(upper)) {
    throw new RefusedQuery(
      "cypher_transactions_refused",
      "CALL … IN TRANSACTIONS is refused: the console runs one read transaction.",
    );
  }
  if (/(^|\s)USE\s+[A-Za-z_]/i.test(code)) {
    throw new RefusedQuery("cypher_use_refused", "USE is refused: the console reads only the configured database.");
  }
  if (
    /^\s*(SHOW|TERMINATE|GRANT|DENY|REVOKE|START|STOP|ENABLE|DISABLE|DEALLOCATE|REALLOCATE|RENAME|DRYRUN)\b/i.test(code)
  ) {
    throw new RefusedQuery(
      "cypher_admin_refused",
      "Administration commands are refused: the console runs read queries on the data. Use CALL db.labels() and friends to explore the schema.",
    );
  }
  const statements = code.split(";").filter((s) => s.trim());
  if (statements.length > 1) {
    throw new RefusedQuery("cypher_multiple_statements", "Send one statement at a time.");
  }
  // Neo4j checks its time limit between rows, not inside one expression: a loop over a huge literal range in a
  // single expression (reduce over range(1, 10^9)) cannot be stopped once started, so it is refused up front.
  for (const m of code.matchAll(/\brange\s*\(\s*(-?\d+)\s*,\s*(-?\d+)\s*(?:,\s*(-?\d+)\s*)?\)/gi)) {
    const size = Math.abs(Number(m[2]) - Number(m[1])) / Math.max(1, Math.abs(Number(m[3] ?? 1)));
    if (size > MAX_RANGE) {
      throw new RefusedQuery(
        "cypher_range_refused",
        `range(${m[1]}, ${m[2]}) would make ${size.toExponential(1)} values; the console allows at most ${MAX_RANGE.toLocaleString("en")} in one range().`,
      );
    }
  }
  for (const m of code.matchAll(/\bCALL\s+([A-Za-z_][\w.]*)\s*(\(|YIELD\b|$|\s)/gi)) {
    const name = m[1]!.toLowerCase();
    if (!allowedProcedure(name)) {
      throw new RefusedQuery(
        "cypher_procedure_refused",
        `The procedure ${m[1]} is not on the console's allow-list (allowed: db.labels, db.relationshipTypes, ` +
          `db.propertyKeys, db.schema.*, db.index.fulltext.*, dbms.components).`,
      );
    }
  }
  for (const m of code.matchAll(/\b([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+)\s*\(/g)) {
    const name = m[1]!.toLowerCase();
    const before = code.slice(0, m.index).trimEnd();
    if (/\bCALL$/i.test(before)) continue; // a procedure, checked above
    const namespace = name.slice(0, name.lastIndexOf("."));
    if (!ALLOWED_FUNCTION_NAMESPACES.some((ns) => namespace === ns || namespace.startsWith(`${ns}.`))) {
      throw new RefusedQuery("cypher_function_refused", `The function ${m[1]} is not on the console's allow-list.`);
    }
  }
  return query;
}
