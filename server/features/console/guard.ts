/**
 * What the read-only console lets through, decided from what Neo4j will run rather than from patterns over text.
 *
 * Layer 1, `checkParsed`: the query is parsed with Neo4j's own Cypher grammar (@neo4j-cypher/language-support, the
 * parser behind Neo4j's editors), so white space, comments, string literals and backtick-quoted names are read
 * exactly as the database reads them. It refuses several statements, LOAD CSV, CALL … IN TRANSACTIONS, USE,
 * SHOW/TERMINATE and administration commands, procedures and functions outside the allow-lists, and range() calls
 * whose size it cannot bound (an expression cannot be interrupted by Neo4j's time limit once it runs).
 *
 * Layer 2, `checkPlan`: the plan Neo4j's own planner makes for the query (EXPLAIN) must be built only of
 * allow-listed read operators, every procedure it calls must be on the procedure allow-list, and no user-defined
 * function outside the allow-list may appear in any operator's expressions.
 *
 * Layers 3 and 4 live in run.ts: a read transaction with a time limit (the database refuses any write), and the
 * planner's own query type, which must be "read".
 */
import { highlightSyntax, parseStatementsStrs, type ParsedCypherToken } from "@neo4j-cypher/language-support";
import { ApiError } from "../../core/errors.ts";

/**
 * Procedures a researcher may call: schema introspection and full-text search. No gds.* procedure: the in-memory
 * graphs they run on are the analytics engine's own, and several of them write (to the database or the catalog).
 */
export const ALLOWED_PROCEDURES = [
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
 * Namespaces of functions that are not built into Cypher but only compute values: GDS's similarity functions
 * (arithmetic on lists). Not gds.graph.* (gds.graph.project is an aggregation that builds in-memory graphs) nor
 * gds.util.* (which reads the GDS catalog).
 */
export const ALLOWED_FUNCTION_NAMESPACES = ["gds.similarity"];

/**
 * Plan operators that only read: scans and seeks of the store and its indexes, expansions, and the relational
 * operators over rows. Anything else (writes, LOAD CSV, SHOW and TERMINATE commands, transaction batching, an
 * operator a future Neo4j adds) is refused by name until it is reviewed and listed here.
 */
const READ_OPERATORS = new Set([
  "ProduceResults",
  "EmptyResult",
  "Argument",
  "ArgumentTracker",
  "EmptyRow",
  "Filter",
  "Projection",
  "Limit",
  "ExhaustiveLimit",
  "Skip",
  "Sort",
  "PartialSort",
  "Top",
  "Top1WithTies",
  "PartialTop",
  "Distinct",
  "OrderedDistinct",
  "EagerAggregation",
  "OrderedAggregation",
  "NodeCountFromCountStore",
  "RelationshipCountFromCountStore",
  "Eager",
  "CacheProperties",
  "Unwind",
  "PartitionedUnwind",
  "Union",
  "OrderedUnion",
  "Optional",
  "CartesianProduct",
  "NodeHashJoin",
  "ValueHashJoin",
  "NodeLeftOuterHashJoin",
  "NodeRightOuterHashJoin",
  "Apply",
  "SemiApply",
  "AntiSemiApply",
  "SelectOrSemiApply",
  "SelectOrAntiSemiApply",
  "LetSemiApply",
  "LetAntiSemiApply",
  "LetSelectOrSemiApply",
  "LetSelectOrAntiSemiApply",
  "ConditionalApply",
  "AntiConditionalApply",
  "RollUpApply",
  "SubqueryForeachApply",
  "Anti",
  "Expand(All)",
  "Expand(Into)",
  "OptionalExpand(All)",
  "OptionalExpand(Into)",
  "VarLengthExpand(All)",
  "VarLengthExpand(Into)",
  "VarLengthExpand(Pruning)",
  "VarLengthExpand(Pruning,BFS)",
  "BFSPruningVarExpand",
  "Repeat(Trail)",
  "Repeat(Walk)",
  "Trail",
  "NullifyMetadata",
  "StatefulShortestPath(All)",
  "StatefulShortestPath(Into)",
  "ShortestPath",
  "LegacyShortestPath",
  "AllShortestPaths",
  "ProjectEndpoints",
  "TriadicSelection",
  "TriadicBuild",
  "TriadicFilter",
  "AssertSameNode",
  "AssertSameRelationship",
  "NonFuseable",
  "ProcedureCall",
]);

/** Expansions, whose variants Neo4j names with their mode in brackets: `VarLengthExpand(Pruning,BFS,All)`. */
const READ_OPERATOR_BASES = new Set([
  "Expand",
  "OptionalExpand",
  "VarLengthExpand",
  "Repeat",
  "StatefulShortestPath",
  "ShortestPath",
]);

/** Store scans and index seeks, which only read, by the shape of their names (`NodeIndexSeek`, `…Scan`). */
const READ_OPERATOR_FAMILY = /^(Partitioned)?[A-Za-z]*(Scan|Seek|SeekByRange)$/;

/** The largest range() the console accepts, and the largest product of the ranges in one query. */
export const MAX_RANGE = 1_000_000;
export const MAX_RANGE_PRODUCT = 10_000_000;

export class RefusedQuery extends ApiError {
  constructor(code: string, message: string, position?: { line: number; column: number }) {
    super(403, code, message, position ? { position } : undefined);
  }
}

/** The functions the database offers: built-in ones (always allowed) and user-defined ones (plugins). */
export interface FunctionRegistry {
  builtIn: Set<string>;
  userDefined: Set<string>;
}

const lower = (s: string) => s.toLowerCase();
const unquote = (s: string) => (s.startsWith("`") && s.endsWith("`") ? s.slice(1, -1).replace(/``/g, "`") : s);

function positionOf(query: string, offset: number): { line: number; column: number } {
  const before = query.slice(0, offset).split("\n");
  return { line: before.length, column: before.at(-1)!.length + 1 };
}

/** Names built from consecutive name tokens joined by dots (`db`, `.`, `labels`), with their first token. */
function qualifiedNames(tokens: ParsedCypherToken[], type: "function" | "procedure") {
  const names: { name: string; at: ParsedCypherToken; end: number }[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i]!.tokenType !== type) continue;
    const at = tokens[i]!;
    const parts = [unquote(at.token)];
    while (tokens[i + 1]?.token === "." && tokens[i + 2]?.tokenType === type) {
      parts.push(unquote(tokens[i + 2]!.token));
      i += 2;
    }
    names.push({ name: parts.join("."), at, end: i });
  }
  return names;
}

