/** The change history (all of it, or one element's), with revert buttons for editors. */
import { api, currentSession } from "../api.ts";
import { html, render, table } from "../html.ts";
import { canEdit } from "./account.ts";
import { dialog, errorHtml } from "./dialog.ts";

export async function openHistory(target?: string): Promise<void> {
  const dlg = dialog(
    target ? `History of ${target}` : "Change history",
    html`<div class="history"><p>Loading…</p></div>`,
  );
  const box = dlg.querySelector<HTMLElement>(".history")!;
  try {
    const { changes, total } = await api.changes(target);
    const editor = canEdit(currentSession());
    const rows = changes.map(
      (c) =>
        html`<tr>
          <td>${new Date(c.at).toLocaleString()}</td>
          <td>${c.user}</td>
          <td>${c.action}</td>
          <td>${c.target}</td>
          <td>
            ${
              c.revertedBy
                ? html`<small>reverted</small>`
                : editor && /-(entity|relationship)$/.test(c.action)
                  ? html`<button data-revert="${c.id}">Revert</button>`
                  : ""
            }
          </td>
        </tr>`,
    );
    render(
      box,
      changes.length
        ? html`${table(["When", "Who", "What", "Element", ""], rows)}${
            total > changes.length ? html`<p><small>The newest ${changes.length} of ${total} changes.</small></p>` : ""
          }`
        : html`<p>No changes recorded yet.</p>`,
    );
    box.querySelectorAll<HTMLButtonElement>("[data-revert]").forEach((b) => {
      b.onclick = async () => {
        try {
          await api.send("POST", `/api/changes/${b.dataset.revert}/revert`);
          location.reload();
        } catch (e) {
          alert(e instanceof Error ? e.message : String(e));
        }
      };
    });
  } catch (e) {
    render(box, html`<p class="error">${errorHtml(e)}</p>`);
  }
}
