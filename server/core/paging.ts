/**
 * Paging of the API's lists: `offset` and `limit` query parameters in, and with the page `total` (how many items
 * the whole list holds), the `offset` and `limit` it was cut at, and `next`, the path and query of the following
 * page (the same request with `offset` moved on), or null on the last page. The answer's fields are declared in
 * shared/api.ts (`Page`), so the OpenAPI document shows them.
 */
import type { Request } from "express";
import { z } from "zod";
import type { Page } from "../../shared/api.ts";

/** The `offset` and `limit` query parameters of a list, with its default and largest page size. */
export const pageQuery = (limit: { default: number; max: number }) => ({
  offset: z.coerce
    .number()
    .int()
    .min(0)
    .max(1_000_000)
    .default(0)
    .describe("How many items to skip; the answer's `next` link carries the next page's"),
  limit: z.coerce.number().int().min(1).max(limit.max).default(limit.default).describe("Items per page"),
});

/** The page fields of an answer: the total, where the page was cut, and the link to the next page. */
export function page(req: Request, total: number, offset: number, limit: number): Page {
  const following = offset + limit;
  if (following >= total) return { total, offset, limit, next: null };
  const url = new URL(req.originalUrl, "http://localhost");
  url.searchParams.set("offset", String(following));
  url.searchParams.set("limit", String(limit));
  return { total, offset, limit, next: url.pathname + url.search };
}