/** Path patterns that Cypher's grammar writes like function calls, but which SHOW FUNCTIONS does not list. */
const PATH_FUNCTIONS = new Set(["shortestpath", "allshortestpaths"]);

const isBuiltIn = (name: string, fns: FunctionRegistry) =>
  fns.builtIn.has(lower(name)) || PATH_FUNCTIONS.has(lower(name));
const allowedUserFunction = (name: string) =>
  ALLOWED_FUNCTION_NAMESPACES.some((ns) => lower(name).startsWith(`${ns}.`));
const allowedProcedure = (name: string) => ALLOWED_PROCEDURES.includes(lower(name));

/** The tokens that make up one argument list: from the `(` after index `open` to its matching `)`. */
function argumentsAfter(tokens: ParsedCypherToken[], open: number): { args: ParsedCypherToken[][]; end: number } {
  const args: ParsedCypherToken[][] = [[]];
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.tokenType === "comment") continue;
    if (t.token === "(" || t.token === "[" || t.token === "{") {
      depth++;
      if (depth === 1) continue;
    } else if (t.token === ")" || t.token === "]" || t.token === "}") {
      depth--;
      if (depth === 0) return { args: args.filter((a) => a.length), end: i };
    } else if (depth === 1 && t.token === ",") {
      args.push([]);
      continue;
    }
    args.at(-1)!.push(t);
  }
  return { args: args.filter((a) => a.length), end: tokens.length };
}

/** The integer value of a range() bound: a literal, or a parameter sent with the query; null when computed. */
function boundValue(arg: ParsedCypherToken[], params: Record<string, unknown>): number | null {
  const toks = arg.filter((t) => t.tokenType !== "comment");
  let sign = 1;
  let k = 0;
  if (toks[0]?.token === "-" && toks.length > 1) {
    sign = -1;
    k = 1;
  }
  const rest = toks.slice(k);
  if (rest.length === 1 && rest[0]!.tokenType === "numberLiteral") {
    const v = Number(rest[0]!.token.replace(/_/g, ""));
    return Number.isFinite(v) ? sign * v : null;
  }
  if (rest.length === 2 && rest[0]!.tokenType === "paramDollar" && rest[1]!.tokenType === "paramValue") {
    const v = params[unquote(rest[1]!.token)];
    if (typeof v === "number" && Number.isFinite(v)) return sign * v;
    if (typeof v === "bigint") return sign * Number(v);
  }
  return null;
}

/**
 * A bound computed from the size of a list (`size(xs) - 1`) is bounded by the memory that list takes, which the
 * database limits; any other computed bound is not.
 */
function sizeBounded(arg: ParsedCypherToken[]): boolean {
  const toks = arg.filter((t) => t.tokenType !== "comment");
  if (!toks.some((t) => t.tokenType === "function" && /^(size|length)$/i.test(t.token))) return false;
  let depth = 0;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    if (depth === 0) {
      if (t.tokenType === "function" && /^(size|length)$/i.test(t.token) && toks[i + 1]?.token === "(") continue;
      if (t.token === "(") {
        depth++;
        continue;
      }
      if (["+", "-"].includes(t.token) || t.tokenType === "numberLiteral") continue;
      return false;
    }
    if (t.token === "(") depth++;
    else if (t.token === ")") depth--;
  }
  return depth === 0;
}

