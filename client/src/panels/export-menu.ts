/**
 * The export menu: the drawing as PNG or SVG (loaded when first used), and data files from the API holding what is
 * on screen — the filters, an ego focus, minimum ties, or the nodes of a shown path or query result — whose
 * metadata describes that selection.
 */
import type Sigma from "sigma";
import type { Filters } from "../../../shared/filters.ts";
import { MAX_VIEW_NODES, viewQuery } from "../../../shared/view-scope.ts";
import type { ViewState } from "../url-state.ts";
import { figureCaption } from "../renderer/figure-caption.ts";

/** The API's export of the view (its scope, focus and shown nodes) in a format, with measures to include. */
export function dataExportUrl(
  format: string,
  f: Filters,
  include: string[] = [],
  shown?: ReadonlySet<string> | null,
): string {
  const q = viewQuery(f, shown);
  return `/api/export?format=${format}${q ? `&${q}` : ""}${include.length ? `&include=${include.join(",")}` : ""}`;
}

export function attachExportMenu(
  select: HTMLSelectElement,
  renderer: () => Sigma | null,
  state: () => ViewState,
  fail: (e: unknown) => void,
  /** The nodes of a shown path or query result, when one is shown. */
  shown: () => ReadonlySet<string> | null = () => null,
  /** The nodes the picture on screen labels (a figure labels the same). */
  labelled: () => ReadonlySet<string> = () => new Set(),
): void {
  select.addEventListener("change", () => {
    const choice = select.value;
    select.value = "";
    const r = renderer();
    if (!choice || !r) return;
    if (choice === "svg" || choice.startsWith("png")) {
      // The figure's caption says what it shows, as the data files' metadata does.
      const graph = r.getGraph();
      const caption = figureCaption(state(), {
        name: (id) => (graph.hasNode(id) ? String(graph.getNodeAttribute(id, "label") ?? id) : id),
        shown: shown()?.size ?? null,
        link: location.href,
      });
      import("../renderer/export-image.ts")
        .then(({ downloadPng, downloadSvg }) =>
          choice === "svg"
            ? downloadSvg(r, caption, labelled())
            : downloadPng(r, Number(choice.slice(3)), caption, labelled()),
        )
        .catch(fail);
    } else {
      const s = state();
      const nodes = shown();
      if (nodes && nodes.size > MAX_VIEW_NODES) {
        fail(
          new Error(
            `The highlighted result has ${nodes.size} nodes; a file can name at most ${MAX_VIEW_NODES}. ` +
              "Narrow the query, or clear the highlight to export the filtered view.",
          ),
        );
        return;
      }
      const include: string[] = s.size !== "degree" ? [s.size] : [];
      if (s.colorBy === "cluster") include.push("community");
      // "CSV for Excel" is the CSV export with a byte-order mark.
      const [format, extra] = choice === "csv-excel" ? ["csv", "&bom=true"] : [choice, ""];
      location.assign(dataExportUrl(format, s.filters, include, nodes?.size ? nodes : null) + extra);
    }
  });
}
