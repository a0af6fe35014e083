/**
 * Runs a query read-only and bounded, the console's second and third layers: Neo4j first EXPLAINs it and it runs
 * only when the planner calls it read-only; then it runs in a read transaction with a timeout, streaming rows
 * until the row cap and rolling back. Neo4j's own failures come back as errors a researcher can act on.
 */
import neo4j, { Neo4jError, type Record as Neo4jRecord } from "neo4j-driver";
import { integerParams, type Database } from "../../core/db.ts";
import { ApiError, toApiError } from "../../core/errors.ts";
import { convertRecords, type ResultGraph } from "../../core/result.ts";
import { RefusedQuery } from "./guard.ts";

export interface RunLimits {
  timeoutMs: number;
  maxRows: number;
  maxNodes: number;
}

export interface RunResult {
  columns: string[];
  rows: Record<string, unknown>[];
  graph: ResultGraph;
  summary: { queryType: string; rows: number; ms: number; timeoutMs: number; maxRows: number; maxNodes: number };
  truncated: { rows: boolean; nodes: boolean };
}

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
    if (code.startsWith("Neo.ClientError.Transaction.TransactionTimedOut")) {
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

/** Runs `query` read-only within the limits. `guard` (the static check) runs first when given. */
export async function runReadOnly(
  db: Database,
  query: string,
  params: Record<string, unknown>,
  limits: RunLimits,
): Promise<RunResult> {
  const started = performance.now();
  params = integerParams(params);
  /** Set when the answer gave up on the database: then nothing below may wait for it. */
  let abandoned = false;
  const session = db.driver.session({ database: db.database, defaultAccessMode: neo4j.session.READ });
  try {
    let queryType: string;
    try {
      const explained = await session.executeRead((tx) => tx.run(`EXPLAIN ${query}`, params), {
        timeout: limits.timeoutMs,
      });
      queryType = explained.summary.queryType;
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
    if (queryType !== "r") {
      throw new RefusedQuery(
        "cypher_write_refused",
        `The console only runs read queries; Neo4j classifies this one as ${QUERY_TYPES[queryType] ?? queryType}.`,
      );
    }

    const tx = session.beginTransaction({ timeout: limits.timeoutMs });
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
    // The database enforces the timeout; this guard answers even if it cannot stop the query in time.
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
    // After a timeout the database may still be finishing: the answer must not wait for it.
    const closing = session.close().catch(() => undefined);
    if (!abandoned) await closing;
  }
}
