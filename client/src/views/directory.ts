/**
 * The directory: the actors in the current view as a sortable, searchable table linked to the graph, exportable
 * as CSV (cells that a spreadsheet would run as formulas are neutralized).
 */
import type Graph from "graphology";
import type { Visible } from "../../../shared/filters.ts";

export interface DirectoryRow {
  id: string;
  name: string;
  acronym: string;
  sector: string;
  country: string;
  ties: number;
  issues: string;
}

export function directoryRows(graph: Graph, visible: Visible): DirectoryRow[] {
  const ties = new Map<string, number>();
  for (const e of visible.edges) for (const n of graph.extremities(e)) ties.set(n, (ties.get(n) ?? 0) + 1);
  return [...visible.nodes]
    .filter((n) => graph.getNodeAttribute(n, "entity") === "Actor")
    .map((n) => {
      const a = graph.getNodeAttributes(n);
      return {
        id: n,
        name: a.fullName ?? a.label,
        acronym: a.acronym ?? "",
        sector: a.sector ?? "",
        country: a.country ?? "",
        ties: ties.get(n) ?? 0,
        issues: (a.issues ?? []).join(", "),
      };
    });
}

/** RFC 4180 quoting, and a leading apostrophe for cells a spreadsheet would evaluate. */
export function csvCell(value: unknown): string {
  let s = String(value ?? "");
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(rows: DirectoryRow[]): string {
  const cols: (keyof DirectoryRow)[] = ["id", "name", "acronym", "sector", "country", "ties", "issues"];
  return [cols.join(","), ...rows.map((r) => cols.map((c) => csvCell(r[c])).join(","))].join("\r\n") + "\r\n";
}

let sortKey: keyof DirectoryRow = "ties";
let sortDesc = true;

export function sortRows(rows: DirectoryRow[], key: keyof DirectoryRow, desc: boolean): DirectoryRow[] {
  const dir = desc ? -1 : 1;
  return [...rows].sort((a, b) => {
    const x = a[key];
    const y = b[key];
    const c = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
    return c * dir || a.name.localeCompare(b.name);
  });
}

export function renderDirectory(root: HTMLElement, all: DirectoryRow[], onPick: (id: string) => void): void {
  const filterInput = root.querySelector<HTMLInputElement>("#directory-filter")!;
  const body = root.querySelector("tbody")!;
  const draw = () => {
    const q = filterInput.value.trim().toLowerCase();
    const rows = sortRows(
      all.filter((r) => !q || `${r.name} ${r.acronym} ${r.country} ${r.sector}`.toLowerCase().includes(q)),
      sortKey,
      sortDesc,
    );
    body.replaceChildren(
      ...rows.map((r) => {
        const tr = document.createElement("tr");
        tr.tabIndex = 0;
        for (const v of [r.name, r.acronym, r.sector, r.country, r.ties, r.issues]) {
          const td = document.createElement("td");
          td.textContent = String(v);
          tr.append(td);
        }
        tr.onclick = () => onPick(r.id);
        tr.onkeydown = (e) => e.key === "Enter" && onPick(r.id);
        return tr;
      }),
    );
    return rows;
  };
  let shown = draw();
  filterInput.oninput = () => (shown = draw());
  root.querySelectorAll<HTMLTableCellElement>("th").forEach((th) => {
    const sort = () => {
      const key = th.dataset.key as keyof DirectoryRow;
      sortDesc = key === sortKey ? !sortDesc : key === "ties";
      sortKey = key;
      shown = draw();
    };
    th.onclick = sort;
    th.onkeydown = (e) => e.key === "Enter" && sort();
  });
  root.querySelector<HTMLButtonElement>("#directory-csv")!.onclick = () => {
    const url = URL.createObjectURL(new Blob([toCsv(shown)], { type: "text/csv;charset=utf-8" }));
    const a = Object.assign(document.createElement("a"), { href: url, download: "coalition-atlas-directory.csv" });
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
}
