/**
 * The names behind the ids the data uses (issues by slug, countries by ISO alpha-3 code), loaded once, for forms
 * that offer names and for the history that shows them; and a picker of several countries by name.
 */
import { api } from "../api.ts";
import { html, render } from "../html.ts";

export interface Vocabulary {
  issues: { id: string; name: string }[];
  countries: { id: string; name: string }[];
  issueName: Map<string, string>;
  countryName: Map<string, string>;
}

let loading: Promise<Vocabulary> | null = null;

/** The issues and countries with their names (read once per page). */
export function vocabulary(): Promise<Vocabulary> {
  loading ??= Promise.all([api.issues(), api.countries()]).then(([i, c]) => {
    const issues = i.issues.map((x) => ({ id: x.id, name: x.name }));
    const countries = c.countries.map((x) => ({ id: x.id, name: x.name })).sort((a, b) => a.name.localeCompare(b.name));
    return {
      issues,
      countries,
      issueName: new Map(issues.map((x) => [x.id, x.name])),
      countryName: new Map(countries.map((x) => [x.id, x.name])),
    };
  });
  loading.catch(() => (loading = null));
  return loading;
}

/**
 * A picker of several countries by name: type a name (the list offers the matches), Enter or "Add" puts it in;
 * each chosen country has a ✕. `value()` gives their ISO codes; an unknown name is said beside the field.
 */
export function countryPicker(
  box: HTMLElement,
  vocab: Vocabulary,
  initial: string[],
  name: string,
): { value(): string[] } {
  const chosen = [...new Set(initial)];
  const listId = `${name}-names`;
  render(
    box,
    html`<span class="chips"></span>
      <span class="picker-row"
        ><input
          list="${listId}"
          data-picker="${name}"
          placeholder="Type a country's name"
          aria-label="Add a country"
          autocomplete="off"
        /><button type="button" data-add>Add</button></span
      >
      <datalist id="${listId}">${vocab.countries.map((c) => html`<option value="${c.name}"></option>`)}</datalist>
      <small class="error" role="alert"></small>`,
  );
  const chips = box.querySelector<HTMLElement>(".chips")!;
  const input = box.querySelector<HTMLInputElement>("input")!;
  const problem = box.querySelector<HTMLElement>("small.error")!;
  const draw = () => {
    render(
      chips,
      html`${chosen.map(
        (code) =>
          html`<span class="chip" data-code="${code}"
            >${vocab.countryName.get(code) ?? code}
            <button type="button" aria-label="Remove ${vocab.countryName.get(code) ?? code}">✕</button></span
          >`,
      )}`,
    );
    chips.querySelectorAll<HTMLButtonElement>("button").forEach((b) => {
      b.onclick = () => {
        chosen.splice(chosen.indexOf(b.parentElement!.dataset.code!), 1);
        draw();
      };
    });
  };
  const add = () => {
    const typed = input.value.trim();
    if (!typed) return;
    const hit =
      vocab.countries.find((c) => c.name.toLowerCase() === typed.toLowerCase()) ??
      vocab.countries.find((c) => c.id === typed.toUpperCase());
    if (!hit) {
      problem.textContent = `“${typed}” is not a country name from the list`;
      return;
    }
    problem.textContent = "";
    if (!chosen.includes(hit.id)) chosen.push(hit.id);
    input.value = "";
    draw();
  };
  box.querySelector<HTMLButtonElement>("[data-add]")!.onclick = add;
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter") {
      e.preventDefault();
      add();
    }
  });
  // Picking from the list fills the input with a full name: added at once.
  input.addEventListener("input", () => {
    if (vocab.countries.some((c) => c.name === input.value)) add();
  });
  draw();
  return { value: () => [...chosen] };
}
