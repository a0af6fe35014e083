/**
 * Readable choices for countries, regions and issues, from the API (loaded once): countries by name, the UN
 * sub-regions the API's `region` parameter takes grouped under their continent, issues by name. Shared by the
 * filters and the query library's forms; the ids go into parameters, people see names.
 */
import { api } from "../api.ts";
import { html, type Html } from "../html.ts";

export interface Country {
  id: string;
  name: string;
  region: string;
  subregion: string;
}
export interface RegionGroup {
  region: string;
  subregions: string[];
}
export interface Places {
  /** Ordered by name. */
  countries: Country[];
  /** Continents in alphabetical order, each with its sub-regions. */
  regions: RegionGroup[];
  /** Ordered by name. */
  issues: { id: string; name: string }[];
}

let loaded: Promise<Places> | null = null;

/** The countries, regions and issues (one request each, once per page; a failure is retried on the next call). */
export function loadPlaces(): Promise<Places> {
  loaded ??= Promise.all([api.countries(), api.issues()])
    .then(([c, i]) => places(c.countries, i.issues))
    .catch((e: unknown) => {
      loaded = null;
      throw e;
    });
  return loaded;
}

/** Pure: the API's countries and issues as readable, ordered choices. */
export function places(
  countries: { id: string; name: string; region: string; subregion?: unknown }[],
  issues: { id: string; name: string }[],
): Places {
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
  const list = countries
    .map((c) => ({ id: c.id, name: c.name, region: c.region, subregion: String(c.subregion ?? "") }))
    .sort(byName);
  const groups = new Map<string, Set<string>>();
  for (const c of list) {
    if (!c.region) continue;
    const subs = groups.get(c.region) ?? groups.set(c.region, new Set()).get(c.region)!;
    if (c.subregion && c.subregion !== c.region) subs.add(c.subregion);
  }
  const regions = [...groups]
    .map(([region, subs]) => ({ region, subregions: [...subs].sort() }))
    .sort((a, b) => a.region.localeCompare(b.region));
  return { countries: list, regions, issues: [...issues].sort(byName) };
}

/** Whether a country lies in a region or sub-region (no region: every country). */
export const inRegion = (c: Country, region: string | undefined) =>
  !region || c.region === region || c.subregion === region;

const selected = (on: boolean) => (on ? html` selected` : "");

/** `<option>`s of the regions: each continent as a group, first the whole continent, then its sub-regions. */
export function regionOptions(regions: RegionGroup[], value = ""): Html {
  return html`${regions.map(
    (g) =>
      html`<optgroup label="${g.region}">
        <option value="${g.region}" ${selected(g.region === value)}>${g.region} (all)</option>
        ${g.subregions.map((s) => html`<option value="${s}" ${selected(s === value)}>${s}</option>`)}
      </optgroup>`,
  )}`;
}

/** `<option>`s of the countries in a region (all when none), by name; `only` keeps those listed. */
export function countryOptions(countries: Country[], region?: string, value = "", only?: Set<string>): Html {
  return html`${countries
    .filter((c) => inRegion(c, region) && (!only || only.has(c.id)))
    .map((c) => html`<option value="${c.id}" ${selected(c.id === value)}>${c.name}</option>`)}`;
}

/** `<option>`s of the issues, by name; `only` keeps those listed. */
export function issueOptions(issues: Places["issues"], value = "", only?: Set<string>): Html {
  return html`${issues
    .filter((i) => !only || only.has(i.id))
    .map((i) => html`<option value="${i.id}" ${selected(i.id === value)}>${i.name}</option>`)}`;
}
