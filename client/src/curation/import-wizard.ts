/**
 * The import wizard: upload, preview with the column mapping (CSV: guessed from the header rows), then confirm;
 * lists the datasets already there, with delete for imports.
 */
import { api, ApiError } from "../api.ts";
import { html, render, table } from "../html.ts";
import { reviewChanges } from "./changeset-review.ts";
import { dialog, errorHtml } from "./dialog.ts";

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
export function openImport(): void {
  const dlg = dialog(
    "Import a network",
    html`<form id="import-form">
        <label
          >Format
          <select name="format">
            <option value="csv">CSV: a nodes file and an edges file</option>
            <option value="graphml">GraphML</option>
            <option value="gexf">GEXF</option>
            <option value="json">graphology JSON</option>
          </select></label
        >
        <label>Nodes file (or the graph file) <input name="file1" type="file" required /></label>
        <label class="csv-only">Edges file <input name="file2" type="file" /></label>
        <label
          >Dataset id <input name="dataset" required pattern="[a-z0-9]+(-[a-z0-9]+)*" placeholder="my-study-2024"
        /></label>
        <label>Title <input name="title" placeholder="Readable name" /></label>
        <label
          >Source URL for rows without one
          <input name="defaultSource" type="url" placeholder="https://… (the paper or page the network comes from)"
        /></label>
        <label
          ><input name="freshIds" type="checkbox" /> New ids for every node (a network exported from here and edited
          elsewhere comes back as a new dataset)</label
        >
        <div id="import-mapping"></div>
        <div id="import-preview" aria-live="polite"></div>
        <p class="error" role="alert"></p>
        <button type="button" id="import-check">Preview</button>
        <button type="submit" id="import-confirm" disabled>Import</button>
        <button
          type="button"
          id="import-review"
          hidden
          title="An export from here, edited elsewhere: review it as changes to the curated data"
        >
          Review changes
        </button>
      </form>
      <h3>Datasets</h3>
      <div id="import-datasets"><p>Loading…</p></div>`,
  );
  const form = dlg.querySelector<HTMLFormElement>("form")!;
  const format = form.querySelector<HTMLSelectElement>("[name=format]")!;
  const csvOnly = form.querySelector<HTMLElement>(".csv-only")!;
  const reviewButton = form.querySelector<HTMLButtonElement>("#import-review")!;
  format.onchange = () => {
    csvOnly.hidden = format.value !== "csv";
    reviewButton.hidden = !["gexf", "graphml"].includes(format.value);
  };
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
      freshIds: f.get("freshIds") === "on",
      dryRun,
    };
  };
  const renderMapping = (mapping: { nodes: Record<string, string>; edges: Record<string, string> }) => {
    if (!columns) return;
    const select = (side: "nodes" | "edges", field: string) =>
      html`<label
        >${field}
        <select data-map="${side}.${field}">
          <option value="">(none)</option>
          ${columns![side].map((c) => html`<option ${mapping[side][field] === c ? html`selected` : ""}>${c}</option>`)}
        </select></label
      >`;
    render(
      form.querySelector("#import-mapping")!,
      html`<fieldset>
          <legend>Node columns</legend>
          ${NODE_FIELDS.map((f) => select("nodes", f))}
        </fieldset>
        ${
          columns.edges.length
            ? html`<fieldset>
                <legend>Edge columns</legend>
                ${EDGE_FIELDS.map((f) => select("edges", f))}
              </fieldset>`
            : ""
        }`,
    );
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
    errorBox.textContent = "";
    confirmButton.disabled = true;
    const preview = form.querySelector("#import-preview")!;
    preview.textContent = "Checking…";
    try {
      const p = await api.send("POST", "/api/import", await request(true));
      columns = p.columns;
      renderMapping(p.mapping);
      const counts = (o: Record<string, number>) =>
        Object.entries(o)
          .map(([k, v]) => `${k} ${v}`)
          .join(", ");
      render(
        preview,
        html`<p>
            <strong>${p.nodes}</strong> nodes (${p.partnerships} partnerships) and <strong>${p.edges}</strong>
            relationships pass every check.
          </p>
          <p>Sectors: ${counts(p.bySector)}. Types: ${counts(p.byType)}.</p>
          ${p.renamedIds ? html`<p>${p.renamedIds} ids were tidied to lowercase slugs.</p>` : ""}`,
      );
      confirmButton.disabled = false;
    } catch (e) {
      preview.textContent = "";
      if (e instanceof ApiError && e.details.problems === undefined && e.status === 401)
        errorBox.textContent = "Sign in as an editor first.";
      else render(errorBox, errorHtml(e));
    }
  };
  // An edited export as a reviewed set of changes to the curated data (changeset-review.ts).
  reviewButton.onclick = async () => {
    const file = form.querySelector<HTMLInputElement>("[name=file1]")!.files?.[0];
    if (!file) return void form.querySelector<HTMLInputElement>("[name=file1]")!.reportValidity();
    errorBox.textContent = "";
    confirmButton.disabled = true;
    await reviewChanges(form.querySelector<HTMLElement>("#import-preview")!, {
      format: format.value,
      file: { name: file.name, content: await base64Of(file) },
    });
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
      render(errorBox, errorHtml(e));
    }
  };
  void api.datasets().then(({ datasets }) => {
    const box = dlg.querySelector("#import-datasets")!;
    render(
      box,
      table(
        ["Id", "Name", "Nodes", "Relationships", ""],
        datasets.map(
          (d) =>
            html`<tr>
              <td>${d.id}</td>
              <td>${d.name as string}</td>
              <td>${d.entities as number}</td>
              <td>${d.relationships as number}</td>
              <td>${d.kind === "import" ? html`<button data-drop="${d.id}" class="danger">Delete</button>` : ""}</td>
            </tr>`,
        ),
      ),
    );
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
