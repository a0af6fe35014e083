/**
 * An editor's tools in the details panel: edit the actor or partnership, add a relationship (the other end picked
 * by name), delete. Every write asks for the source URL that states it; after a write the page reloads from its
 * URL, so the view stays as it was and every derived result is fresh.
 */
import { api, ApiError, currentSession, type NodeDetail } from "../api.ts";
import { html, render } from "../html.ts";
import { REL_LABELS, REL_TYPES, SECTOR_LABELS, SECTORS } from "../../../shared/palette.ts";
import { canEdit } from "./account.ts";
import { dialog, errorHtml } from "./dialog.ts";
import { openHistory } from "./history.ts";
import { countryPicker, vocabulary, type Vocabulary } from "./vocabulary.ts";

const sourceField = (label = "Source URL of a public page that states this") =>
  html`<label>${label} <input name="source" type="url" required placeholder="https://…" /></label>`;

/** Adds the editor's buttons to an entity's details panel. */
export function decoratePanel(
  panel: HTMLElement,
  d: NodeDetail,
  searchIds: (q: string) => Promise<{ id: string; name: string }[]>,
): void {
  const box = document.createElement("div");
  box.className = "actions editing";
  const id = String(d.node.id);
  render(
    box,
    html`<button data-history>History</button>${
        canEdit(currentSession())
          ? html`<button data-edit>Edit</button><button data-relate>Add relationship</button
              ><button data-delete class="danger">Delete</button>`
          : ""
      }`,
  );
  panel.append(box);
  box.querySelector<HTMLButtonElement>("[data-history]")!.onclick = () => void openHistory(id);
  box.querySelector<HTMLButtonElement>("[data-edit]")?.addEventListener("click", async (ev) => {
    const b = ev.currentTarget as HTMLButtonElement;
    b.disabled = true;
    try {
      editEntity(d, await vocabulary());
    } catch (e) {
      alert(e instanceof Error ? e.message : String(e));
    } finally {
      b.disabled = false;
    }
  });
  box
    .querySelector<HTMLButtonElement>("[data-relate]")
    ?.addEventListener("click", () => addRelationship(id, searchIds));
  box.querySelector<HTMLButtonElement>("[data-delete]")?.addEventListener("click", async () => {
    if (!confirm(`Delete ${d.node.name} and its relationships? The deletion is recorded and can be reverted.`)) return;
    try {
      await api.send("DELETE", `/api/entities/${encodeURIComponent(id)}`);
      location.reload();
    } catch (e) {
      alert(e instanceof Error ? e.message : String(e));
    }
  });
}

