/** The curation dialogs' frame: a modal with a title and a body, and API failures as readable HTML. */
import { ApiError } from "../api.ts";
import { html, render, type Html } from "../html.ts";

/** A modal dialog with a title and a body; returns the dialog element (closed with Escape or its ✕ button). */
export function dialog(title: string, body: Html): HTMLDialogElement {
  const d = document.createElement("dialog");
  d.className = "form-dialog";
  render(
    d,
    html`<button class="close" aria-label="Close">✕</button>
      <h2>${title}</h2>
      ${body}`,
  );
  d.querySelector<HTMLButtonElement>(".close")!.onclick = () => d.close();
  d.addEventListener("close", () => d.remove());
  document.body.append(d);
  d.showModal();
  return d;
}

/** An API failure with each of its problems (the first 30). */
export function errorHtml(e: unknown): Html {
  if (e instanceof ApiError) {
    const problems: string[] = e.details.problems ?? [];
    return problems.length > 1
      ? html`${e.message}
          <ul>
            ${problems.slice(0, 30).map((p) => html`<li>${p}</li>`)}
          </ul>
          ${problems.length > 30 ? html`<p>… and ${problems.length - 30} more</p>` : ""}`
      : html`${e.message}`;
  }
  return html`${e instanceof Error ? e.message : String(e)}`;
}
