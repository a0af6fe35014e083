/**
 * The queries view: the library as cards with small forms, and a Cypher console (Neo4j's own CodeMirror editor,
 * with completion of the database's labels, relationship types and properties, history and parameters). Results
 * show as a table, with the Cypher that ran, and are highlighted in the graph.
 */
import { html, render, type Html } from "../html.ts";
import { createCypherEditor, type EditorApi } from "@neo4j-cypher/codemirror";
import "@neo4j-cypher/codemirror/css/cypher-codemirror.css";
import { api, CONSOLE_TOKEN_KEY, type LibraryQuery, type QueryResult } from "../api.ts";
import type { ViewState } from "../url-state.ts";
import { decorateResult } from "./query-extras.ts";
import { enhanceQueryForm, queryField, readQueryParams } from "./query-form.ts";

const HISTORY_KEY = "atlas.console.history";

/** A cell for the results table: nodes by name, lists joined, objects as compact JSON. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (Array.isArray(v)) return v.map(cellText).join(", ");
  if (typeof v === "object") {
    const o = v as Record<string, unknown>;
    return typeof o.name === "string" ? o.name : JSON.stringify(o);
  }
  return String(v);
}

export interface QueriesView {
  /** The query to run on opening (from a shared link), and where to record the one run. */
  initial?: ViewState["query"];
  remember: (query: ViewState["query"]) => void;
  /** Called with the node ids of a result so the graph can highlight them. */
  highlight: (ids: string[]) => void;
  /** Switches to the graph view. */
  showGraph: () => void;
}

let editor: EditorApi | null = null;
let editorValue = "MATCH (a:Actor)-[r:FUNDS]->(b)\nRETURN a, r, b\nLIMIT 25";

export async function renderQueries(root: HTMLElement, view: QueriesView): Promise<void> {
  if (root.dataset.ready === "true") return;
  root.dataset.ready = "true";
  render(
    root,
    html` <section class="console">
        <h2>Cypher console <small class="result-meta">read-only; time, rows and nodes are bounded</small></h2>
        <div id="console-editor"></div>
        <label>Parameters (JSON) <input id="console-params" value="{}" aria-label="Query parameters as JSON" /></label>
        <button id="console-run">Run (Ctrl+Enter)</button>
        <select id="console-history" aria-label="History">
          <option value="">History…</option>
        </select>
        <label
          >Console token (only if this server asks for one)
          <input id="console-token" type="password" autocomplete="off" aria-label="Console token"
        /></label>
      </section>
      <div id="query-result" aria-live="polite"></div>
      <h2>Research questions</h2>
      <div class="cards" id="query-cards"><p>Loading…</p></div>`,
  );

  const run = async (label: string, call: () => Promise<QueryResult>, params: Record<string, unknown> = {}) => {
    const out = root.querySelector<HTMLElement>("#query-result")!;
    render(out, html`<p>Running ${label}…</p>`);
    try {
      const res = await call();
      render(out, renderResult(label, res));
      decorateResult(out, label, res, params);
      view.highlight(res.graph.nodes.map((n) => n.key));
      if (res.graph.nodes.length) {
        const button = Object.assign(document.createElement("button"), { textContent: "Show in the graph" });
        button.onclick = view.showGraph;
        out.querySelector("h2")!.after(button);
      }
    } catch (e) {
      render(out, html`<p class="error">${(e as Error).message}</p>`);
    }
  };

  const runConsole = () => {
    const query = editorValue;
    let params: Record<string, unknown>;
    try {
      params = JSON.parse(root.querySelector<HTMLInputElement>("#console-params")!.value || "{}");
    } catch {
      render(root.querySelector("#query-result")!, html`<p class="error">Parameters must be a JSON object.</p>`);
      return;
    }
    const history = [query, ...loadHistory().filter((h) => h !== query)].slice(0, 30);
    localStorage.setItem(HISTORY_KEY, JSON.stringify(history));
    fillHistory(root);
    view.remember({ cypher: query, params });
    void run("your query", () => api.cypher(query, params), params);
  };
  const token = root.querySelector<HTMLInputElement>("#console-token")!;
  token.value = sessionStorage.getItem(CONSOLE_TOKEN_KEY) ?? "";
  token.onchange = () => sessionStorage.setItem(CONSOLE_TOKEN_KEY, token.value);
  if (view.initial?.cypher) {
    editorValue = view.initial.cypher;
    root.querySelector<HTMLInputElement>("#console-params")!.value = JSON.stringify(view.initial.params);
  }

  // The package's typings describe the editor API itself; at run time it comes wrapped as { editor }.
  editor = (
    createCypherEditor(root.querySelector("#console-editor")!, {
      value: editorValue,
      lineNumbers: true,
      autocomplete: true,
      history: true,
      theme: "light",
    }) as unknown as { editor: EditorApi }
  ).editor;
  editor.onValueChanged((v: string) => (editorValue = v));
  editor.onKeyDown((e: KeyboardEvent) => {
    if ((e.ctrlKey || e.metaKey) && e.key === "Enter") runConsole();
  });
  root.querySelector<HTMLButtonElement>("#console-run")!.onclick = runConsole;
  fillHistory(root);
  root.querySelector<HTMLSelectElement>("#console-history")!.onchange = (e) => {
    const v = (e.target as HTMLSelectElement).value;
    if (v) editor?.setValue(v);
  };
  void loadSchema();

  const { queries } = await api.queries();
  const cards = root.querySelector<HTMLElement>("#query-cards")!;
  render(cards, html`${queries.map(renderCard)}`);
  cards.querySelectorAll<HTMLFormElement>("form").forEach((form) => {
    const q = queries.find((x) => x.name === form.dataset.name)!;
    enhanceQueryForm(form);
    form.onsubmit = async (e) => {
      e.preventDefault();
      let params: Record<string, unknown>;
      try {
        params = await readQueryParams(form, q);
      } catch (err) {
        render(root.querySelector("#query-result")!, html`<p class="error">${(err as Error).message}</p>`);
        return;
      }
      view.remember({ name: q.name, params });
      void run(q.title, () => api.runQuery(q.name, params), params);
    };
  });
  const initial = view.initial;
  if (initial?.name) {
    const q = queries.find((x) => x.name === initial.name);
    if (q) void run(q.title, () => api.runQuery(q.name, initial.params), initial.params);
  } else if (initial?.cypher) {
    void run("your query", () => api.cypher(initial.cypher!, initial.params));
  }
}