/**
 * Layer 1: checks the query as Neo4j's grammar reads it. Throws a RefusedQuery naming what was refused and where;
 * returns the query unchanged when it passes.
 */
export function checkParsed(query: string, params: Record<string, unknown>, fns: FunctionRegistry): string {
  const meaningful = (s: string) => highlightSyntax(s).some((t) => t.tokenType !== "comment" && t.token !== ";");
  if (parseStatementsStrs(query).filter(meaningful).length > 1) {
    throw new RefusedQuery("cypher_multiple_statements", "Send one statement at a time.");
  }
  const tokens = highlightSyntax(query).filter((t) => t.tokenType !== "comment");
  const where = (t: ParsedCypherToken) => positionOf(query, t.position.startOffset);
  const keyword = (t: ParsedCypherToken | undefined, word: string) =>
    t?.tokenType === "keyword" && t.token.toUpperCase() === word;

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (keyword(t, "LOAD") && keyword(tokens[i + 1], "CSV")) {
      throw new RefusedQuery(
        "cypher_load_csv_refused",
        "LOAD CSV is refused: the console cannot read files or URLs.",
        where(t),
      );
    }
    if (keyword(t, "TRANSACTIONS") && tokens.slice(Math.max(0, i - 3), i).some((p) => keyword(p, "IN"))) {
      throw new RefusedQuery(
        "cypher_transactions_refused",
        "CALL … IN TRANSACTIONS is refused: the console runs one read transaction.",
        where(t),
      );
    }
    if (keyword(t, "USE")) {
      throw new RefusedQuery(
        "cypher_use_refused",
        "USE is refused: the console reads only the configured database.",
        where(t),
      );
    }
    if (["SHOW", "TERMINATE"].some((w) => keyword(t, w)) || (i === 0 && ADMIN_VERBS.has(t.token.toUpperCase()))) {
      throw new RefusedQuery(
        "cypher_admin_refused",
        `${t.token.toUpperCase()} commands are refused: the console runs read queries on the data. ` +
          "CALL db.labels() and db.schema.visualization() describe the schema.",
        where(t),
      );
    }
  }

  checkIterationDepth(tokens, (t) => where(t));

  for (const { name, at } of qualifiedNames(tokens, "procedure")) {
    if (!allowedProcedure(name)) {
      throw new RefusedQuery(
        "cypher_procedure_refused",
        `The procedure ${name} is not on the console's allow-list (allowed: ${ALLOWED_PROCEDURES.join(", ")}).`,
        where(at),
      );
    }
  }

  let product = 1;
  for (const { name, at, end } of qualifiedNames(tokens, "function")) {
    if (!isBuiltIn(name, fns) && !allowedUserFunction(name)) {
      throw new RefusedQuery(
        "cypher_function_refused",
        `The function ${name} is not on the console's allow-list: Cypher's built-in functions and ` +
          `${ALLOWED_FUNCTION_NAMESPACES.map((ns) => `${ns}.*`).join(", ")} are.`,
        where(at),
      );
    }
    if (lower(name) !== "range") continue;
    const { args } = argumentsAfter(tokens, end + 1);
    const [from = null, to = null, step = null] = args.map((a) => boundValue(a, params));
    if (from === null || to === null) {
      // Computed bounds pass only when a list's size bounds them (the database limits the list's memory).
      if (args.length >= 2 && args.slice(0, 2).every((a, k) => [from, to][k] !== null || sizeBounded(a))) continue;
      throw new RefusedQuery(
        "cypher_range_refused",
        "range() bounds must be numbers, parameters or the size of a list: a computed range cannot be stopped " +
          "once the database evaluates it.",
        where(at),
      );
    }
    // A computed step is taken as 1, the largest range it could make.
    const size = Math.floor(Math.abs(to - from) / Math.max(1, Math.abs(step ?? 1))) + 1;
    product *= size;
    if (size > MAX_RANGE || product > MAX_RANGE_PRODUCT) {
      throw new RefusedQuery(
        "cypher_range_refused",
        size > MAX_RANGE
          ? `range(${from}, ${to}) would make ${size.toExponential(1)} values; the console allows at most ` +
              `${MAX_RANGE.toLocaleString("en")} in one range().`
          : `The ranges in this query would make ${product.toExponential(1)} combinations; the console allows ` +
              `at most ${MAX_RANGE_PRODUCT.toLocaleString("en")}.`,
        where(at),
      );
    }
  }
  return query;
}

