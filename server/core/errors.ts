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
    if (code.startsWith("Neo.ClientError.Transaction.TransactionTimedOut")) {
      return new ApiError(504, "query_timeout", "The query ran past its time limit and was stopped.");
    }
    if (
      code === "Neo.ClientError.Security.Unauthorized" ||
      code === "Neo.ClientError.Security.AuthenticationRateLimit"
    ) {
      return new ApiError(503, "database_auth", "The server could not sign in to the database; check its credentials.");
    }
    if (code.startsWith("Neo.TransientError.General.MemoryPoolOutOfMemoryError") || code.includes("OutOfMemory")) {
      return new ApiError(422, "query_too_large", "The query needed more memory than the database allows.");
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