/** The edit form: every field of the entity, issues and countries picked by name, and the source of the edit. */
function editEntity(d: NodeDetail, vocab: Vocabulary): void {
  const n = d.node;
  const isPartnership = d.labels.includes("Partnership");
  const sector = isPartnership
    ? ""
    : html`<label
        >Sector
        <select name="sector">
          ${SECTORS.map((s) => html`<option value="${s}" ${s === n.sector ? html`selected` : ""}>${SECTOR_LABELS[s]}</option>`)}
        </select></label
      >`;
  const issues = new Set(d.issues.map((i) => i.id));
  const dlg = dialog(
    `Edit ${n.name}`,
    html`<form id="edit-form" novalidate>
      <label>Name <input name="name" required value="${n.name}" /></label>
      <label>Acronym <input name="acronym" value="${n.acronym ?? ""}" /></label>
      <label
        >Other names (one a line)
        <textarea name="aliases" rows="2">${(n.aliases ?? []).join("\n")}</textarea>
      </label>
      ${sector}
      <label
        >Headquarters country
        <select name="country">
          <option value="">(not stated)</option>
          ${vocab.countries.map(
            (c) => html`<option value="${c.id}" ${c.id === n.country ? html`selected` : ""}>${c.name}</option>`,
          )}
        </select></label
      >
      <fieldset data-field="operatesIn">
        <legend>Countries of operation</legend>
        <div class="country-picker"></div>
      </fieldset>
      <fieldset data-field="issues">
        <legend>Issues</legend>
        <div class="checks">
          ${vocab.issues.map(
            (i) =>
              html`<label
                ><input type="checkbox" name="issues" value="${i.id}" ${issues.has(i.id) ? html`checked` : ""} />
                ${i.name}</label
              >`,
          )}
        </div>
      </fieldset>
      <label>Founded <input name="founded" type="number" min="1800" max="2100" value="${n.founded ?? ""}" /></label>
      <label>Website <input name="website" type="url" value="${n.website ?? ""}" /></label>
      <label
        >Description (in your own words) <textarea name="description" maxlength="500">${n.description ?? ""}</textarea>
      </label>
      ${sourceField()}
      <p class="error" role="alert"></p>
      <button type="submit">Save</button>
    </form>`,
  );
  const form = dlg.querySelector<HTMLFormElement>("form")!;
  const operatesIn = countryPicker(
    form.querySelector<HTMLElement>(".country-picker")!,
    vocab,
    d.operatesIn.map((c) => c.id),
    "operates-in",
  );
  form.onsubmit = async (ev) => {
    ev.preventDefault();
    const f = new FormData(form);
    const text = (k: string) => (String(f.get(k) ?? "").trim() === "" ? null : String(f.get(k)).trim());
    const body: Record<string, unknown> = {
      name: text("name"),
      acronym: text("acronym"),
      aliases: String(f.get("aliases") ?? "")
        .split("\n")
        .map((a) => a.trim())
        .filter(Boolean),
      country: text("country"),
      operatesIn: operatesIn.value(),
      issues: f.getAll("issues").map(String),
      founded: text("founded") === null ? null : Number(text("founded")),
      website: text("website"),
      description: text("description"),
      sources: text("source") === null ? [] : [text("source")],
    };
    if (!isPartnership) body.sector = text("sector");
    form.querySelectorAll(".invalid").forEach((el) => el.classList.remove("invalid"));
    try {
      await api.send("PATCH", `/api/entities/${encodeURIComponent(String(n.id))}`, body);
      location.reload();
    } catch (e) {
      render(form.querySelector("p.error")!, errorHtml(e));
      // The field the server names is marked where it is in the form.
      const named = e instanceof ApiError ? String(e.details.field ?? e.details.parameter ?? "") : "";
      const field = named === "sources" ? "source" : named;
      const at = field && form.querySelector(`[name="${field}"], [data-field="${field}"]`);
      if (at) {
        at.classList.add("invalid");
        at.scrollIntoView({ block: "nearest" });
      }
    }
  };
}

function addRelationship(source: string, searchIds: (q: string) => Promise<{ id: string; name: string }[]>): void {
  const dlg = dialog(
    "Add a relationship",
    html`<form id="relate-form">
      <label
        >Type
        <select name="type">
          ${REL_TYPES.map((t) => html`<option value="${t}">${REL_LABELS[t]} (${t})</option>`)}
        </select></label
      >
      <label
        >Direction
        <select name="direction">
          <option value="out">from this one to the other</option>
          <option value="in">from the other to this one</option>
        </select></label
      >
      <label
        >The other actor or partnership
        <input
          name="other"
          list="relate-options"
          required
          autocomplete="off"
          placeholder="Type a name, pick from the list"
      /></label>
      <datalist id="relate-options"></datalist>
      <label>Role <input name="role" placeholder="member, donor, chair…" /></label>
      <label>Since <input name="since" type="number" min="1800" max="2100" /></label>
      <label>Until <input name="until" type="number" min="1800" max="2100" /></label>
      ${sourceField()}
      <p class="error" role="alert"></p>
      <button type="submit">Add</button>
    </form>`,
  );
  const form = dlg.querySelector<HTMLFormElement>("form")!;
  const other = form.querySelector<HTMLInputElement>("[name=other]")!;
  const options = dlg.querySelector<HTMLDataListElement>("datalist")!;
  other.oninput = async () => {
    if (other.value.length < 2) return;
    const hits = await searchIds(other.value).catch(() => []);
    render(options, html`${hits.map((h) => html`<option value="${h.id}">${h.name}</option>`)}`);
  };
  form.onsubmit = async (ev) => {
    ev.preventDefault();
    const f = new FormData(form);
    const num = (k: string) => (String(f.get(k) ?? "") === "" ? undefined : Number(f.get(k)));
    const out = f.get("direction") === "out";
    try {
      await api.send("POST", "/api/relationships", {
        type: f.get("type"),
        source: out ? source : String(f.get("other")).trim(),
        target: out ? String(f.get("other")).trim() : source,
        role: String(f.get("role") ?? "").trim() || undefined,
        since: num("since"),
        until: num("until"),
        sources: [String(f.get("source")).trim()],
      });
      location.reload();
    } catch (e) {
      render(form.querySelector(".error")!, errorHtml(e));
    }
  };
}
