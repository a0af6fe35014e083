/** Search: ranked, typo-tolerant full-text search over names, acronyms and aliases. */
import { z } from "zod";
import type { Database } from "../../core/db.ts";
import { page, pageQuery } from "../../core/paging.ts";
import { route } from "../../core/routes.ts";
import { luceneQuery } from "./lucene.ts";
import type { SearchHit } from "../../../shared/api.ts";

/** One search result. */
export type { SearchHit };

/** How many of the full-text index's best matches a search ranks and pages through. */
export const SEARCH_WINDOW = 500;

export const searchRoutes = (db: Database) => [
  route({
    method: "get",
    path: "/api/search",
    tag: "search",
    summary: "Find actors and partnerships by name, acronym or alias (typo-tolerant)",
    query: z.object({
      q: z.string().trim().min(1, "must not be empty").max(200).describe("What to look for"),
      ...pageQuery({ default: 10, max: 100 }),
    }),
    returns: `{ results: [{id, name, acronym, labels, sector, kind, country, score}], truncated, total, offset, limit, next } (the best ${SEARCH_WINDOW} matches at most, ranked)`,
    handler: async ({ query, req }) => {
      const lucene = luceneQuery(query.q);
      const [found] = lucene
        ? await db.readRows<{ total: number; results: SearchHit[] }>("search/entities", {
            lucene,
            text: query.q.toLowerCase(),
            // Exact matches are ranked first among the index's best candidates: a fixed window, so that every
            // page is cut from the same ranking.
            candidates: SEARCH_WINDOW,
            offset: query.offset,
            limit: query.limit,
          })
        : [];
      const paging = page(req, found?.total ?? 0, query.offset, query.limit);
      return { results: found?.results ?? [], truncated: paging.next !== null, ...paging };
    },
  }),
];
