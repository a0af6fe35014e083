/**
 * Two actors side by side: who they are, their ties by type, the ties between them, the partners they share (and
 * how each is tied to them), and their positions in the rankings of the whole network. Reached from the details
 * panel ("Compare with…" and a name picker).
 */
import { api, type NodeDetail } from "../api.ts";
import { dialog } from "../curation/dialog.ts";
import { html, render, type Html } from "../html.ts";
import { REL_LABELS, SECTOR_LABELS } from "../../../shared/palette.ts";
import { attachAutocomplete } from "./autocomplete.ts";

/** The rankings compared, with how each is named. */
const RANKINGS: [string, string][] = [
  ["degree", "number of ties"],
  ["pagerank", "PageRank"],
  ["betweenness", "betweenness"],
];

type Tie = { type: string; direction: "in" | "out"; counterpart: { id: string; name: string } };

/** Every tie of a node, flat, with its type. */
export function tiesOf(d: Pick<NodeDetail, "relationships">): Tie[] {
  return Object.entries(d.relationships).flatMap(([type, list]) =>
    list.map((r) => ({ type, direction: r.direction, counterpart: r.counterpart })),
  );
}

export interface Comparison {
  between: Tie[];
  shared: { id: string; name: string; a: string[]; b: string[] }[];
  onlyA: number;
  onlyB: number;
}

const relName = (t: string) => REL_LABELS[t as keyof typeof REL_LABELS] ?? t;

/** The ties between two nodes, the partners they share (with each one's tie types) and those only one has. */
export function compareTies(a: { id: string; ties: Tie[] }, b: { id: string; ties: Tie[] }): Comparison {
  const byPartner = (ties: Tie[], other: string) => {
    const m = new Map<string, { name: string; types: Set<string> }>();
    for (const t of ties) {
      if (t.counterpart.id === other) continue;
      const e = m.get(t.counterpart.id) ?? { name: t.counterpart.name, types: new Set<string>() };
      e.types.add(relName(t.type));
      m.set(t.counterpart.id, e);
    }
    return m;
  };
  const pa = byPartner(a.ties, b.id);
  const pb = byPartner(b.ties, a.id);
  const shared = [...pa]
    .filter(([id]) => pb.has(id))
    .map(([id, e]) => ({ id, name: e.name, a: [...e.types].sort(), b: [...pb.get(id)!.types].sort() }))
    .sort((x, y) => x.name.localeCompare(y.name));
  return {
    between: a.ties.filter((t) => t.counterpart.id === b.id),
    shared,
    onlyA: pa.size - shared.length,
    onlyB: pb.size - shared.length,
  };
}

const ordinal = (n: number) => {
  const s = ["th", "st", "nd", "rd"];
  const v = n % 100;
  return `${n}${s[(v - 20) % 10] ?? s[v] ?? s[0]}`;
};

function kindOf(d: NodeDetail): string {
  return d.labels.includes("Partnership")
    ? `Partnership (${d.node.kind ?? "?"})`
    : (SECTOR_LABELS[d.node.sector as keyof typeof SECTOR_LABELS] ?? String(d.node.sector ?? ""));
}

