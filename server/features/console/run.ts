/**
 * Runs a query read-only and bounded. The layers, in order:
 * 1. a query written by a user is parsed with Neo4j's grammar and checked (guard.ts, `checkParsed`);
 * 2. Neo4j plans it (EXPLAIN) and the plan must be built only of allow-listed read operators and procedures
 *    (guard.ts, `checkPlan`), and the planner must call it a read;
 * 3. it runs in a read transaction with a time limit, streaming rows up to the row cap, then rolls back;
 * 4. the database's own memory limits (per transaction and in total, set well inside its heap) stop queries that
 *    grow too large.
 * A user's query also takes a place in the console lane, held until the database has really finished with it: when
 * the API gives up waiting (504), the transaction is terminated, and the place is given back only once it has
 * ended, so abandoned queries can never pile up on the database.
 */
import { randomUUID } from "node:crypto";
import neo4j, { Neo4jError, type Record as Neo4jRecord } from "neo4j-driver";
import { integerParams, type Database } from "../../core/db.ts";
import { ApiError, isStopped, toApiError } from "../../core/errors.ts";
import type { Lane } from "../../core/lanes.ts";
import type { QueryResult } from "../../../shared/api.ts";
import { convertRecords } from "../../core/result.ts";
import { checkParsed, checkPlan, RefusedQuery, type FunctionRegistry, type PlanNode } from "./guard.ts";

export interface RunLimits {
  timeoutMs: number;
  maxRows: number;
  maxNodes: number;
}

export interface RunOptions {
  /** True for a query a user wrote (console, export of a console query): checked by the parser first. */
  untrusted?: boolean;
  /** The lane whose place the query holds until the database has finished with it. */
  lane?: Lane;
}

/** A query's answer: the shape shared/api.ts declares for the API (and the OpenAPI document). */
export type RunResult = QueryResult;

