/**
 * The filter and appearance controls: each control turns a person's input into a transition of the store
 * (state/view.ts), and `sync` puts the store's state back into the controls (after a shared link or a reset).
 */
import type Graph from "graphology";
import { api } from "../api.ts";
import { html, render } from "../html.ts";
import type { Store } from "../state/store.ts";
import { transitions as T, type ExplorerState } from "../state/view.ts";
import type { ViewState } from "../url-state.ts";
import type { Filters } from "../../../shared/filters.ts";
import { REL_COLORS, REL_LABELS, REL_TYPES, SECTOR_COLORS, SECTOR_LABELS, SECTORS } from "../../../shared/palette.ts";

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

/** The values of the graph's facets that the selects offer. */
function facets(graph: Graph) {
  const regions = new Set<string>();
  const issues = new Set<string>();
  const datasets = new Set<string>();
  const countries = new Set<string>();
  graph.forEachNode((_n, a) => {
    if (a.region) regions.add(a.region);
    if (a.country) countries.add(a.country);
    for (const i of a.issues ?? []) issues.add(i);
    if (a.dataset) datasets.add(a.dataset);
  });
  const sorted = (s: Set<string>) => [...s].sort();
  return { regions: sorted(regions), issues: sorted(issues), datasets: sorted(datasets), countries: sorted(countries) };
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
  append("filter-region", options(f.regions));
  append("filter-country", options(f.countries));
  append(
    "filter-issue",
    options(f.issues, (v) => v.replace(/-/g, " ")),
  );
  append("filter-dataset", options(f.datasets));
  void api
    .countries()
    .then(({ countries: all }) => {
      const names = new Map(all.map((c) => [c.id, c.name]));
      for (const o of $<HTMLSelectElement>("filter-country").options)
        if (o.value) o.textContent = names.get(o.value) ?? o.value;
    })
    .catch(() => undefined);
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

/** Steps the year window one year at a time from the earliest year in the data. */
export class YearPlayer {
  private timer: number | null = null;

  constructor(
    private readonly button: HTMLElement,
    private readonly store: Store<ExplorerState>,
    private readonly span: () => [number, number] | null,
  ) {
    button.addEventListener("click", () => this.toggle());
  }

  toggle(): void {
    if (this.timer !== null) {
      clearInterval(this.timer);
      this.timer = null;
      this.button.textContent = "▶ Play";
      return;
    }
    const span = this.span();
    if (!span) return;
    const [min, max] = span;
    const to = this.store.get().view.filters.to;
    let year = to && to < max ? to + 1 : min;
    this.button.textContent = "⏸ Pause";
    this.timer = window.setInterval(() => {
      this.store.update((s) => T.setFilters(s, { to: year, from: undefined }));
      if (++year > max) this.toggle();
    }, 900);
  }
}
