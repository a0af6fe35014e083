/** The status line (what is visible and drawn, out of what is loaded) and the message box. */
import type Graph from "graphology";
import { ApiError } from "../api.ts";
import { html, render } from "../html.ts";
import type { Visible } from "../../../shared/filters.ts";

export function renderCounts(el: HTMLElement, graph: Graph, visible: Visible, drawn: Set<string> | null): void {
  let actors = 0;
  for (const n of visible.nodes) if (graph.getNodeAttribute(n, "entity") === "Actor") actors++;
  el.textContent =
    `${actors} actors, ${visible.nodes.size - actors} partnerships, ${visible.edges.size} relationships ` +
    `(of ${graph.order} nodes, ${graph.size} relationships)` +
    (drawn
      ? `; ${drawn.size} relationships drawn (those in view, an even sample when too many): zoom in, narrow ` +
        "the filters or select an actor to draw more"
      : "");
  el.dataset.nodes = String(visible.nodes.size);
  el.dataset.edges = String(visible.edges.size);
  el.dataset.drawn = String(drawn?.size ?? visible.edges.size);
}

/**
 * Shows a message over the graph (or hides it on null). An error has a close button; a wait for the database has
 * a "Retry now" button too (`retry`).
 */
export function showMessage(box: HTMLElement, text: string | null, error = false, retry?: () => void): void {
  box.hidden = text === null;
  box.classList.toggle("error", error);
  if (!error) {
    box.textContent = text ?? "";
    return;
  }
  render(
    box,
    html`<span class="text">${text}</span>${retry ? html` <button data-retry>Retry now</button>` : ""}
      <button class="close" aria-label="Close the message">✕</button>`,
  );
  box.querySelector<HTMLButtonElement>(".close")!.onclick = () => (box.hidden = true);
  if (retry) box.querySelector<HTMLButtonElement>("[data-retry]")!.onclick = retry;
}

/** A failure in words a person can act on. */
export function failureText(e: unknown): string {
  return e instanceof ApiError && e.code === "database_unavailable"
    ? "The database is not reachable right now; the explorer tries again by itself and carries on once it is back."
    : e instanceof ApiError
      ? e.message
      : `Something went wrong: ${(e as Error).message}`;
}