async function loadSchema(): Promise<void> {
  try {
    const [labels, types, keys] = await Promise.all(
      [
        "CALL db.labels() YIELD label RETURN collect(label) AS v",
        "CALL db.relationshipTypes() YIELD relationshipType RETURN collect(relationshipType) AS v",
        "CALL db.propertyKeys() YIELD propertyKey RETURN collect(propertyKey) AS v",
      ].map((q) => api.cypher(q, {}).then((r) => (r.rows[0]?.v as string[]) ?? [])),
    );
    editor?.setSchema({
      labels: labels!.map((l) => `:${l}`),
      relationshipTypes: types!.map((t) => `:${t}`),
      propertyKeys: keys,
    });
  } catch {
    // Completion without the schema still works for keywords.
  }
}

function loadHistory(): string[] {
  try {
    return JSON.parse(localStorage.getItem(HISTORY_KEY) ?? "[]");
  } catch {
    return [];
  }
}

function fillHistory(root: HTMLElement): void {
  const select = root.querySelector<HTMLSelectElement>("#console-history")!;
  render(
    select,
    html`<option value="">History…</option>
      ${loadHistory().map((h) => html`<option value="${h}">${h.replace(/\s+/g, " ").slice(0, 70)}</option>`)}`,
  );
}

function renderCard(q: LibraryQuery): Html {
  return html`<form class="card" data-name="${q.name}">
    <h3>${q.title}</h3>
    <p>${q.description}</p>
    ${q.params.map(queryField)}
    <button type="submit">Run</button>
    <details>
      <summary>Show the Cypher</summary>
      <pre class="cypher">${q.cypher}</pre>
    </details>
  </form>`;
}

function renderResult(label: string, r: QueryResult): Html {
  const cut = [
    r.truncated.rows ? "rows were cut at the limit" : "",
    r.truncated.nodes ? "the graph was cut at the node limit" : "",
  ]
    .filter(Boolean)
    .join("; ");
  return html`<h2>${label}</h2>
    <p class="result-meta">
      ${r.summary.rows} rows in ${r.summary.ms} ms; ${r.graph.nodes.length} nodes highlighted in the
      graph${cut ? `; ${cut}` : ""}.
    </p>
    ${
      r.cypher
        ? html`<details>
            <summary>Show the Cypher</summary>
            <pre class="cypher">${r.cypher}</pre>
          </details>`
        : ""
    }
    <table>
      <thead>
        <tr>
          ${r.columns.map((c) => html`<th>${c}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${r.rows.map(
          (row) =>
            html`<tr>
              ${r.columns.map((c) => html`<td>${cellText(row[c])}</td>`)}
            </tr>`,
        )}
      </tbody>
    </table>`;
}
