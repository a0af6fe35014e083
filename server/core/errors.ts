/**
 * API errors: one type for everything a client may see, one mapping from Neo4j's failures to it, and the
 * Express middleware that answers `{ "error": { "code", "message" } }` with no stack or query text.
 */
import type { ErrorRequestHandler } from "express";
import { Neo4jError } from "neo4j-driver";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export const badRequest = (code: string, message: string, details?: Record<string, unknown>) =>
  new ApiError(400, code, message, details);
export const notFound = (message: string) => new ApiError(404, "not_found", message);

/** Neo4j's codes of a transaction stopped at its time limit (the client's or the server's). */
const TIMED_OUT = "Neo.ClientError.Transaction.TransactionTimedOut";

/**
 * Whether Neo4j stopped a transaction before it finished: at its time limit (the client's or the server's, also while
 * it waited for a lock: LockClientStopped), or terminated (by an administrator, or at shutdown).
 */
export function isStopped(e: Neo4jError): boolean {
  const code = e.code ?? "";
  return (
    code.startsWith(TIMED_OUT) ||
    code === "Neo.ClientError.Transaction.LockClientStopped" ||
    code === "Neo.ClientError.Transaction.Terminated" ||
    code === "Neo.TransientError.Transaction.Terminated"
  );
}

/** What db.ts adds to a stopped transaction's error: the statement it was running, its limit and its age. */
export interface StoppedAt {
  statement: string;
  limitMs: number | undefined;
  elapsedMs: number;
}

/**
 * The answer for a transaction Neo4j stopped, naming the statement and the limit when db.ts knows them: 504 when it
 * ran to its time limit, 503 (ask again) when something else stopped it sooner.
 */
function stopped(e: Neo4jError & Partial<StoppedAt>): ApiError {
  const code = e.code ?? "";
  const where = e.statement
    ? { statement: e.statement, limitMs: e.limitMs ?? null, elapsedMs: e.elapsedMs ?? null }
    : undefined;
  const what = e.statement ? `The query ${e.statement}` : "The query";
  const timedOut =
    code.startsWith(TIMED_OUT) || (e.limitMs !== undefined && e.elapsedMs !== undefined && e.elapsedMs >= e.limitMs);
  if (timedOut) {
    const limit = e.limitMs === undefined ? "its time limit" : `its time limit of ${e.limitMs / 1000} s`;
    return new ApiError(504, "query_timeout", `${what} ran past ${limit} and was stopped.`, where);
  }
  return new ApiError(
    503,
    "query_stopped",
    `${what} was stopped by the database before it finished (terminated, or the database is shutting down); ` +
      "nothing of it was written. Try again.",
    where,
  );
}

const UNAVAILABLE_CODES = new Set([
  "ServiceUnavailable",
  "SessionExpired",
  "Neo.TransientError.General.DatabaseUnavailable",
]);

/** True when an error means the database cannot be reached (as opposed to a bad query). */
export function isUnavailable(e: unknown): boolean {
  if (e instanceof Neo4jError) {
    if (UNAVAILABLE_CODES.has(e.code)) return true;
    return /acquisition timed out|ECONNREFUSED|ECONNRESET|connection.*(closed|lost|timed out)|Pool is closed/i.test(
      e.message,
    );
  }
  return false;
}

/** Turns any error into the ApiError a client may see. */
export function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  if (isUnavailable(e)) {
    return new ApiError(503, "database_unavailable", "The database is not reachable right now; try again shortly.");
  }
  if (e instanceof Neo4jError) {
    const code = e.code ?? "";
    if (isStopped(e)) return stopped(e);
    if (
      code === "Neo.ClientError.Security.Unauthorized" ||
      code === "Neo.ClientError.Security.AuthenticationRateLimit"
    ) {
      return new ApiError(503, "database_auth", "The server could not sign in to the database; check its credentials.");
    }
    if (code.startsWith("Neo.TransientError.General.MemoryPoolOutOfMemoryError") || code.includes("OutOfMemory")) {
      return new ApiError(422, "query_too_large", "The query needed more memory than the database allows.");
    }
    // Anything else the database calls transient (a deadlock between two writes, a lock it could not get in time)
    // may well succeed when asked again; a write that failed so was rolled back.
    if (code.startsWith("Neo.TransientError.")) {
      const busy = new ApiError(
        503,
        "database_busy",
        `The database could not finish this just now (${code.split(".").pop()}); nothing of it was written. Try again.`,
        { neo4jCode: code },
      );
      busy.cause = e;
      return busy;
    }
  }
  if (e instanceof SyntaxError && "status" in e && (e as { status?: number }).status === 400) {
    return badRequest("invalid_json", "The request body is not valid JSON.");
  }
  const status = (e as { status?: number; statusCode?: number }).status ?? (e as { statusCode?: number }).statusCode;
  if (status === 413) return new ApiError(413, "payload_too_large", "The request body is too large.");
  const internal = new ApiError(500, "internal", "Something went wrong on the server; it has been logged.");
  internal.cause = e; // logged by the error middleware, never sent
  return internal;
}

export const errorMiddleware: ErrorRequestHandler = (err, req, res, _next) => {
  const api = toApiError(err);
  if (api.status >= 500) {
    req.log?.error({ err: api.cause ?? err, code: api.code }, "request failed");
  }
  if (api.status === 503) res.set("Retry-After", "2");
  res.status(api.status).json({ error: { code: api.code, message: api.message, ...(api.details ?? {}) } });
};
