/** The export menu: the drawing as PNG or SVG (loaded when first used), data files from the API for the view. */
import type Sigma from "sigma";
import { scopeQuery, type Filters } from "../../../shared/filters.ts";
import type { ViewState } from "../url-state.ts";

/** The API's export of the view's scope in a format, with measures to include. */
export function dataExportUrl(format: string, f: Filters, include: string[] = []): string {
  const q = scopeQuery(f);
  return `/api/export?format=${format}${q ? `&${q}` : ""}${include.length ? `&include=${include.join(",")}` : ""}`;
}

export function attachExportMenu(
  select: HTMLSelectElement,
  renderer: () => Sigma | null,
  state: () => ViewState,
  fail: (e: unknown) => void,
): void {
  select.addEventListener("change", () => {
    const choice = select.value;
    select.value = "";
    const r = renderer();
    if (!choice || !r) return;
    if (choice === "svg" || choice.startsWith("png")) {
      import("../renderer/export-image.ts")
        .then(({ downloadPng, downloadSvg }) =>
          choice === "svg" ? downloadSvg(r) : downloadPng(r, Number(choice.slice(3))),
        )
        .catch(fail);
    } else {
      const s = state();
      const include: string[] = s.size !== "degree" ? [s.size] : [];
      if (s.colorBy === "cluster") include.push("community");
      // "CSV for Excel" is the CSV export with a byte-order mark.
      const [format, extra] = choice === "csv-excel" ? ["csv", "&bom=true"] : [choice, ""];
      location.assign(dataExportUrl(format, s.filters, include) + extra);
    }
  });
}
