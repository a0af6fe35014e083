/**
 * What the explorer shows: the filters' meaning is shared/filters.ts's (the same as the API's scope); this module
 * adds the export links (and re-exports the edge sampler, graph/sampling.ts, for older imports).
 */
import { scopeQuery, type Filters } from "../../shared/filters.ts";

export {
  edgeMatches,
  NO_FILTERS,
  scopeQuery,
  visibleElements,
  type Filters,
  type Visible,
} from "../../shared/filters.ts";

export function dataExportUrl(format: string, f: Filters, include: string[] = []): string {
  const q = scopeQuery(f);
  return `/api/export?format=${format}${q ? `&${q}` : ""}${include.length ? `&include=${include.join(",")}` : ""}`;
}

export { EdgeSampler, type Box } from "./graph/sampling.ts";
