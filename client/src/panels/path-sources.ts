/**
 * The sources of each tie of a shortest path, for the path result: one line per step ("A → B, membership") with
 * links to the sources the /api/paths answer carries on each tie, so a path is checked without further clicks.
 */
import { html, type Html } from "../html.ts";
import { REL_LABELS } from "../../../shared/palette.ts";

/** The parts of a /api/paths answer this reads. */
export interface PathTies {
  edges: { source: string; target: string; attributes: Record<string, unknown> }[];
}

export interface PathStep {
  from: string;
  to: string;
  ties: { type: string; forward: boolean; sources: string[]; titles: string[] }[];
}

/** Each step of a path (node ids in order) with the ties that join its two ends and their sources. */
export function pathSteps(answer: PathTies, path: readonly string[]): PathStep[] {
  return path.slice(1).map((to, i) => {
    const from = path[i]!;
    const ties = answer.edges
      .filter((e) => (e.source === from && e.target === to) || (e.source === to && e.target === from))
      .map((e) => ({
        type: String(e.attributes.type ?? ""),
        forward: e.source === from,
        sources: Array.isArray(e.attributes.sources) ? e.attributes.sources.map(String) : [],
        titles: Array.isArray(e.attributes.sourceTitles) ? e.attributes.sourceTitles.map(String) : [],
      }));
    return { from, to, ties };
  });
}

/** The steps of a path as a list, each tie with its sources as links (titles where the data has them). */
export function pathTieSources(answer: PathTies, path: readonly string[], name: (id: string) => string): Html {
  return html`<ol class="path-tie-sources">
    ${pathSteps(answer, path).map(
      (step) =>
        html`<li data-from="${step.from}" data-to="${step.to}">
          ${name(step.from)} – ${name(step.to)}:
          ${step.ties.map(
            (t) =>
              html`<span class="tie"
                >${REL_LABELS[t.type as keyof typeof REL_LABELS] ?? t.type}${t.forward ? "" : " (reverse)"}
                ${
                  t.sources.length
                    ? t.sources.map(
                        (u, k) => html`<a href="${u}" target="_blank" rel="noopener">[${t.titles[k] || k + 1}]</a> `,
                      )
                    : html`<em>no source recorded</em>`
                }</span
              >`,
          )}
        </li>`,
    )}
  </ol>`;
}
