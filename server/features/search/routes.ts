/** Search: ranked, typo-tolerant full-text search over names, acronyms and aliases. */
import { z } from "zod";
import type { Database } from "../../core/db.ts";
import { route } from "../../core/routes.ts";
import { luceneQuery } from "./lucene.ts";
import type { SearchHit } from "../../../shared/api.ts";

/** One search result. */
export type { SearchHit };

export const searchRoutes = (db: Database) => [
  route({
    method: "get",
    path: "/api/search",
    tag: "search",
    summary: "Find actors and partnerships by name, acronym or alias (typo-tolerant)",
    query: z.object({
      q: z.string().trim().min(1, "must not be empty").max(200).describe("What to look for"),
      limit: z.coerce.number().int().min(1).max(100).default(10).describe("Maximum number of results"),
    }),
    returns: "{ results: [{id, name, acronym, labels, sector, kind, country, score}], truncated }",
    handler: async ({ query }) => {
      const lucene = luceneQuery(query.q);
      if (!lucene) return { results: [], truncated: false };
      const rows = await db.readRows<SearchHit & { match?: number } & Record<string, unknown>>("search/entities", {
        lucene,
        text: query.q.toLowerCase(),
        // Exact matches are ranked first among more candidates than are shown.
        candidates: Math.max(50, (query.limit + 1) * 5),
        limit: query.limit + 1,
      });
      const results = rows.slice(0, query.limit).map(({ match: _m, ...hit }) => hit);
      return { results, truncated: rows.length > query.limit };
    },
  }),
];
