/**
 * The filter and appearance controls: each control turns a person's input into a transition of the store
 * (state/view.ts), and `sync` puts the store's state back into the controls (after a shared link or a reset).
 */
import type Graph from "graphology";
import { html, render } from "../html.ts";
import type { Store } from "../state/store.ts";
import { transitions as T, type ExplorerState } from "../state/view.ts";
import type { ViewState } from "../url-state.ts";
import type { Filters } from "../../../shared/filters.ts";
import { REL_COLORS, REL_LABELS, REL_TYPES, SECTOR_COLORS, SECTOR_LABELS, SECTORS } from "../../../shared/palette.ts";

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

/** The datasets the graph holds (regions, countries and issues: place-filters.ts). */
function facets(graph: Graph) {
  const datasets = new Set<string>();
  graph.forEachNode((_n, a) => {
    if (a.dataset) datasets.add(a.dataset);
  });
  return { datasets: [...datasets].sort() };
}

const options = (values: string[], label = (v: string) => v) =>
  html`${values.map((v) => html`<option value="${v}">${label(v)}</option>`)}`;

export function buildControls(graph: Graph, store: Store<ExplorerState>): void {
  const filter = (patch: Partial<Filters>) => store.update((s) => T.setFilters(s, patch));

  /** A checkbox per value, with its colour swatch. */
  const checks = (box: HTMLElement, items: { value: string; color: string; label: string }[], line = false) =>
    render(
      box,
      html`${items.map(
        (i) =>
          html`<label
            ><input type="checkbox" value="${i.value}" /><span
              class="swatch${line ? " line" : ""}"
              style="background:${i.color}"
            ></span
            >${i.label}</label
          >`,
      )}`,
    );
  const sectorBox = $("filter-sector");
  checks(
    sectorBox,
    SECTORS.map((s) => ({ value: s, color: SECTOR_COLORS[s], label: SECTOR_LABELS[s] })),
  );
  const relBox = $("filter-rel");
  checks(
    relBox,
    REL_TYPES.map((t) => ({ value: t, color: REL_COLORS[t], label: REL_LABELS[t] })),
    true,
  );
  const onChecks = (box: HTMLElement, key: "sectors" | "relTypes") =>
    box.addEventListener("change", () =>
      filter({ [key]: [...box.querySelectorAll<HTMLInputElement>("input:checked")].map((i) => i.value) }),
    );
  onChecks(sectorBox, "sectors");
  onChecks(relBox, "relTypes");

  const f = facets(graph);
  const append = (id: string, fragment: ReturnType<typeof options>) =>
    $(id).insertAdjacentHTML("beforeend", fragment.text);
  // Regions, countries and issues get readable choices from the API (place-filters.ts).
  append("filter-dataset", options(f.datasets));
  // With one dataset loaded there is nothing to choose.
  $("dataset-section").hidden = f.datasets.length < 2 && store.get().view.filters.datasets.length === 0;

  const single = (id: string, key: "regions" | "countries" | "issues" | "datasets") =>
    $(id).addEventListener("change", (e) => {
      const v = (e.target as HTMLSelectElement).value;
      filter({ [key]: v ? [v] : [] });
    });
  single("filter-region", "regions");
  single("filter-country", "countries");
  single("filter-issue", "issues");
  single("filter-dataset", "datasets");
  const yearInput = (id: string, key: "from" | "to") =>
    $(id).addEventListener("change", (e) => {
      const v = (e.target as HTMLInputElement).value;
      filter({ [key]: /^\d{4}$/.test(v) ? Number(v) : undefined });
    });
  yearInput("filter-from", "from");
  yearInput("filter-to", "to");
  $("filter-min").addEventListener("change", (e) =>
    filter({ minDegree: Math.max(0, Number((e.target as HTMLInputElement).value) || 0) }),
  );
  $("filter-isolated").addEventListener("change", (e) => {
    const on = (e.target as HTMLInputElement).checked;
    filter({ minDegree: on ? Math.max(1, store.get().view.filters.minDegree) : 0 });
  });
  $("size-metric").addEventListener("change", (e) =>
    store.update((s) => T.setSize(s, (e.target as HTMLSelectElement).value as ViewState["size"])),
  );
  $("color-cluster").addEventListener("change", (e) =>
    store.update((s) => T.setColorBy(s, (e.target as HTMLInputElement).checked ? "cluster" : "sector")),
  );
}

/** Puts the state's values into the form controls. */
export function syncControls(state: ViewState): void {
  const f = state.filters;
  $("filter-sector")
    .querySelectorAll<HTMLInputElement>("input")
    .forEach((i) => (i.checked = f.sectors.includes(i.value)));
  $("filter-rel")
    .querySelectorAll<HTMLInputElement>("input")
    .forEach((i) => (i.checked = f.relTypes.includes(i.value)));
  $<HTMLSelectElement>("filter-region").value = f.regions[0] ?? "";
  $<HTMLSelectElement>("filter-country").value = f.countries[0] ?? "";
  $<HTMLSelectElement>("filter-issue").value = f.issues[0] ?? "";
  $<HTMLSelectElement>("filter-dataset").value = f.datasets[0] ?? "";
  $<HTMLInputElement>("filter-from").value = f.from ? String(f.from) : "";
  $<HTMLInputElement>("filter-to").value = f.to ? String(f.to) : "";
  $<HTMLInputElement>("filter-min").value = String(f.minDegree);
  $<HTMLInputElement>("filter-isolated").checked = f.minDegree > 0;
  $<HTMLSelectElement>("size-metric").value = state.size;
  $<HTMLInputElement>("color-cluster").checked = state.colorBy === "cluster";
  $("map-toggle").setAttribute("aria-pressed", String(state.layout === "map"));
  $("layout-toggle").toggleAttribute("disabled", state.layout === "map");
}
