/** The export menu: the drawing as PNG or SVG (loaded when first used), data files from the API for the view. */
import type Sigma from "sigma";
import { dataExportUrl } from "../filters.ts";
import type { ViewState } from "../url-state.ts";

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
      import("../export.ts")
        .then(({ downloadPng, downloadSvg }) =>
          choice === "svg" ? downloadSvg(r) : downloadPng(r, Number(choice.slice(3))),
        )
        .catch(fail);
    } else {
      const s = state();
      const include: string[] = s.size !== "degree" ? [s.size] : [];
      if (s.colorBy === "cluster") include.push("community");
      location.assign(dataExportUrl(choice, s.filters, include));
    }
  });
}
