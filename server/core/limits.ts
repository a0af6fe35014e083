/** Per-client rate limits for the expensive endpoints, answering 429 in the API's error format. */
import type { RequestHandler } from "express";
import { rateLimit } from "express-rate-limit";
import { ApiError } from "./errors.ts";

export function perMinute(limit: number): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit,
    standardHeaders: "draft-7",
    legacyHeaders: false,
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
