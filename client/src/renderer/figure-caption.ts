/**
 * The caption of an exported figure (PNG, SVG): a title naming what is shown — the view in words as the data
 * exports' metadata describes it (shared/view-scope.ts: filters, ego focus, minimum ties), and the highlighted path
 * or query result — what the colours mean, and where and when it was made. Pure: the tests call it directly.
 */
import { describeView } from "../../../shared/view-scope.ts";
import type { ViewState } from "../url-state.ts";

const SIZE_WORDS: Record<ViewState["size"], string> = {
  degree: "number of ties",
  pagerank: "PageRank",
  betweenness: "betweenness",
  closeness: "closeness (harmonic)",
  eigenvector: "eigenvector centrality",
};

export interface FigureCaption {
  title: string;
  lines: string[];
}

/** What a highlight shows: the shortest paths asked for, or a query's result. */
function highlightText(s: ViewState, name: (id: string) => string): string {
  if (s.path) return `shortest paths from ${name(s.path.from)} to ${name(s.path.to)} (at most ${s.path.maxHops} steps)`;
  if (s.query?.name) return `the result of the library query '${s.query.name}'`;
  if (s.query?.cypher) return "the result of a Cypher query";
  return "";
}

export function figureCaption(
  s: ViewState,
  opts: { name?: (id: string) => string; shown?: number | null; link: string; date?: Date },
): FigureCaption {
  const name = opts.name ?? ((id: string) => id);
  const shown = opts.shown ?? 0;
  const view = describeView(s.filters, name, shown ? { nodes: shown } : {});
  const lines: string[] = [];
  const what = shown ? highlightText(s, name) : "";
  if (what) lines.push(`Highlighted: ${what}.`);
  lines.push(`Colours: ${s.colorBy === "cluster" ? "clusters (Louvain)" : "sectors"}; size: ${SIZE_WORDS[s.size]}.`);
  const day = (opts.date ?? new Date()).toISOString().slice(0, 10);
  lines.push(`Coalition Atlas, ${day}. View: ${opts.link}`);
  return { title: `Coalition Atlas: ${view}`, lines };
}
