/**
 * Signing in, curation and import in the explorer. Visitors read; a signed-in editor gets edit and delete buttons in
 * the details panel, a form to add relationships, the change history with revert, and the import dialog (upload,
 * preview with column mapping, then confirm). Every write asks for the source URL that states it. After a write the
 * page reloads from its URL, so the view stays as it was and every derived result is fresh.
 */
import { api, ApiError, currentSession, SESSION_KEY, type NodeDetail, type Session } from "./api.ts";
import { esc } from "./html.ts";
import { REL_LABELS, REL_TYPES, SECTOR_LABELS, SECTORS } from "../../shared/palette.ts";

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

const canEdit = (s: Session | null) => s?.role === "editor" || s?.role === "admin";

/** A modal dialog with a title and a body; returns the dialog element (closed with Escape or its ✕ button). */
function dialog(title: string, body: string): HTMLDialogElement {
  const d = document.createElement("dialog");
  d.className = "form-dialog";
  d.innerHTML = `<button class="close" aria-label="Close">✕</button><h2>${esc(title)}</h2>${body}`;
  d.querySelector<HTMLButtonElement>(".close")!.onclick = () => d.close();
  d.addEventListener("close", () => d.remove());
  document.body.append(d);
  d.showModal();
  return d;
}

function errorText(e: unknown): string {
  if (e instanceof ApiError) {
    const problems: string[] = e.details.problems ?? [];
    return problems.length > 1
      ? `${esc(e.message)}<ul>${problems
          .slice(0, 30)
          .map((p) => `<li>${esc(p)}</li>`)
          .join("")}</ul>${problems.length > 30 ? `<p>… and ${problems.length - 30} more</p>` : ""}`
      : esc(e.message);
  }
  return esc(e instanceof Error ? e.message : String(e));
}

/** The header's sign-in control and the editor tools it unlocks. */
export function setupAccount(): void {
  const button = $("account");
  const importButton = $("import-open");
  const historyButton = $("history-open");
  const session = currentSession();
  button.textContent = session ? `${session.user} (${session.role}) · Sign out` : "Sign in";
  importButton.hidden = !canEdit(session);
  historyButton.hidden = false;
  button.onclick = () => {
    if (currentSession()) {
      sessionStorage.removeItem(SESSION_KEY);
      location.reload();
      return;
    }
    const d = dialog(
      "Sign in",
      `<form method="dialog" id="sign-in-form">
        <label>Your access token <input id="sign-in-secret" type="password" autocomplete="current-password" required /></label>
        <p class="hint">Editors and admins get their token from whoever runs this Coalition Atlas server.</p>
        <p id="sign-in-error" class="error" role="alert"></p>
        <button type="submit">Sign in</button>
      </form>`,
    );
    d.querySelector<HTMLFormElement>("form")!.onsubmit = async (ev) => {
      ev.preventDefault();
      try {
        const s = await api.signIn(d.querySelector<HTMLInputElement>("#sign-in-secret")!.value);
        sessionStorage.setItem(SESSION_KEY, JSON.stringify(s));
        location.reload();
      } catch (e) {
        d.querySelector("#sign-in-error")!.innerHTML = errorText(e);
      }
    };
  };
  importButton.onclick = () => openImport();
  historyButton.onclick = () => void openHistory();
}

const sourceField = (label = "Source URL of a public page that states this") =>
  `<label>${esc(label)} <input name="source" type="url" required placeholder="https://…" /></label>`;