/** The comparison's content, from the two nodes' details and their rankings (metric → id → rank, and totals). */
export function comparisonHtml(a: NodeDetail, b: NodeDetail, ranks: Ranking[]): Html {
  const ta = tiesOf(a);
  const tb = tiesOf(b);
  const c = compareTies({ id: a.node.id, ties: ta }, { id: b.node.id, ties: tb });
  const types = [...new Set([...ta, ...tb].map((t) => t.type))].sort();
  const count = (ties: Tie[], type: string) => ties.filter((t) => t.type === type).length;
  const row = (label: string | Html, x: string | number | Html, y: string | number | Html) =>
    html`<tr>
      <th scope="row">${label}</th>
      <td>${x}</td>
      <td>${y}</td>
    </tr>`;
  const rankText = (r: (typeof ranks)[number], id: string) =>
    r.rank.has(id) ? `${ordinal(r.rank.get(id)!)} of ${r.of}` : "not ranked";
  return html`<div class="compare" data-a="${a.node.id}" data-b="${b.node.id}">
    <table class="compare-table">
      <thead>
        <tr>
          <th></th>
          <th>${a.node.name}</th>
          <th>${b.node.name}</th>
        </tr>
      </thead>
      <tbody>
        ${row("Kind", kindOf(a), kindOf(b))} ${row("Based in", a.country?.name ?? "—", b.country?.name ?? "—")}
        ${row("Founded", a.node.founded ?? "—", b.node.founded ?? "—")} ${row("Ties", ta.length, tb.length)}
        ${types.map((t) => row(html`<span class="indent">${relName(t)}</span>`, count(ta, t), count(tb, t)))}
        ${row("Partners only this one has", c.onlyA, c.onlyB)}
        ${ranks.map(
          (r) =>
            html`<tr data-ranking="${r.metric}">
              <th scope="row">Rank by ${r.label}</th>
              <td>${rankText(r, a.node.id)}</td>
              <td>${rankText(r, b.node.id)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    <h3>Ties between them</h3>
    ${
      c.between.length
        ? html`<ul class="between">
            ${c.between.map(
              (t) =>
                html`<li>
                  ${t.direction === "out" ? a.node.name : b.node.name} →
                  ${t.direction === "out" ? b.node.name : a.node.name}: ${relName(t.type)}
                </li>`,
            )}
          </ul>`
        : html`<p>None recorded.</p>`
    }
    <h3>Shared partners <small>(${c.shared.length})</small></h3>
    ${
      c.shared.length
        ? html`<table class="shared">
            <thead>
              <tr>
                <th>Partner</th>
                <th>${a.node.acronym ?? a.node.name}'s tie</th>
                <th>${b.node.acronym ?? b.node.name}'s tie</th>
              </tr>
            </thead>
            <tbody>
              ${c.shared.map(
                (s) =>
                  html`<tr data-node="${s.id}">
                    <td>${s.name}</td>
                    <td>${s.a.join(", ")}</td>
                    <td>${s.b.join(", ")}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
        : html`<p>They share no partner.</p>`
    }
    <p class="note">Rankings are over the whole network (all datasets shown, no filter).</p>
  </div>`;
}

export type Ranking = { metric: string; label: string; of: number; rank: Map<string, number> };

/** The whole network's rankings by these measures (a measure that fails is left out). */
export async function rankings(metrics: readonly (readonly [string, string])[]): Promise<Ranking[]> {
  const all = await Promise.all(
    metrics.map(async ([metric, label]) => {
      try {
        const r = await api.centrality(metric);
        return { metric, label, of: r.results.length, rank: new Map(r.results.map((x) => [x.id, x.rank])) };
      } catch {
        return null;
      }
    }),
  );
  return all.filter((r) => r !== null);
}

/** How "Compare with…" asks for a comparison: at once here; through the view's state (and so the URL) once
 * panels/linked-dialogs.ts is attached. */
export const comparing = {
  request: (a: string, b: string): void => void openComparison(a, b),
};

/** Opens the comparison of two nodes in a dialog; `onClose` is called when it is closed. */
export async function openComparison(a: string, b: string, onClose?: () => void): Promise<void> {
  const dlg = dialog("Comparison", html`<div class="compare-box"><p>Loading…</p></div>`);
  dlg.classList.add("wide");
  dlg.dataset.compare = `${a},${b}`;
  if (onClose) dlg.addEventListener("close", onClose);
  const box = dlg.querySelector<HTMLElement>(".compare-box")!;
  try {
    const [da, db] = await Promise.all([api.node(a), api.node(b)]);
    dlg.querySelector("h2")!.textContent = `${da.node.name} compared with ${db.node.name}`;
    const ranks = await rankings(RANKINGS);
    render(box, comparisonHtml(da, db, ranks));
  } catch (e) {
    render(box, html`<p class="error">${e instanceof Error ? e.message : String(e)}</p>`);
  }
}

/** Adds "Compare with…" and its name picker to a node's details panel. */
export function decorateCompare(panel: HTMLElement, id: string): void {
  const box = document.createElement("div");
  box.className = "search compare-with";
  render(
    box,
    html`<input
        id="compare-with"
        type="search"
        placeholder="Compare with…"
        aria-label="Compare with another actor"
        autocomplete="off"
      />
      <ul id="compare-results" role="listbox" hidden></ul>`,
  );
  const anchor = panel.querySelector("#path-out");
  if (anchor) anchor.after(box);
  else panel.append(box);
  attachAutocomplete(box.querySelector<HTMLInputElement>("input")!, box.querySelector<HTMLUListElement>("ul")!, (hit) =>
    comparing.request(id, hit.id),
  );
}
