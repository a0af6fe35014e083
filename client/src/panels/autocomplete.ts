/**
 * Search-as-you-type over the API's full-text search, with arrow keys, Enter and Escape. What keeps it from
 * answering (no match, the database away: it retries by itself, another failure) is said in the dropdown.
 */
import { api, type SearchHit } from "../api.ts";
import { html, render } from "../html.ts";
import { SECTOR_LABELS } from "../../../shared/palette.ts";
import { withRetry } from "./reconnect.ts";

export function attachAutocomplete(
  input: HTMLInputElement,
  list: HTMLUListElement,
  choose: (hit: SearchHit) => void,
): void {
  let hits: SearchHit[] = [];
  let active = -1;
  let controller: AbortController | null = null;
  let timer = 0;
  const close = () => {
    list.hidden = true;
    active = -1;
  };
  const draw = () => {
    render(
      list,
      html`${hits.map(
        (h, i) =>
          html`<li role="option" data-i="${i}" aria-selected="${i === active}">
            ${h.name}
            <small
              >${h.acronym ?? ""}
              ${(h.sector && SECTOR_LABELS[h.sector as keyof typeof SECTOR_LABELS]) ?? h.sector ?? h.kind ?? ""}
              ${h.country ?? ""}</small
            >
          </li>`,
      )}`,
    );
    list.hidden = hits.length === 0;
  };
  /** A line in the dropdown instead of hits. */
  const note = (text: string, error = false) => {
    hits = [];
    active = -1;
    render(list, html`<li class="note${error ? " error" : ""}" role="status">${text}</li>`);
    list.hidden = false;
  };
  input.addEventListener("input", () => {
    clearTimeout(timer);
    const q = input.value.trim();
    if (!q) {
      controller?.abort();
      return close();
    }
    timer = window.setTimeout(async () => {
      controller?.abort();
      const c = (controller = new AbortController());
      try {
        hits = (await withRetry(() => api.search(q, c.signal), { signal: c.signal, say: (t) => note(t, true) }))
          .results;
        active = hits.length ? 0 : -1;
        if (hits.length) draw();
        else note(`Nothing matches “${q}”.`);
      } catch (e) {
        if ((e as Error).name !== "AbortError") note(`Search failed: ${(e as Error).message}`, true);
      }
    }, 150);
  });
  const pick = (i: number) => {
    const hit = hits[i];
    if (!hit) return;
    input.value = hit.name;
    close();
    choose(hit);
  };
  input.addEventListener("keydown", (e) => {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      active = Math.max(0, Math.min(hits.length - 1, active + (e.key === "ArrowDown" ? 1 : -1)));
      draw();
    } else if (e.key === "Enter") {
      e.preventDefault();
      pick(active);
    } else if (e.key === "Escape") {
      // A search still under way must not open the list again.
      clearTimeout(timer);
      controller?.abort();
      close();
    }
  });
  list.addEventListener("mousedown", (e) => {
    const li = (e.target as HTMLElement).closest("li");
    if (li) pick(Number(li.dataset.i));
  });
  input.addEventListener("blur", () =>
    setTimeout(() => {
      controller?.abort();
      close();
    }, 150),
  );
}
