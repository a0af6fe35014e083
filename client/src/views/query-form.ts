/**
 * The query library's form fields, picked by name: an actor (or partnership) by search-as-you-type over
 * /api/search, a country, region or issue from readable lists (panels/places.ts), a sector or relationship type by
 * its label. The id goes into the parameters; people never type one.
 */
import { api, type LibraryQuery } from "../api.ts";
import { html, render, type Html } from "../html.ts";
import { attachAutocomplete } from "../panels/autocomplete.ts";
import { countryOptions, issueOptions, loadPlaces, regionOptions } from "../panels/places.ts";
import { REL_LABELS, SECTOR_LABELS } from "../../../shared/palette.ts";

type Param = LibraryQuery["params"][number];

const label = (p: Param) =>
  p.type === "sector"
    ? (v: string) => SECTOR_LABELS[v as keyof typeof SECTOR_LABELS] ?? v
    : p.type === "relType"
      ? (v: string) => REL_LABELS[v as keyof typeof REL_LABELS] ?? v
      : (v: string) => v;

/** The input for one parameter. */
export function queryField(p: Param): Html {
  const def = String(p.default);
  let input: Html;
  if (p.type === "actor") {
    input = html`<span class="search picker">
      <input
        type="search"
        class="actor-picker"
        data-param="${p.name}"
        placeholder="Type a name…"
        autocomplete="off"
        aria-label="${p.description}"
      />
      <ul role="listbox" hidden></ul>
      <input type="hidden" name="${p.name}" value="${def}" />
    </span>`;
  } else if (p.type === "country" || p.type === "issue" || p.type === "region") {
    // Filled with readable names once the lists arrive; the default stays chosen meanwhile.
    input = html`<select name="${p.name}" data-list="${p.type}" data-default="${def}">
      <option value="${def}" selected>${def}</option>
    </select>`;
  } else if (Array.isArray(p.choices)) {
    const show = label(p);
    input = html`<select name="${p.name}">
      ${p.choices.map((c) => html`<option value="${c}" ${c === def ? html`selected` : ""}>${show(c)}</option>`)}
    </select>`;
  } else {
    input = html`<input
      name="${p.name}"
      value="${def}"
      ${p.type === "int" || p.type === "year" ? html`type="number"` : ""}
    />`;
  }
  return html`<label>${p.description} ${input}</label>`;
}

/** Turns a rendered form's fields into pickers: names for the actors' defaults, readable lists, search. */
export function enhanceQueryForm(form: HTMLFormElement): void {
  form.querySelectorAll<HTMLInputElement>("input.actor-picker").forEach((text) => {
    const hidden = form.querySelector<HTMLInputElement>(`input[type=hidden][name="${text.dataset.param}"]`)!;
    const list = text.parentElement!.querySelector<HTMLUListElement>("ul")!;
    // The default's name, not its id.
    if (hidden.value)
      void api
        .node(hidden.value)
        .then((d) => {
          if (!text.value) text.value = String(d.node.name ?? hidden.value);
          text.dataset.picked = text.value;
        })
        .catch(() => undefined);
    text.addEventListener("input", () => {
      if (text.value !== text.dataset.picked) hidden.value = "";
    });
    attachAutocomplete(text, list, (hit) => {
      hidden.value = hit.id;
      text.dataset.picked = hit.name;
    });
  });
  const lists = form.querySelectorAll<HTMLSelectElement>("select[data-list]");
  if (!lists.length) return;
  void loadPlaces()
    .then((places) => {
      for (const select of lists) {
        const value = select.value || select.dataset.default || "";
        const options =
          select.dataset.list === "country"
            ? countryOptions(places.countries, undefined, value)
            : select.dataset.list === "issue"
              ? issueOptions(places.issues, value)
              : regionOptions(places.regions, value);
        render(select, options);
      }
    })
    .catch(() => undefined);
}

/** The parameters of a submitted form; an actor typed but not picked is looked up by its exact name or acronym.
 * Throws an error naming the field when a name matches nothing. */
export async function readQueryParams(form: HTMLFormElement, q: LibraryQuery): Promise<Record<string, unknown>> {
  const params: Record<string, unknown> = {};
  for (const p of q.params) {
    const field = form.elements.namedItem(p.name) as HTMLInputElement | HTMLSelectElement;
    let v = field.value;
    if (p.type === "actor" && !v) {
      const text = form.querySelector<HTMLInputElement>(`input.actor-picker[data-param="${p.name}"]`)!;
      const typed = text.value.trim();
      if (!typed) throw new Error(`${p.description}: type a name and pick it from the list.`);
      const hits = (await api.search(typed)).results;
      const same = (s: string | null | undefined) => !!s && s.toLowerCase() === typed.toLowerCase();
      const hit = hits.find((h) => same(h.name) || same(h.acronym)) ?? (hits.length === 1 ? hits[0] : undefined);
      if (!hit) throw new Error(`${p.description}: no single actor is named “${typed}”; pick one from the list.`);
      v = hit.id;
      (field as HTMLInputElement).value = hit.id;
      text.value = text.dataset.picked = hit.name;
    }
    params[p.name] = p.type === "int" || p.type === "year" ? Number(v) : v;
  }
  return params;
}