/** How deeply list iterations (reduce, comprehensions, all/any/none/single) may nest in one expression. */
export const MAX_ITERATION_DEPTH = 2;

const ITERATING_FUNCTIONS = new Set(["reduce", "all", "any", "none", "single"]);

const NESTING_MESSAGE = `List iterations (reduce, list comprehensions, all/any/none/single) nest more than \
${MAX_ITERATION_DEPTH} deep here: the database cannot stop such an expression once it runs. Unwind the outer \
levels into rows instead, which it can stop.`;

/**
 * Neo4j checks its time limit between rows, never inside one expression: three list iterations nested over the
 * network's collected nodes (1,446³ steps on the curated data) run for a minute past any limit, and cannot be
 * terminated. So nesting is bounded: a list iteration is `reduce(`, `all(`/`any(`/`none(`/`single(`, or a list
 * comprehension `[x IN …`.
 */
function checkIterationDepth(tokens: ParsedCypherToken[], where: (t: ParsedCypherToken) => unknown): void {
  const frames: boolean[] = [];
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.token === "(" || t.token === "[" || t.token === "{") {
      const prev = tokens[i - 1];
      const next = tokens[i + 1];
      const iterating =
        (t.token === "(" && prev?.tokenType === "predicateFunction" && ITERATING_FUNCTIONS.has(lower(prev.token))) ||
        (t.token === "[" &&
          next?.tokenType === "variable" &&
          tokens[i + 2]?.tokenType === "keyword" &&
          tokens[i + 2]!.token.toUpperCase() === "IN");
      frames.push(iterating);
      if (iterating && ++depth > MAX_ITERATION_DEPTH) {
        throw new RefusedQuery("cypher_nesting_refused", NESTING_MESSAGE, where(t) as { line: number; column: number });
      }
    } else if (t.token === ")" || t.token === "]" || t.token === "}") {
      if (frames.pop()) depth--;
    }
  }
}

/** Verbs that begin administration commands, refused where a statement starts. */
const ADMIN_VERBS = new Set([
  "GRANT",
  "DENY",
  "REVOKE",
  "ALTER",
  "START",
  "STOP",
  "ENABLE",
  "DISABLE",
  "DEALLOCATE",
  "REALLOCATE",
  "RENAME",
  "DRYRUN",
]);

/** The part of a plan the checks read (the driver's `ResultSummary.plan`). */
export interface PlanNode {
  operatorType: string;
  arguments: Record<string, unknown>;
  children: PlanNode[];
}

/**
 * Layer 2: checks the plan Neo4j made for the query. Every operator must be an allow-listed read; every procedure
 * call an allow-listed procedure; and no operator's expressions may call a user-defined function outside the
 * allow-list (names as Neo4j itself renders them).
 */
export function checkPlan(plan: PlanNode, fns: FunctionRegistry): void {
  const refusedFunctions = [...fns.userDefined].filter((f) => !allowedUserFunction(f));
  const visit = (node: PlanNode) => {
    const operator = node.operatorType.replace(/@.*$/, "");
    const details = typeof node.arguments.Details === "string" ? node.arguments.Details : "";
    if (operator === "LoadCSV") {
      throw new RefusedQuery("cypher_load_csv_refused", "LOAD CSV is refused: the console cannot read files or URLs.");
    }
    if (/^Transaction(Apply|Foreach)$/.test(operator)) {
      throw new RefusedQuery(
        "cypher_transactions_refused",
        "CALL … IN TRANSACTIONS is refused: the console runs one read transaction.",
      );
    }
    const base = operator.replace(/\(.*\)$/, "");
    if (!READ_OPERATORS.has(operator) && !READ_OPERATOR_BASES.has(base) && !READ_OPERATOR_FAMILY.test(operator)) {
      throw new RefusedQuery(
        /^(Show|Terminate)/.test(operator) ? "cypher_admin_refused" : "cypher_operator_refused",
        `The console runs only reading operators; Neo4j plans this query with ${operator}, which is not on its ` +
          "allow-list.",
      );
    }
    if (operator === "ProcedureCall") {
      const name = /^\s*([^\s(]+)\s*\(/.exec(details)?.[1] ?? details;
      if (!allowedProcedure(unquote(name))) {
        throw new RefusedQuery(
          "cypher_procedure_refused",
          `The procedure ${name} is not on the console's allow-list (allowed: ${ALLOWED_PROCEDURES.join(", ")}).`,
        );
      }
    }
    const text = lower(details);
    const called = refusedFunctions.find((f) => text.includes(`${lower(f)}(`));
    if (called) {
      throw new RefusedQuery("cypher_function_refused", `The function ${called} is not on the console's allow-list.`);
    }
    for (const child of node.children) visit(child);
  };
  visit(plan);
}
