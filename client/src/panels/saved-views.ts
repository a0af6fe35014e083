/**
 * Named saved views: the current view (its URL, which holds the whole state) kept under a name in this browser's
 * localStorage, listed in a menu where each opens, copies as a shareable link, or is deleted.
 */
import { html, render } from "../html.ts";
import { copyText } from "./help.ts";

export const SAVED_VIEWS_KEY = "atlas.savedViews";

export interface SavedView {
  name: string;
  /** The view's query string (`?sector=NGO&sel=…`), as the URL holds it. */
  search: string;
  savedAt: string;
}

/** The saved views, newest first (an unreadable store reads as none). */
export function readSavedViews(storage: Pick<Storage, "getItem"> = localStorage): SavedView[] {
  try {
    const list = JSON.parse(storage.getItem(SAVED_VIEWS_KEY) ?? "[]") as unknown;
    return Array.isArray(list)
      ? list.filter(
          (v): v is SavedView =>
            !!v && typeof v.name === "string" && typeof v.search === "string" && typeof v.savedAt === "string",
        )
      : [];
  } catch {
    return [];
  }
}

/** The list with `view` added (replacing one of the same name), newest first. */
export function withSaved(list: SavedView[], view: SavedView): SavedView[] {
  return [view, ...list.filter((v) => v.name !== view.name)];
}

export const withoutSaved = (list: SavedView[], name: string): SavedView[] => list.filter((v) => v.name !== name);

const linkOf = (v: SavedView) => `${location.origin}${location.pathname}${v.search}`;

/** The menu button and its pop-up: save the view under a name; open, copy or delete a saved one. */
export function attachSavedViews(button: HTMLButtonElement, pop: HTMLElement): void {
  const store = (list: SavedView[]) => localStorage.setItem(SAVED_VIEWS_KEY, JSON.stringify(list));
  const close = () => {
    pop.hidden = true;
    button.setAttribute("aria-expanded", "false");
  };
  const draw = (note = "") => {
    const list = readSavedViews();
    render(
      pop,
      html`<form class="save-view">
          <label
            >Save this view as <input name="name" required maxlength="80" placeholder="e.g. NGOs in Europe"
          /></label>
          <button type="submit">Save</button>
        </form>
        <p class="note" role="status">${note}</p>
        ${
          list.length
            ? html`<ul>
                ${list.map(
                  (v) =>
                    html`<li data-view="${v.name}">
                      <a href="${linkOf(v)}" title="Open this view">${v.name}</a>
                      <small>${new Date(v.savedAt).toLocaleDateString()}</small>
                      <button type="button" data-copy title="Copy this view's link">Copy link</button>
                      <button type="button" data-delete title="Delete this saved view" aria-label="Delete ${v.name}">
                        ✕
                      </button>
                    </li>`,
                )}
              </ul>`
            : html`<p>
                <small
                  >No saved views yet. A saved view keeps the filters, the focus, the selection and the open view; it
                  stays in this browser.</small
                >
              </p>`
        }`,
    );
    const form = pop.querySelector<HTMLFormElement>("form")!;
    form.onsubmit = (e) => {
      e.preventDefault();
      const name = String(new FormData(form).get("name") ?? "").trim();
      if (!name) return;
      store(withSaved(readSavedViews(), { name, search: location.search, savedAt: new Date().toISOString() }));
      draw(`Saved “${name}”.`);
    };
    pop.querySelectorAll<HTMLLIElement>("li[data-view]").forEach((li) => {
      const v = list.find((x) => x.name === li.dataset.view)!;
      li.querySelector<HTMLButtonElement>("[data-copy]")!.onclick = async (e) => {
        const b = e.currentTarget as HTMLButtonElement;
        await copyText(linkOf(v)).then(
          () => (b.textContent = "Copied ✓"),
          () => (b.textContent = "Copy failed"),
        );
      };
      li.querySelector<HTMLButtonElement>("[data-delete]")!.onclick = () => {
        store(withoutSaved(readSavedViews(), v.name));
        draw(`Deleted “${v.name}”.`);
      };
    });
  };
  button.addEventListener("click", () => {
    if (!pop.hidden) return close();
    draw();
    pop.hidden = false;
    button.setAttribute("aria-expanded", "true");
    pop.querySelector<HTMLInputElement>("input[name=name]")?.focus();
  });
  document.addEventListener("mousedown", (e) => {
    if (!pop.hidden && !pop.contains(e.target as Node) && e.target !== button) close();
  });
  pop.addEventListener("keydown", (e) => {
    if (e.key === "Escape") close();
  });
}
