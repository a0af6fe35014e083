/** Per-client rate limits for the expensive endpoints and for sign-in, answering 429 in the API's error format. */
import type { RequestHandler } from "express";
import { rateLimit } from "express-rate-limit";
import { ApiError } from "./errors.ts";

function perClientMinute(limit: number, message: string, onlyFailures: boolean): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit,
    skipSuccessfulRequests: onlyFailures,
    standardHeaders: "draft-7",
    legacyHeaders: false,
    // X-Forwarded-For is ignored on purpose unless TRUST_PROXY names a proxy (server/app.ts).
    validate: { xForwardedForHeader: false },
    handler: (_req, _res, next) => next(new ApiError(429, "rate_limited", message)),
  });
}

/**
 * Failed attempts per client address and minute (sign-in): successful requests do not count, so a user who types
 * the right secret is never held back by earlier typos of others.
 */
export const failuresPerMinute = (limit: number): RequestHandler =>
  perClientMinute(limit, `Too many failed attempts: at most ${limit} a minute; try again in a minute.`, true);

/** Requests per client address and minute on one endpoint. */
export const perMinute = (limit: number): RequestHandler =>
  perClientMinute(limit, `Too many requests: at most ${limit} a minute on this endpoint; try again shortly.`, false);