/** Adds the editor's buttons to an entity's details panel. */
export function decoratePanel(
  panel: HTMLElement,
  d: NodeDetail,
  searchIds: (q: string) => Promise<{ id: string; name: string }[]>,
): void {
  const box = document.createElement("div");
  box.className = "actions editing";
  box.innerHTML = `<button data-history>History</button>`;
  const id = String(d.node.id);
  if (canEdit(currentSession())) {
    box.innerHTML += `<button data-edit>Edit</button><button data-relate>Add relationship</button><button data-delete class="danger">Delete</button>`;
  }
  panel.append(box);
  box.querySelector<HTMLButtonElement>("[data-history]")!.onclick = () => void openHistory(id);
  box.querySelector<HTMLButtonElement>("[data-edit]")?.addEventListener("click", () => editEntity(d));
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

function editEntity(d: NodeDetail): void {
  const n = d.node;
  const isPartnership = d.labels.includes("Partnership");
  const dlg = dialog(
    `Edit ${n.name}`,
    `<form id="edit-form">
      <label>Name <input name="name" required value="${esc(n.name)}" /></label>
      <label>Acronym <input name="acronym" value="${esc(n.acronym ?? "")}" /></label>
      ${
        isPartnership
          ? ""
          : `<label>Sector <select name="sector">${SECTORS.map((s) => `<option value="${s}" ${s === n.sector ? "selected" : ""}>${esc(SECTOR_LABELS[s])}</option>`).join("")}</select></label>`
      }
      <label>Headquarters country (ISO alpha-3) <input name="country" pattern="[A-Z]{3}" value="${esc(n.country ?? "")}" /></label>
      <label>Founded <input name="founded" type="number" min="1800" max="2100" value="${esc(n.founded ?? "")}" /></label>
      <label>Website <input name="website" type="url" value="${esc(n.website ?? "")}" /></label>
      <label>Description (in your own words) <textarea name="description" maxlength="500">${esc(n.description ?? "")}</textarea></label>
      ${sourceField()}
      <p class="error" role="alert"></p>
      <button type="submit">Save</button>
    </form>`,
  );
  const form = dlg.querySelector<HTMLFormElement>("form")!;
  form.onsubmit = async (ev) => {
    ev.preventDefault();
    const f = new FormData(form);
    const text = (k: string) => (String(f.get(k) ?? "").trim() === "" ? null : String(f.get(k)).trim());
    const body: Record<string, unknown> = {
      name: text("name"),
      acronym: text("acronym"),
      country: text("country"),
      founded: text("founded") === null ? null : Number(text("founded")),
      website: text("website"),
      description: text("description"),
      sources: [text("source")],
    };
    if (!isPartnership) body.sector = text("sector");
    try {
      await api.send("PATCH", `/api/entities/${encodeURIComponent(String(n.id))}`, body);
      location.reload();
    } catch (e) {
      form.querySelector(".error")!.innerHTML = errorText(e);
    }
  };
}

function addRelationship(source: string, searchIds: (q: string) => Promise<{ id: string; name: string }[]>): void {
  const dlg = dialog(
    "Add a relationship",
    `<form id="relate-form">
      <label>Type <select name="type">${REL_TYPES.map((t) => `<option value="${t}">${esc(REL_LABELS[t])} (${t})</option>`).join("")}</select></label>
      <label>Direction <select name="direction"><option value="out">from this one to the other</option><option value="in">from the other to this one</option></select></label>
      <label>The other actor or partnership <input name="other" list="relate-options" required autocomplete="off" placeholder="Type a name, pick from the list" /></label>
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
    options.innerHTML = hits.map((h) => `<option value="${esc(h.id)}">${esc(h.name)}</option>`).join("");
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
      form.querySelector(".error")!.innerHTML = errorText(e);
    }
  };
}

/** The change history (all of it, or one element's), with revert buttons for editors. */
async function openHistory(target?: string): Promise<void> {
  const dlg = dialog(target ? `History of ${target}` : "Change history", `<div class="history"><p>Loading…</p></div>`);
  const box = dlg.querySelector<HTMLElement>(".history")!;
  try {
    const { changes } = await api.changes(target);
    const editor = canEdit(currentSession());
    box.innerHTML = changes.length
      ? `<table><thead><tr><th>When</th><th>Who</th><th>What</th><th>Element</th><th></th></tr></thead><tbody>${changes
          .map(
            (c) =>
              `<tr><td>${esc(new Date(c.at).toLocaleString())}</td><td>${esc(c.user)}</td><td>${esc(c.action)}</td>` +
              `<td>${esc(c.target)}</td><td>${
                c.revertedBy
                  ? "<small>reverted</small>"
                  : editor && /-(entity|relationship)$/.test(c.action)
                    ? `<button data-revert="${esc(c.id)}">Revert</button>`
                    : ""
              }</td></tr>`,
          )
          .join("")}</tbody></table>`
      : "<p>No changes recorded yet.</p>";
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
    box.innerHTML = `<p class="error">${errorText(e)}</p>`;
  }
}

const NODE_FIELDS = ["id", "name", "sector", "entity", "kind", "country", "founded", "website", "sources"] as const;
/** Header names (lower case) taken for a field without asking. */
const GUESSES: Record<string, string[]> = {
  id: ["key"],
  name: ["label"],
  source: ["from"],
  target: ["to"],
  type: ["reltype", "relationship"],
  since: ["start"],
  until: ["end"],
  operates_in: ["operatesin"],
};
const EDGE_FIELDS = ["source", "target", "type", "role", "since", "until", "sources"] as const;

async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

/** Upload, preview with the column mapping, then confirm. Lists the datasets already there, with delete. */
function openImport(): void {
  const dlg = dialog(
    "Import a network",
    `<form id="import-form">
      <label>Format <select name="format">
        <option value="csv">CSV: a nodes file and an edges file</option>
        <option value="graphml">GraphML</option><option value="gexf">GEXF</option><option value="json">graphology JSON</option>
      </select></label>
      <label>Nodes file (or the graph file) <input name="file1" type="file" required /></label>
      <label class="csv-only">Edges file <input name="file2" type="file" /></label>
      <label>Dataset id <input name="dataset" required pattern="[a-z0-9]+(-[a-z0-9]+)*" placeholder="my-study-2024" /></label>
      <label>Title <input name="title" placeholder="Readable name" /></label>
      <label>Source URL for rows without one <input name="defaultSource" type="url" placeholder="https://… (the paper or page the network comes from)" /></label>
      <div id="import-mapping"></div>
      <div id="import-preview" aria-live="polite"></div>
      <p class="error" role="alert"></p>
      <button type="button" id="import-check">Preview</button>
      <button type="submit" id="import-confirm" disabled>Import</button>
    </form>
    <h3>Datasets</h3><div id="import-datasets"><p>Loading…</p></div>`,
  );
  const form = dlg.querySelector<HTMLFormElement>("form")!;
  const format = form.querySelector<HTMLSelectElement>("[name=format]")!;
  const csvOnly = form.querySelector<HTMLElement>(".csv-only")!;
  format.onchange = () => (csvOnly.hidden = format.value !== "csv");
  const confirmButton = form.querySelector<HTMLButtonElement>("#import-confirm")!;
  const errorBox = form.querySelector<HTMLElement>(".error")!;
  let columns: { nodes: string[]; edges: string[] } | null = null;

  const mappingOf = () => {
    const m: { nodes: Record<string, string>; edges: Record<string, string> } = { nodes: {}, edges: {} };
    form.querySelectorAll<HTMLSelectElement>("[data-map]").forEach((s) => {
      const [side, field] = s.dataset.map!.split(".") as ["nodes" | "edges", string];
      if (s.value) m[side][field] = s.value;
    });
    return m;
  };
  const request = async (dryRun: boolean) => {
    const f = new FormData(form);
    const files = [f.get("file1"), f.get("file2")].filter((x): x is File => x instanceof File && x.size > 0);
    return {
      dataset: String(f.get("dataset")),
      title: String(f.get("title") ?? "").trim() || undefined,
      format: format.value,
      files: await Promise.all(
        files.map(async (file, i) => ({
          name: file.name,
          ...(format.value === "csv" ? { role: i === 0 ? "nodes" : "edges" } : {}),
          content: await base64Of(file),
        })),
      ),
      mapping: columns ? mappingOf() : undefined,
      defaultSource: String(f.get("defaultSource") ?? "").trim() || undefined,
      dryRun,
    };
  };
  const renderMapping = (mapping: { nodes: Record<string, string>; edges: Record<string, string> }) => {
    if (!columns) return;
    const select = (side: "nodes" | "edges", field: string) =>
      `<label>${esc(field)} <select data-map="${side}.${field}"><option value="">(none)</option>${columns![side]
        .map((c) => `<option ${mapping[side][field] === c ? "selected" : ""}>${esc(c)}</option>`)
        .join("")}</select></label>`;
    form.querySelector("#import-mapping")!.innerHTML =
      `<fieldset><legend>Node columns</legend>${NODE_FIELDS.map((f) => select("nodes", f)).join("")}</fieldset>` +
      (columns.edges.length
        ? `<fieldset><legend>Edge columns</legend>${EDGE_FIELDS.map((f) => select("edges", f)).join("")}</fieldset>`
        : "");
    form
      .querySelectorAll("[data-map]")
      .forEach((s) => s.addEventListener("change", () => (confirmButton.disabled = true)));
  };

  // CSV: the mapping step starts from the files' header rows, before any preview.
  const headerOf = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    if (!file) return [];
    const first = (await file.slice(0, 64 * 1024).text()).split(/\r?\n/, 1)[0] ?? "";
    return first
      .replace(/^\uFEFF/, "")
      .split(",")
      .map((h) => h.trim().replace(/^"(.*)"$/, "$1"))
      .filter(Boolean);
  };
  const guess = (fields: readonly string[], cols: string[]) =>
    Object.fromEntries(
      fields.flatMap((f) => {
        const names = [f, ...(GUESSES[f] ?? [])];
        const hit = cols.find((c) => names.includes(c.toLowerCase()));
        return hit ? [[f, hit]] : [];
      }),
    );
  const onFiles = async () => {
    if (format.value !== "csv") return;
    columns = {
      nodes: await headerOf(form.querySelector<HTMLInputElement>("[name=file1]")!),
      edges: await headerOf(form.querySelector<HTMLInputElement>("[name=file2]")!),
    };
    renderMapping({ nodes: guess(NODE_FIELDS, columns.nodes), edges: guess(EDGE_FIELDS, columns.edges) });
    confirmButton.disabled = true;
  };
  form.querySelector("[name=file1]")!.addEventListener("change", () => void onFiles());
  form.querySelector("[name=file2]")!.addEventListener("change", () => void onFiles());

  form.querySelector<HTMLButtonElement>("#import-check")!.onclick = async () => {
    if (!form.reportValidity()) return;
    errorBox.innerHTML = "";
    confirmButton.disabled = true;
    const preview = form.querySelector("#import-preview")!;
    preview.textContent = "Checking…";
    try {
      const p = await api.send("POST", "/api/import", await request(true));
      columns = p.columns;
      renderMapping(p.mapping);
      preview.innerHTML =
        `<p><strong>${p.nodes}</strong> nodes (${p.partnerships} partnerships) and <strong>${p.edges}</strong> relationships pass every check.</p>` +
        `<p>Sectors: ${esc(
          Object.entries(p.bySector)
            .map(([k, v]) => `${k} ${v}`)
            .join(", "),
        )}. Types: ${esc(
          Object.entries(p.byType)
            .map(([k, v]) => `${k} ${v}`)
            .join(", "),
        )}.</p>` +
        (p.renamedIds ? `<p>${p.renamedIds} ids were tidied to lowercase slugs.</p>` : "");
      confirmButton.disabled = false;
    } catch (e) {
      preview.textContent = "";
      if (e instanceof ApiError && e.details.problems === undefined && e.status === 401)
        errorBox.textContent = "Sign in as an editor first.";
      else errorBox.innerHTML = errorText(e);
    }
  };
  form.onsubmit = async (ev) => {
    ev.preventDefault();
    confirmButton.disabled = true;
    errorBox.textContent = "";
    form.querySelector("#import-preview")!.textContent = "Importing…";
    try {
      const out = await api.send("POST", "/api/import", await request(false));
      const url = new URL(location.href);
      url.searchParams.set("dataset", out.dataset);
      location.href = url.toString();
    } catch (e) {
      errorBox.innerHTML = errorText(e);
    }
  };
  void api.datasets().then(({ datasets }) => {
    const box = dlg.querySelector("#import-datasets")!;
    box.innerHTML = `<table><thead><tr><th>Id</th><th>Name</th><th>Nodes</th><th>Relationships</th><th></th></tr></thead><tbody>${datasets
      .map(
        (d) =>
          `<tr><td>${esc(d.id)}</td><td>${esc(d.name)}</td><td>${esc(d.entities)}</td><td>${esc(d.relationships)}</td>` +
          `<td>${d.kind === "import" ? `<button data-drop="${esc(d.id)}" class="danger">Delete</button>` : ""}</td></tr>`,
      )
      .join("")}</tbody></table>`;
    box.querySelectorAll<HTMLButtonElement>("[data-drop]").forEach((b) => {
      b.onclick = async () => {
        if (!confirm(`Delete the dataset ${b.dataset.drop} and everything in it?`)) return;
        try {
          await api.send("DELETE", `/api/datasets/${b.dataset.drop}`);
          location.reload();
        } catch (e) {
          alert(e instanceof Error ? e.message : String(e));
        }
      };
    });
  });
}