/** Neo4j's message, with the query text and stack left out; keeps its "(line L, column C …)" position. */
function neo4jMessage(e: Neo4jError): string {
  return e.message.split("\n").filter((l) => l.trim() && !/^\s*"|^\s*\^\s*$/.test(l))[0] ?? e.message;
}

function position(e: Neo4jError): { line: number; column: number } | undefined {
  const m = /line (\d+), column (\d+)/.exec(e.message);
  return m ? { line: Number(m[1]), column: Number(m[2]) } : undefined;
}

/** How long past its timeout the API waits for the database before answering for it. */
const GRACE_MS = 3000;

const timeoutMessage = (limits: RunLimits) =>
  `The query ran past the console's limit of ${limits.timeoutMs / 1000} s and was stopped. ` +
  "Narrow it (add LIMIT, bound variable-length paths), or raise CYPHER_TIMEOUT_MS on the server.";

export function toConsoleError(e: unknown, limits: RunLimits): ApiError {
  if (e instanceof ApiError) return e;
  if (e instanceof Neo4jError) {
    const code = e.code ?? "";
    if (code === "Neo.ClientError.Statement.SyntaxError" || code === "Neo.ClientError.Statement.SemanticError") {
      return new ApiError(400, "cypher_syntax", neo4jMessage(e), { position: position(e) });
    }
    if (isStopped(e)) {
      return new ApiError(504, "query_timeout", timeoutMessage(limits));
    }
    if (code === "Neo.ClientError.Statement.AccessMode" || code.startsWith("Neo.ClientError.Security")) {
      return new RefusedQuery("cypher_write_refused", "The console is read-only: the database refused this query.");
    }
    if (code.includes("MemoryPool") || code.includes("OutOfMemory")) {
      return new ApiError(
        422,
        "query_too_large",
        "The query needed more memory than the database allows for one query.",
      );
    }
    if (code.startsWith("Neo.ClientError.Procedure")) {
      return new ApiError(400, "cypher_procedure", neo4jMessage(e));
    }
    if (code.startsWith("Neo.ClientError.Statement")) {
      return new ApiError(400, "cypher_error", neo4jMessage(e));
    }
  }
  return toApiError(e);
}

const QUERY_TYPES: Record<string, string> = { r: "read", rw: "read and write", w: "write", s: "schema change" };

const registries = new WeakMap<Database, Promise<FunctionRegistry>>();

/** The database's functions, read once per connection: which are built in, which come from plugins. */
export function functionRegistry(db: Database): Promise<FunctionRegistry> {
  let found = registries.get(db);
  if (!found) {
    found = db.readRows<{ name: string; isBuiltIn: boolean }>("console/functions").then((rows) => ({
      builtIn: new Set(rows.filter((r) => r.isBuiltIn).map((r) => r.name.toLowerCase())),
      userDefined: new Set(rows.filter((r) => !r.isBuiltIn).map((r) => r.name)),
    }));
    found.catch(() => registries.delete(db));
    registries.set(db, found);
  }
  return found;
}

/**
 * Stops the transactions tagged with `tag` (best effort: a database user without the right to terminate others'
 * transactions still has the database's own time limit).
 */
async function terminateTagged(db: Database, tag: string): Promise<void> {
  const rows = await db.readRows<{ transactionId: string }>("console/tagged-transactions", { tag });
  if (rows.length) await db.readRows("console/terminate", { ids: rows.map((r) => r.transactionId) });
}

/** Runs `query` read-only within the limits. */
export async function runReadOnly(
  db: Database,
  query: string,
  params: Record<string, unknown>,
  limits: RunLimits,
  options: RunOptions = {},
): Promise<RunResult> {
  const started = performance.now();
  const functions = await functionRegistry(db);
  if (options.untrusted) checkParsed(query, params, functions);
  const release = options.lane ? await options.lane.acquire() : () => undefined;
  params = integerParams(params);
  /** Set when the answer gave up on the database: the session is then closed (and the place given back) later. */
  let abandoned = false;
  const tag = randomUUID();
  const session = db.driver.session({ database: db.database, defaultAccessMode: neo4j.session.READ });
  try {
    let queryType: string;
    try {
      const explained = await session.executeRead((tx) => tx.run(`EXPLAIN ${query}`, params), {
        timeout: limits.timeoutMs,
      });
      queryType = explained.summary.queryType;
      if (queryType !== "r") {
        throw new RefusedQuery(
          "cypher_write_refused",
          `The console only runs read queries; Neo4j classifies this one as ${QUERY_TYPES[queryType] ?? queryType}.`,
        );
      }
      if (!explained.summary.plan) throw new RefusedQuery("cypher_write_refused", "Neo4j gave no plan to check.");
      checkPlan(explained.summary.plan as unknown as PlanNode, functions);
    } catch (e) {
      // Administration and schema commands cannot be explained: they are not reads either.
      if (
        e instanceof Neo4jError &&
        /not supported|EXPLAIN|administration|system database/i.test(e.message) &&
        !/SyntaxError/.test(e.code)
      ) {
        throw new RefusedQuery(
          "cypher_write_refused",
          "The console only runs read queries; this is an administration or schema command.",
        );
      }
      throw e;
    }
    const tx = session.beginTransaction({ timeout: limits.timeoutMs, metadata: { atlasConsole: tag } });
    const records: Neo4jRecord[] = [];
    let columns: string[] = [];
    let truncatedRows = false;
    const stream = async () => {
      const result = tx.run(query, params);
      columns = await result.keys();
      for await (const record of result) {
        if (records.length >= limits.maxRows) {
          truncatedRows = true;
          break;
        }
        records.push(record);
      }
    };
    // The database enforces the timeout between rows; a single long expression is terminated explicitly.
    let timer: NodeJS.Timeout | undefined;
    const overdue = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        abandoned = true;
        reject(new ApiError(504, "query_timeout", timeoutMessage(limits)));
      }, limits.timeoutMs + GRACE_MS);
    });
    try {
      await Promise.race([stream(), overdue]);
    } finally {
      clearTimeout(timer);
      if (abandoned) void terminateTagged(db, tag).catch(() => undefined);
      const rollback = tx.rollback().catch(() => undefined);
      if (!abandoned) await rollback;
    }
    const converted = convertRecords(columns, records, limits.maxNodes);
    return {
      columns,
      rows: converted.rows,
      graph: converted.graph,
      summary: {
        queryType: QUERY_TYPES[queryType]!,
        rows: records.length,
        ms: Math.round(performance.now() - started),
        timeoutMs: limits.timeoutMs,
        maxRows: limits.maxRows,
        maxNodes: limits.maxNodes,
      },
      truncated: { rows: truncatedRows, nodes: converted.graphTruncated },
    };
  } catch (e) {
    throw toConsoleError(e, limits);
  } finally {
    // After a timeout the database may still be finishing: the answer does not wait for it, but the lane's place
    // is held until the session has closed, so the next console query starts only once this one has ended.
    const closing = session
      .close()
      .catch(() => undefined)
      .finally(release);
    if (!abandoned) await closing;
  }
}
