/**
 * The import wizard's "Review changes" step (editors): a GEXF or GraphML exported from here and edited elsewhere is
 * compared with the curated data; the proposed changes are listed with a checkbox each and every field before and
 * after; "Apply selected" writes the kept ones in one go, each into the change history with its sources.
 */
import type { Answer } from "../../../shared/api.ts";
import { api } from "../api.ts";
import { html, render } from "../html.ts";
import { errorHtml } from "./dialog.ts";

type Proposal = Answer<"post /api/change-sets/proposal">;
type Upload = { format: string; file: { name: string; content: string } };

const ACTIONS: Record<string, string> = {
  "add-entity": "Add actor or partnership",
  "update-entity": "Edit actor or partnership",
  "remove-entity": "Remove actor or partnership",
  "add-relationship": "Add relationship",
  "update-relationship": "Edit relationship",
  "remove-relationship": "Remove relationship",
};

const shown = (v: unknown) =>
  v === null || v === undefined ? "—" : Array.isArray(v) ? v.join(" | ") || "—" : String(v);

/** Proposes the upload as changes to the curated data and renders the review into `box`. */
export async function reviewChanges(box: HTMLElement, upload: Upload): Promise<void> {
  box.textContent = "Comparing with the curated data…";
  let proposal: Proposal;
  try {
    proposal = await api.send<Proposal>("POST", "/api/change-sets/proposal", upload);
  } catch (e) {
    render(box, html`<p class="error" role="alert">${errorHtml(e)}</p>`);
    return;
  }
  if (proposal.changes.length === 0) {
    render(box, html`<p class="changeset-none">${upload.file.name} holds no change to the curated data.</p>`);
    return;
  }
  render(
    box,
    html`<div class="changeset-review">
      <p>
        <strong>${proposal.changes.length}</strong> proposed changes to the curated data from ${proposal.file}. Keep the
        ones to apply: each is recorded in the history with its sources.
      </p>
      <ul class="changeset-list">
        ${proposal.changes.map(
          (c) =>
            html`<li>
              <label
                ><input type="checkbox" data-change="${c.id}" checked />
                <strong>${ACTIONS[c.action] ?? c.action}</strong> <code>${c.target}</code></label
              >
              <table class="changeset-fields">
                <thead>
                  <tr>
                    <th>Field</th>
                    <th>Before</th>
                    <th>After</th>
                  </tr>
                </thead>
                <tbody>
                  ${c.fields.map(
                    (f) =>
                      html`<tr>
                        <td>${f.field}</td>
                        <td>${shown(f.before)}</td>
                        <td>${shown(f.after)}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>
              ${c.sources.length ? html`<p class="changeset-sources">Sources: ${c.sources.join(", ")}</p>` : ""}
            </li>`,
        )}
      </ul>
      <p class="error" role="alert"></p>
      <button type="button" class="changeset-apply">Apply selected</button>
    </div>`,
  );
  const errorBox = box.querySelector<HTMLElement>(".error")!;
  const applyButton = box.querySelector<HTMLButtonElement>(".changeset-apply")!;
  applyButton.onclick = async () => {
    const select = [...box.querySelectorAll<HTMLInputElement>("[data-change]")]
      .filter((c) => c.checked)
      .map((c) => c.dataset.change!);
    if (select.length === 0) {
      errorBox.textContent = "Select at least one change.";
      return;
    }
    applyButton.disabled = true;
    errorBox.textContent = "";
    try {
      const out = await api.send<Answer<"post /api/change-sets/apply">>("POST", "/api/change-sets/apply", {
        ...upload,
        version: proposal.version,
        select,
      });
      render(
        box,
        html`<p class="changeset-applied">
          ${out.applied} changes applied; each is in the history (Curation → History).
        </p>`,
      );
    } catch (e) {
      applyButton.disabled = false;
      render(errorBox, errorHtml(e));
    }
  };
}
