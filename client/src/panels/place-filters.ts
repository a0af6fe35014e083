/**
 * The region, country and issue filters with readable choices: the UN sub-regions the API takes, grouped under
 * their continent; the countries where actors are based, by name, narrowed to the chosen region; issues by name.
 * Choosing a region drops a chosen country outside it.
 */
import type Graph from "graphology";
import { html, render } from "../html.ts";
import type { Store } from "../state/store.ts";
import { transitions as T, type ExplorerState } from "../state/view.ts";
import "./place-filters.css";
import { countryOptions, inRegion, issueOptions, loadPlaces, regionOptions, type Places } from "./places.ts";

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

export function setupPlaceFilters(graph: Graph, store: Store<ExplorerState>): Promise<void> {
  const based = new Set<string>();
  const issues = new Set<string>();
  graph.forEachNode((_n, a) => {
    if (a.country) based.add(a.country);
    for (const i of a.issues ?? []) issues.add(i);
  });
  const region = $<HTMLSelectElement>("filter-region");
  const country = $<HTMLSelectElement>("filter-country");
  const issue = $<HTMLSelectElement>("filter-issue");
  let places: Places | null = null;

  const fill = () => {
    if (!places) return;
    const f = store.get().view.filters;
    render(
      country,
      html`<option value="">${f.regions[0] ? `All countries in ${f.regions[0]}` : "All countries"}</option>
        ${countryOptions(places.countries, f.regions[0], f.countries[0] ?? "", based)}`,
    );
  };

  region.addEventListener("change", () => {
    const r = region.value || undefined;
    const chosen = store.get().view.filters.countries[0];
    const c = chosen && places?.countries.find((x) => x.id === chosen);
    // A chosen country outside the new region is dropped.
    if (c && !inRegion(c, r)) store.update((s) => T.setFilters(s, { countries: [] }));
  });
  store.subscribe((s, prev) => {
    if (
      s.view.filters.regions !== prev.view.filters.regions ||
      s.view.filters.countries !== prev.view.filters.countries
    )
      fill();
  });

  return loadPlaces().then((p) => {
    places = p;
    const f = store.get().view.filters;
    render(
      region,
      html`<option value="">All regions</option>
        ${regionOptions(p.regions, f.regions[0] ?? "")}`,
    );
    render(
      issue,
      html`<option value="">All issues</option>
        ${issueOptions(p.issues, f.issues[0] ?? "", issues)}`,
    );
    fill();
  });
}
