/** The status line (what is visible and drawn, out of what is loaded) and the message box. */
import type Graph from "graphology";
import { ApiError } from "../api.ts";
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

export function showMessage(box: HTMLElement, text: string | null, error = false): void {
  box.hidden = text === null;
  box.textContent = text ?? "";
  box.classList.toggle("error", error);
}

/** A failure in words a person can act on. */
export function failureText(e: unknown): string {
  return e instanceof ApiError && e.code === "database_unavailable"
    ? "The database is not reachable right now. The explorer will work again once it is back: reload in a moment."
    : e instanceof ApiError
      ? e.message
      : `Something went wrong: ${(e as Error).message}`;
}
