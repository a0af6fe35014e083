/** Per-client rate limits for the expensive endpoints, answering 429 in the API's error format. */
import type { RequestHandler } from "express";
import { rateLimit } from "express-rate-limit";
import { ApiError } from "./errors.ts";

/**
 * Failed attempts per client address and minute (sign-in): successful requests do not count, so a user who types
 * the right secret is never held back by earlier typos of others.
 */
export function failuresPerMinute(limit: number): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit,
    skipSuccessfulRequests: true,
    standardHeaders: "draft-7",
    legacyHeaders: false,
    // X-Forwarded-For is ignored on purpose unless TRUST_PROXY names a proxy (server/app.ts).
    validate: { xForwardedForHeader: false },
    handler: (_req, _res, next) =>
      next(
        new ApiError(
          429,
          "rate_limited",
          `Too many failed attempts: at most ${limit} a minute; try again in a minute.`,
        ),
      ),
  });
}

export function perMinute(limit: number): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit,
    standardHeaders: "draft-7",
    legacyHeaders: false,
    // X-Forwarded-For is ignored on purpose unless TRUST_PROXY names a proxy (server/app.ts).
    validate: { xForwardedForHeader: false },
    handler: (_req, _res, next) =>
      next(
        new ApiError(
          429,
          "rate_limited",
          `Too many requests: at most ${limit} a minute on this endpoint; try again shortly.`,
        ),
      ),
  });
}
