/**
 * The sources of each tie of a graph answer (a shortest-path result), on the tie itself: the explorer shows them
 * beside each step of a path without another request.
 */
import type { Database } from "../../core/db.ts";
import { relKey } from "../../../shared/model.ts";
import type { SerializedGraph } from "./payload.ts";

interface SourceRow {
  source: string;
  type: string;
  target: string;
  sources: string[] | null;
  sourceTitles: string[] | null;
  secondary: string | null;
  retrieved: string | null;
}

/** Adds `sources` (URLs), `sourceTitles`, `secondary` and `retrieved` to each edge's attributes. */
export async function withTieSources<G extends SerializedGraph>(db: Database, graph: G): Promise<G> {
  const ids = graph.nodes.map((n) => n.key);
  if (!ids.length) return graph;
  const rows = await db.readRows<SourceRow & Record<string, unknown>>("export/edge-sources", { ids });
  const byKey = new Map(rows.map((r) => [relKey(r.type, r.source, r.target), r]));
  return {
    ...graph,
    edges: graph.edges.map((e) => {
      const r = byKey.get(relKey(String(e.attributes.type), e.source, e.target));
      return r
        ? {
            ...e,
            attributes: {
              ...e.attributes,
              sources: r.sources ?? [],
              sourceTitles: r.sourceTitles ?? [],
              ...(r.secondary ? { secondary: r.secondary } : {}),
              ...(r.retrieved ? { retrieved: String(r.retrieved) } : {}),
            },
          }
        : e;
    }),
  };
}
