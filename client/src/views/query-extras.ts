/**
 * What a query result adds beside its table: a CSV download with a `sources` column (the sources the row's
 * actors, relationships or its own `sources` column name), a chart when the result is a series (a year column and
 * counts), and what the result leaves out (rows without a year, rows or nodes cut at a limit).
 */
import { html, render } from "../html.ts";
import { downloadCsv, type CsvTable } from "../csv-file.ts";
import type { QueryResult } from "../api.ts";
import { cellText } from "./queries.ts";
import { seriesChart, type SeriesPoint } from "./charts.ts";

const URL_LIKE = /^https?:\/\//;

/** The source URLs a row names: its `sources` columns, and the `sources` of the actors and relationships in it. */
export function rowSources(row: Record<string, unknown>): string[] {
  const found = new Set<string>();
  const visit = (v: unknown, key = "", depth = 0): void => {
    if (depth > 4 || v === null || v === undefined) return;
    if (typeof v === "string") {
      if (/^sources?$/i.test(key) && URL_LIKE.test(v)) found.add(v);
    } else if (Array.isArray(v)) {
      for (const x of v) visit(x, key, depth + 1);
    } else if (typeof v === "object") {
      for (const [k, x] of Object.entries(v as Record<string, unknown>))
        if (/^sources?$/i.test(k)) visit(x, k, depth + 1);
        else if (typeof x === "object") visit(x, "", depth + 1);
    }
  };
  for (const [k, v] of Object.entries(row)) visit(v, k);
  return [...found];
}

/** The result as a CSV table: the columns as the table shows them, plus the row's sources. */
export function resultCsv(r: QueryResult): CsvTable {
  const columns = r.columns.filter((c) => c !== "sources");
  return {
    headers: [...columns, "sources"],
    rows: r.rows.map((row) => [...columns.map((c) => cellText(row[c])), rowSources(row).join(" | ")]),
  };
}

const YEAR = /^(year|since|until|founded|joined_?year)$/i;
const isYear = (v: unknown) => typeof v === "number" && Number.isInteger(v) && v >= 1800 && v <= 2100;
const isCount = (v: unknown) => typeof v === "number" && Number.isFinite(v);

export interface Series {
  x: string;
  y: string;
  line?: string;
  points: SeriesPoint[];
  /** Rows with no value in the x column, and what they count. */
  missing: { rows: number; total: number };
}

/** A result is a series when a year column orders counts: year → count (and a cumulative count, if any). */
export function seriesOf(r: QueryResult): Series | null {
  const x = r.columns.find((c) => YEAR.test(c) && r.rows.some((row) => isYear(row[c])));
  if (!x) return null;
  const numeric = r.columns.filter(
    (c) => c !== x && r.rows.length > 0 && r.rows.every((row) => row[c] === null || isCount(row[c])),
  );
  const y = numeric.find((c) => !/cumulative|total/i.test(c));
  if (!y) return null;
  const line = numeric.find((c) => c !== y && /cumulative|total/i.test(c));
  const withX = r.rows.filter((row) => isYear(row[x]));
  if (withX.length < 2) return null;
  const without = r.rows.filter((row) => row[x] === null || row[x] === undefined);
  // Years with no row are drawn as zero (the cumulative line carries on), so gaps are not hidden.
  const byYear = new Map(withX.map((row) => [row[x] as number, row]));
  const years = [...byYear.keys()];
  const [first, last] = [Math.min(...years), Math.max(...years)];
  const points: SeriesPoint[] = [];
  let carried: number | null = null;
  for (let year = first; year <= last && last - first <= 300; year++) {
    const row = byYear.get(year);
    if (line && row && typeof row[line] === "number") carried = row[line] as number;
    points.push({ x: String(year), y: Number(row?.[y] ?? 0), line: line ? carried : undefined });
  }
  return {
    x,
    y,
    line,
    points,
    missing: { rows: without.length, total: without.reduce((a, row) => a + Number(row[y] ?? 0), 0) },
  };
}

/** Adds the chart, what was left out, the CSV download and readable sources to a rendered result. */
export function decorateResult(out: HTMLElement, name: string, r: QueryResult, params: Record<string, unknown> = {}) {
  const series = seriesOf(r);
  const notes: string[] = [];
  if (series?.missing.rows) {
    notes.push(
      `${series.missing.total} (column "${series.y}") have no known ${series.x}: they are counted in the row marked ` +
        `"no ${series.x} recorded" and are not in the chart.`,
    );
  }
  if (r.truncated.rows)
    notes.push(`Only the first ${r.summary.rows} rows are shown: the console's row limit cut the rest.`);
  else if (typeof params.limit === "number" && r.summary.rows === params.limit)
    notes.push(`The result reached the query's limit of ${params.limit} rows: there may be more.`);
  if (r.truncated.nodes) notes.push("The graph highlight was cut at the node limit.");
  const extras = document.createElement("div");
  extras.className = "result-extras";
  render(
    extras,
    html`${notes.length ? html`<p class="left-out" id="result-left-out">${notes.join(" ")}</p>` : ""}
      ${series ? seriesChart(series.points, series.y, series.line) : ""}
      <button type="button" id="result-csv">Download CSV (with sources)</button>`,
  );
  (out.querySelector(".result-meta") ?? out.firstElementChild)?.after(extras);
  extras.querySelector<HTMLButtonElement>("#result-csv")!.onclick = () =>
    downloadCsv(
      name
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-|-$/g, "") || "query",
      resultCsv(r),
    );

  // Cells: a missing year labelled, sources as a short list of links.
  const table = out.querySelector("table");
  if (!table) return;
  const bodyRows = [...table.querySelectorAll("tbody tr")];
  const xi = series ? r.columns.indexOf(series.x) : -1;
  const si = r.columns.indexOf("sources");
  bodyRows.forEach((tr, i) => {
    const row = r.rows[i]!;
    if (xi >= 0 && (row[series!.x] === null || row[series!.x] === undefined)) {
      const td = tr.children[xi] as HTMLElement;
      td.textContent = `no ${series!.x} recorded`;
      td.classList.add("no-year");
    }
    if (si >= 0) {
      const urls = rowSources({ sources: row.sources });
      render(
        tr.children[si]!,
        urls.length
          ? html`<details>
              <summary>${urls.length} source${urls.length > 1 ? "s" : ""}</summary>
              ${urls.map((u) => html`<a href="${u}" target="_blank" rel="noopener">${u}</a><br />`)}
            </details>`
          : html``,
      );
    }
  });
}
