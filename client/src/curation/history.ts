/**
 * The change history (all of it, or one element's): who, when, what element, and what changed, field by field with
 * the value before and after (issues and countries by name); revert buttons for editors.
 */
import { api, currentSession } from "../api.ts";
import { html, render, table } from "../html.ts";
import { canEdit } from "./account.ts";
import { dialog, errorHtml } from "./dialog.ts";
import { vocabulary, type Vocabulary } from "./vocabulary.ts";

type FieldChange = { field: string; before: unknown; after: unknown };

const FIELD_LABELS: Record<string, string> = {
  name: "Name",
  acronym: "Acronym",
  aliases: "Other names",
  sector: "Sector",
  roles: "Roles",
  kind: "Kind",
  country: "Headquarters",
  founded: "Founded",
  website: "Website",
  description: "Description",
  issues: "Issues",
  operatesIn: "Countries of operation",
  sources: "Sources",
  retrieved: "Sources read on",
  relationships: "Relationships",
  role: "Role",
  since: "Since",
  until: "Until",
  amount: "Amount",
  currency: "Currency",
};

/** A field's value as a person reads it: lists joined, ids as names, nothing as "—". */
export function valueText(field: string, v: unknown, vocab: Vocabulary | null): string {
  const name = (x: unknown) =>
    field === "issues"
      ? (vocab?.issueName.get(String(x)) ?? String(x))
      : field === "operatesIn" || field === "country"
        ? (vocab?.countryName.get(String(x)) ?? String(x))
        : String(x);
  if (v === null || v === undefined || v === "" || (Array.isArray(v) && v.length === 0)) return "—";
  return Array.isArray(v) ? v.map(name).join(", ") : name(v);
}

function fieldsHtml(fields: FieldChange[] | undefined, vocab: Vocabulary | null) {
  if (!fields?.length) return html`<small>no field changed</small>`;
  return html`<ul class="history-fields">
    ${fields.map(
      (f) =>
        html`<li data-field="${f.field}">
          <strong>${FIELD_LABELS[f.field] ?? f.field}</strong>: <del>${valueText(f.field, f.before, vocab)}</del> →
          <ins>${valueText(f.field, f.after, vocab)}</ins>
        </li>`,
    )}
  </ul>`;
}

export async function openHistory(target?: string): Promise<void> {
  const dlg = dialog(
    target ? `History of ${target}` : "Change history",
    html`<div class="history"><p>Loading…</p></div>`,
  );
  const box = dlg.querySelector<HTMLElement>(".history")!;
  try {
    const [{ changes, total }, vocab] = await Promise.all([api.changes(target), vocabulary().catch(() => null)]);
    const editor = canEdit(currentSession());
    const rows = changes.map(
      (c) =>
        html`<tr>
          <td>${new Date(c.at).toLocaleString()}</td>
          <td>${c.user}</td>
          <td>${c.action}</td>
          <td>${c.target}</td>
          <td>${fieldsHtml(c.fields, vocab)}</td>
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
        ? html`${table(["When", "Who", "What", "Element", "Changed (before → after)", ""], rows)}${
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
